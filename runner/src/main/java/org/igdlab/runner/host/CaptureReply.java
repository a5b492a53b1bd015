package org.igdlab.runner.host;

import java.util.Objects;

/** A frame the host's capture device recorded: where it is on the host, which device, and its bytes (a PPM). */
public record CaptureReply(String file, String device, byte[] ppm, AgentReply raw) {
    public CaptureReply {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(device, "device");
        ppm = ppm.clone();
        Objects.requireNonNull(raw, "raw");
    }

    @Override
    public byte[] ppm() {
        return ppm.clone();
    }
}
