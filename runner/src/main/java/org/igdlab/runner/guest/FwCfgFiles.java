package org.igdlab.runner.guest;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The IGD fw_cfg files a Linux guest sees in {@code /sys/firmware/qemu_fw_cfg/by_name/etc/}
 * (igd-model.md §2.6): which exist, the 8-byte little-endian value of {@code igd-bdsm-size}, and
 * the header of {@code igd-opregion} (the host's OpRegion as the kernel presents it). {@code raw}
 * is the probes' output, kept for the report.
 */
public record FwCfgFiles(Set<String> igdFiles, OptionalLong bdsmSize, Optional<OpRegionHeader> opregion, String raw) {
    public static final String BDSM_SIZE = "igd-bdsm-size";
    public static final String OPREGION = "igd-opregion";

    public FwCfgFiles {
        igdFiles = Collections.unmodifiableSet(new LinkedHashSet<>(igdFiles));
        Objects.requireNonNull(bdsmSize, "bdsmSize");
        Objects.requireNonNull(opregion, "opregion");
        Objects.requireNonNull(raw, "raw");
    }
}
