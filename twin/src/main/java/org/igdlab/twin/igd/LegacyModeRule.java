package org.igdlab.twin.igd;

/** Whether automatic/forced legacy mode's conditions hold (bands D/E, igd-model.md §2.3 step 5). */
final class LegacyModeRule {
    /** {@code newestGen}: 9 in 10.1+; 12 under the mutation legacy-allows-gen11-12 (10.0's range). */
    boolean holds(IgdAssignment a, int gen, long gmch, int newestGen) {
        boolean vgaClass = (a.host().classCode() >> 8) == 0x0300;
        boolean ivdClear = (gmch & 0x2) == 0;
        return a.options().legacyMode() != OnOffAuto.OFF
                && vgaClass
                && gen >= 6 && gen <= newestGen
                && ivdClear
                && a.machine() == MachineFamily.PC_PIIX
                && a.atRootIgdSlot();
    }
}
