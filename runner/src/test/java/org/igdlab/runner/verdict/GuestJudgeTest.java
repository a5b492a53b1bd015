package org.igdlab.runner.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.igdlab.runner.guest.KernelLog;
import org.igdlab.runner.guest.WindowsDisplay;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.scenario.GuestExpectation;
import org.igdlab.runner.scenario.GuestExpectation.WindowsStatus;
import org.junit.jupiter.api.Test;

/** The guest drivers' reactions, judged against lines computed here from igd-model.md §0 and §5.3. */
class GuestJudgeTest {
    private static final GuestExpectation.Log FOLLOWS = new GuestExpectation.Log(List.of(), List.of(), true, true);
    private static final long HOST_ASLS = 0x8a3a4018L;
    private static final String CMDLINE = "[    0.000000] Command line: ro console=ttyS0 drm.debug=0x2\n";
    private static final String I915 = "[    1.18] i915 0000:00:02.0: [drm:intel_opregion_setup [i915]] ";

    private static Optional<IgdRegisters> registers(long asls, long bdsm, long bdsm64, long ggc) {
        return Optional.of(new IgdRegisters(OptionalLong.of(asls), OptionalLong.of(bdsm), OptionalLong.of(bdsm64), OptionalLong.of(ggc)));
    }

    private static GuestJudge.Findings judge(String dmesg, Optional<IgdRegisters> regs, Generation gen) {
        return GuestJudge.judgeLog(FOLLOWS, "§5.3", KernelLog.parse(dmesg), regs, HOST_ASLS, gen);
    }

    @Test
    void aFirmwareOpRegionAndStolenMemoryGiveTheReservingLineWithTheRangeFromBdsmAndGms() {
        // Coffee Lake GGC 0x02c1: GMS (bits 15:8) = 2 → 2 × 32 MiB = 64 MiB; BDSM 0x5C = 0x7b800001 → base 0x7b800000
        String dmesg = CMDLINE + "[    0.000000] Reserving Intel graphics memory at [mem 0x7b800000-0x7f7fffff]\n"
                + I915 + "graphic opregion physical addr: 0x7fffe000\n";

        GuestJudge.Findings f = judge(dmesg, registers(0x7fffe000L, 0x7b800001L, 0, 0x02c1), Generation.COFFEE_LAKE);

        assertThat(f.mismatches()).isEmpty();
        assertThat(f.checks()).anyMatch(c -> c.contains("Reserving Intel graphics memory at [mem 0x7b800000-0x7f7fffff]"));
    }

