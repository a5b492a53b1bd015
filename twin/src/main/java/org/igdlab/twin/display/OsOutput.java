package org.igdlab.twin.display;

import org.igdlab.twin.igd.IgdRegisters;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * Whether the Linux guest's i915 lights the IGD's port (igd-model.md §5.3, §8 F1/F2): i915 finds
 * the VBT through the OpRegion at the address in ASLS (0xFC). With 0 it logs "ACPI OpRegion not
 * supported!", with the host's address "opregion signature mismatch"; either way it falls back to
 * built-in defaults and "outputs may be wrong or missing". The twin takes the strict reading:
 * without a VBT the guest registers no output connectors and the port stays dark.
 */
public final class OsOutput {
    private OsOutput() {
    }

    /** {@code igd} is the guest's view of the IGD after POST; null when the VM has none. */
    public static boolean vbtFound(PciConfigAccess igd, long hostAsls) {
        if (igd == null) return false;
        long asls = igd.read(IgdRegisters.ASLS, 4);
        return asls != 0 && asls != (hostAsls & 0xffffffffL);
    }
}
