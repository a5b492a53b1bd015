package org.igdlab.runner.verdict;

import java.util.Objects;
import java.util.Optional;

import org.igdlab.runner.guest.FwCfgFiles;
import org.igdlab.runner.guest.MemoryMap;
import org.igdlab.runner.guest.OpRegionHeader;

/**
 * What the deeper probes of one cell saw; each empty when the cell did not need that probe (no
 * firmware-allocated register, no lpc expectation) or the guest did not run.
 *
 * @param memoryMap      the guest's /sys/firmware/memmap
 * @param fwCfg          the guest's IGD fw_cfg files
 * @param opregionAtAsls the header of the guest memory at ASLS, read from the host through QMP
 * @param lpc            the guest's {@code lspci -n -s 00:1f.0} line (empty text: no function
 *                       there) and the host LPC bridge's {@code vendor:device}
 */
public record ProbeObservation(Optional<MemoryMap> memoryMap, Optional<FwCfgFiles> fwCfg,
                               Optional<OpRegionHeader> opregionAtAsls, Optional<Lpc> lpc) {

    /** 00:1f.0 as the guest and the host show it. */
    public record Lpc(String guestLine, Optional<String> hostId) {
        public Lpc {
            Objects.requireNonNull(guestLine, "guestLine");
            Objects.requireNonNull(hostId, "hostId");
        }
    }

    public ProbeObservation {
        Objects.requireNonNull(memoryMap, "memoryMap");
        Objects.requireNonNull(fwCfg, "fwCfg");
        Objects.requireNonNull(opregionAtAsls, "opregionAtAsls");
        Objects.requireNonNull(lpc, "lpc");
    }

    public static ProbeObservation none() {
        return new ProbeObservation(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
