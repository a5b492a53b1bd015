package org.igdlab.runner.display;

import java.util.Map;
import java.util.Objects;

import org.igdlab.runner.guest.GuestProbes;
import org.igdlab.runner.host.CaptureReply;
import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.time.Deadline;

/**
 * The display check of a running cell: the guest's DRM connectors, one frame from the host's
 * capture device, and the judgement of both against the expectation. Anything that goes wrong
 * while observing (no capture device, an unreadable frame) is thrown: a lab fault, not a verdict.
 */
public final class DisplayCheck {
    /** The frame's name in the cell directory. */
    public static final String FRAME_NAME = "frame.ppm";

    private final GuestProbes guest;
    private final HostAgent host;

    public DisplayCheck(GuestProbes guest, HostAgent host) {
        this.guest = Objects.requireNonNull(guest, "guest");
        this.host = Objects.requireNonNull(host, "host");
    }

    /** What was seen and how it was judged; {@code png} is the frame for the report. */
    public record Result(DisplayObservation observation, String device, DisplayVerdict verdict) {
        public byte[] png() {
            return observation.frame().toPng();
        }
    }

    public Result run(String cellId, DisplayExpectation expectation, Deadline probeDeadline, Deadline captureDeadline)
            throws Exception {
        Map<String, String> connectors = guest.drmConnectors(probeDeadline);
        CaptureReply capture = host.capture(cellId, FRAME_NAME, captureDeadline);
        Frame frame;
        try {
            frame = Frame.fromPpm(capture.ppm());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("host " + host.hostName() + ": the frame " + capture.file() + " from "
                    + capture.device() + " is unreadable: " + e.getMessage(), e);
        }
        DisplayObservation observation = new DisplayObservation(connectors, frame);
        return new Result(observation, capture.device(), DisplayJudge.judge(expectation, observation));
    }
}
