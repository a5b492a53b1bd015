package org.igdlab.twin.guest;

import java.util.Optional;
import org.igdlab.twin.igd.IgdRegisters;

/**
 * The Windows Intel graphics driver's reaction to the IGD it is given (igd-model.md §5.4, §8 F8):
 * it stops the device with Code 43 (CM_PROB_FAILED_POST_START) when
 * <ol>
 * <li>there is no OpRegion/VBT: 0xFC is 0, or the host's address, which holds no OpRegion in the guest;</li>
 * <li>gen 9+ and the stolen-memory size field GMS is 0 (the driver unloads, QEMU 93587e3af3);</li>
 * <li>the stolen-memory size differs from what the host BIOS allocated (971ca22f04);</li>
 * <li>the stolen base is 0: BDSM (0x5C) never programmed, or on gen 11+ the 0xC0 qword never
 *     programmed (SeaBIOS writes only 0x5C).</li>
 * </ol>
 * Otherwise the adapter works ("OK"). Checks 2-4 apply where the stolen memory is in config space
 * (up to Gen12; Meteor Lake keeps it behind BAR2).
 */
final class WindowsIgdDriver {
    /** Device Manager's problem code for "Windows has stopped this device because it has reported problems." */
    static final int CODE_43 = 43;

    private WindowsIgdDriver() {
    }

    /** Why the driver stops the device, or empty when it starts. */
    static Optional<String> code43Cause(GuestIgd igd, long hostAsls, long hostGgc) {
        long asls = igd.asls();
        if (asls == 0) return Optional.of("no OpRegion: 0xFC is 0");
        if (asls == (hostAsls & 0xFFFFFFFFL)) return Optional.of("no OpRegion: 0xFC holds the host's address 0x" + Long.toHexString(asls));
        // Meteor Lake and later: no stolen memory in config space, the driver finds it behind BAR2
        if (!igd.configSpaceStolen()) return Optional.empty();
        if (igd.generation() >= 9 && igd.gms() == 0) return Optional.of("GMS is 0");
        long hostSize = GuestIgd.stolenSize(igd.generation(), hostGgc);
        if (igd.stolenSize() != hostSize) {
            return Optional.of("stolen memory " + igd.stolenSize() + " bytes, the host BIOS allocated " + hostSize);
        }
        if (igd.stolenBase() == 0) {
            return Optional.of((igd.generation() >= 11 ? "0x" + Integer.toHexString(IgdRegisters.BDSM64)
                    : "0x" + Integer.toHexString(IgdRegisters.BDSM)) + " (stolen base) is 0");
        }
        return Optional.empty();
    }
}
