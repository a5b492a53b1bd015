package org.igdlab.twin.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code dmar-storm} / {@code {dmar-storm: {lines: N}}} (N defaults to 500): every launch adds N
 * DMAR fault lines about the IGD to the host's dmesg, in the real kernel's format (igd-model.md
 * §8 F7): pairs of {@code DMAR: DRHD: handling fault status reg 3} and {@code DMAR: [DMA Read
 * NO_PASID] Request device [00:02.0] fault addr 0x… [fault reason 0x06] PTE Read access is not set},
 * with the fault address walking through the stolen-memory range page by page.
 */
public record DmarStorm(int lines) {
    public static final int DEFAULT_LINES = 500;
    /** Where the faulting reads start (a host DSM-like address, as in the realworld fixture). */
    private static final long FIRST_ADDRESS = 0xb4000000L;

    public DmarStorm {
        if (lines < 1 || lines > 1_000_000) throw new IllegalArgumentException("lines (" + lines + ") must be 1..1000000");
    }

    static DmarStorm read(FaultParameters p) {
        return new DmarStorm((int) p.number("lines", 1, DEFAULT_LINES));
    }

    /** The lines for a device at {@code shortBdf} ("00:02.0"), in the order the kernel prints them. */
    public List<String> lines(String shortBdf) {
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; out.size() < lines; i++) {
            out.add("DMAR: DRHD: handling fault status reg 3");
            if (out.size() < lines) {
                out.add(String.format("DMAR: [DMA Read NO_PASID] Request device [%s] fault addr 0x%x [fault reason 0x06] PTE Read access is not set",
                        shortBdf, FIRST_ADDRESS + i * 0x1000L));
            }
        }
        return out;
    }
}
