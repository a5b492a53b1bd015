package org.igdlab.runner.scenario;

/** What a guest-visible IGD register should read (igd-model.md §7 notation). */
public enum RegisterExpectation {
    /** FWaddr: written by guest firmware; non-zero, below 4 GiB, aligned, not the host value. */
    FIRMWARE_ALLOCATED,
    /** EMU0 that nobody wrote: reads 0. */
    ZERO,
    /** Not emulated: reads what the inventory says the host has. */
    HOST,
    /** The model gives no checkable value (e.g. H4), or the register does not apply. */
    UNCHECKED,
    /**
     * Emulated with a value the oracle computes for the cell and host (GGC with {@code x-igd-gms}:
     * the host's GGC with the GMS field replaced, igd-model.md §2.5); the value is in the expectation.
     */
    EXACT;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