    @Test
    void aReservingLineWithTheWrongSizeFailsNamingTheExpectedLine() {
        String dmesg = CMDLINE + "[    0.000000] Reserving Intel graphics memory at [mem 0x7b800000-0x7d7fffff]\n"
                + I915 + "graphic opregion physical addr: 0x7fffe000\n";

        GuestJudge.Findings f = judge(dmesg, registers(0x7fffe000L, 0x7b800001L, 0, 0x02c1), Generation.COFFEE_LAKE);

        assertThat(f.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("guest kernel log");
            assertThat(m.explanation()).contains("Reserving Intel graphics memory at [mem 0x7b800000-0x7f7fffff]").contains("§5.3");
        });
    }

    @Test
    void gen11ReadsTheQwordAt0xC0AndAZeroThereMeansNoReservingLine() {
        // Ice Lake, SeaBIOS: 0xC0 never written (0), 0x5C holds whatever went to the hardware
        String withLine = CMDLINE + "[    0.000000] Reserving Intel graphics memory at [mem 0x7b800000-0x7f7fffff]\n"
                + I915 + "graphic opregion physical addr: 0x7fffe000\n";

        GuestJudge.Findings f = judge(withLine, registers(0x7fffe000L, 0x7b800001L, 0, 0x02c1), Generation.ICE_LAKE);

        assertThat(f.mismatches()).singleElement().satisfies(m ->
                assertThat(m.explanation()).contains("expected no 'Reserving Intel graphics memory at [mem …]'").contains("0xC0 0x0"));
    }

    @Test
    void zeroAtFcMeansOpRegionNotSupportedAndNoVbt() {
        String good = CMDLINE + I915 + "graphic opregion physical addr: 0x0\n" + I915 + "ACPI OpRegion not supported!\n"
                + "[    1.21] i915 0000:00:02.0: [drm] Failed to find VBIOS tables (VBT)\n";
        assertThat(judge(good, registers(0, 0, 0, 0x02c1), Generation.COFFEE_LAKE).mismatches()).isEmpty();

        String missing = CMDLINE + I915 + "graphic opregion physical addr: 0x0\n" + I915 + "ACPI OpRegion not supported!\n";
        assertThat(judge(missing, registers(0, 0, 0, 0x02c1), Generation.COFFEE_LAKE).mismatches())
                .singleElement().satisfies(m -> assertThat(m.expected()).contains("[drm] Failed to find VBIOS tables (VBT)"));
    }

    @Test
    void theHostsAddressAtFcMeansASignatureMismatch() {
        String wrong = CMDLINE + I915 + "graphic opregion physical addr: 0x8a3a4018\n" + I915 + "ACPI OpRegion not supported!\n"
                + "[    1.21] i915 0000:00:02.0: [drm] Failed to find VBIOS tables (VBT)\n";

        GuestJudge.Findings f = judge(wrong, registers(HOST_ASLS, 0, 0, 0x02c1), Generation.COFFEE_LAKE);

        assertThat(f.mismatches()).extracting(Mismatch::expected).containsExactly("i915 'opregion signature mismatch' "
                + "(0xFC read 0x8a3a4018 (the host's OpRegion address, nothing there in the guest))");
    }

    @Test
    void aFirmwareOpRegionWithAMissingVbtFails() {
        String dmesg = CMDLINE + I915 + "graphic opregion physical addr: 0x7fffe000\n"
                + "[    1.21] i915 0000:00:02.0: [drm] Failed to find VBIOS tables (VBT)\n";

        assertThat(judge(dmesg, registers(0x7fffe000L, 0, 0, 0x02c1), Generation.COFFEE_LAKE).mismatches())
                .singleElement().satisfies(m -> assertThat(m.observed()).contains("Failed to find VBIOS tables"));
    }

    @Test
    void withoutDrmDebugTheDebugLinesAreNotJudgedButTheInfoLineIs() {
        String dmesg = "[0.0] Command line: ro quiet\n[1.21] i915 0000:00:02.0: [drm] Failed to find VBIOS tables (VBT)\n";

        GuestJudge.Findings f = judge(dmesg, registers(0, 0, 0, 0x02c1), Generation.COFFEE_LAKE);

        assertThat(f.mismatches()).isEmpty();
        assertThat(f.checks()).anyMatch(c -> c.contains("not judged") && c.contains("drm.debug"));
    }

    @Test
    void meteorLakeHasNoConfigSpaceStolenMemoryToJudge() {
        String dmesg = CMDLINE + I915 + "graphic opregion physical addr: 0x7fffe000\n";

        GuestJudge.Findings f = judge(dmesg, registers(0x7fffe000L, 0, 0, 0), Generation.METEOR_LAKE);

        assertThat(f.mismatches()).isEmpty();
        assertThat(f.checks()).anyMatch(c -> c.contains("stolen-memory line not judged"));
    }

    @Test
    void presentAndAbsentRegexesAreLookedForInEveryLine() {
        GuestExpectation.Log exp = new GuestExpectation.Log(List.of("Failed to find VBIOS"), List.of("conflict detected with stolen"),
                false, false);
        KernelLog log = KernelLog.parse(CMDLINE + "[1.0] i915 0000:00:02.0: [drm] *ERROR* conflict detected with stolen region: [mem 0x1]\n");

        GuestJudge.Findings f = GuestJudge.judgeLog(exp, "F14", log, Optional.empty(), HOST_ASLS, Generation.KABY_LAKE);

        assertThat(f.mismatches()).extracting(Mismatch::expected)
                .containsExactly("/Failed to find VBIOS/", "no /conflict detected with stolen/");
    }

    private static WindowsDisplay windows(String status, int code, boolean monitor) {
        return new WindowsDisplay(
                List.of(new WindowsDisplay.Adapter("Intel(R) UHD Graphics 630", "PCI\\VEN_8086&DEV_3E92&SUBSYS_00000000&REV_00", status, code)),
                List.of(), monitor ? List.of(new WindowsDisplay.Monitor("DISPLAY\\IGD0001", true, "IGDLAB CAPTURE")) : List.of());
    }

    @Test
    void aCode43AdapterPassesACode43ExpectationAndFailsAnOkOne() {
        assertThat(GuestJudge.judgeWindows(WindowsStatus.CODE43, "F8", windows("Error", 43, false), false).mismatches()).isEmpty();

        GuestJudge.Findings f = GuestJudge.judgeWindows(WindowsStatus.OK, "§5.4", windows("Error", 43, false), false);
        assertThat(f.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.observed()).isEqualTo("status Error, problem code 43");
            assertThat(m.explanation()).contains("Code 43").contains("§5.4");
        });
    }

    @Test
    void aWorkingAdapterOnAHostWithAMonitorNeedsAnActiveMonitor() {
        assertThat(GuestJudge.judgeWindows(WindowsStatus.OK, "§5.4", windows("OK", 0, true), true).mismatches()).isEmpty();
        assertThat(GuestJudge.judgeWindows(WindowsStatus.OK, "§5.4", windows("OK", 0, false), false).mismatches()).isEmpty();
        assertThat(GuestJudge.judgeWindows(WindowsStatus.OK, "§5.4", windows("OK", 0, false), true).mismatches())
                .extracting(Mismatch::subject).containsExactly("Windows monitors");
        assertThat(GuestJudge.judgeWindows(WindowsStatus.CODE43, "F8", windows("OK", 0, true), true).mismatches())
                .extracting(Mismatch::subject).containsExactly("Windows display adapter");
    }

    @Test
    void noIntelAdapterFailsWhateverWasExpectedAndUncheckedJudgesNothing() {
        WindowsDisplay none = new WindowsDisplay(List.of(), List.of(), List.of());
        assertThat(GuestJudge.judgeWindows(WindowsStatus.CODE43, "F8", none, false).mismatches())
                .singleElement().satisfies(m -> assertThat(m.observed()).isEqualTo("no Intel display adapter"));
        assertThat(GuestJudge.judgeWindows(WindowsStatus.UNCHECKED, "-", none, true).mismatches()).isEmpty();
        assertThat(GuestJudge.judgeWindows(WindowsStatus.UNCHECKED, "-", none, true).checks()).isEmpty();
    }
}
