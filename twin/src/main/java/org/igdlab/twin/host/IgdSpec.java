package org.igdlab.twin.host;

/** The IGD of a host as the inventory describes it; bdsm64 is null when the host has none. */
public record IgdSpec(String bdf, int deviceId, int classCode, int revision, boolean shadowRom, int ggc, long bdsm,
                      Long bdsm64, long asls) {
    public IgdSpec {
        if (bdf == null || !bdf.matches("^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]$")) throw new IllegalArgumentException("igd.bdf (" + bdf + ") must look like 0000:00:02.0");
        if (deviceId < 0 || deviceId > 0xffff) throw new IllegalArgumentException("igd.device-id (" + deviceId + ") must be 16 bits");
        if (classCode < 0 || classCode > 0xffffff) throw new IllegalArgumentException("igd.class (" + classCode + ") must be 24 bits");
    }
}
