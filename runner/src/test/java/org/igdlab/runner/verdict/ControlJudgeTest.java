package org.igdlab.runner.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ControlJudgeTest {

    /** The first 64 bytes of QEMU's stdvga at 00:02.0, as the guest's lspci -xxxx prints them (header rows only). */
    private static String dump(String firstRow) {
        return "00:02.0 VGA compatible controller: Device 1234:1111 (rev 02)\n"
                + firstRow + "\n"
                + "10: 08 00 00 fd 00 00 00 00 00 00 00 fe 00 00 00 00\n"
                + "20: 00 00 00 00 00 00 00 00 00 00 00 00 f4 1a 00 11\n"
                + "30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n";
    }

    private static Optional<ConfigSpace> device(String firstRow) {
        return LspciDump.parse(dump(firstRow)).stream().findFirst();
    }

    @Test
    void passesWhenTheGuestShowsTheEmulatedVgaWithAReadableHeader() {
        Verdict v = ControlJudge.judge(true, "", device("00: 34 12 11 11 07 00 00 00 02 00 00 03 00 00 00 00"));

        assertThat(v).isInstanceOf(Verdict.Passed.class);
        assertThat(((Verdict.Passed) v).checks()).contains("00:02.0 vendor 0x1234", "00:02.0 device 0x1111",
                "00:02.0 class 0x0300", "00:02.0 config header (0x00-0x3f) readable in the guest");
    }

    @Test
    void failsNamingTheVendorAndDeviceWhenSomethingElseSitsAt0002() {
        // an IGD where the emulated VGA should be: the control cell did not get the command line it asked for
        Verdict v = ControlJudge.judge(true, "", device("00: 86 80 92 3e 07 00 10 00 00 00 00 03 00 00 00 00"));

        assertThat(v).isInstanceOf(Verdict.Failed.class);
        assertThat(((Verdict.Failed) v).mismatches()).extracting(Mismatch::explanation).containsExactly(
                "expected the emulated VGA's vendor 0x1234 at 00:02.0; observed 0x8086",
                "expected the emulated VGA's device 0x1111 at 00:02.0; observed 0x3e92");
    }

    @Test
    void failsWhenQemuExitedQuotingItsStderr() {
        Verdict v = ControlJudge.judge(false, "qemu-system-x86_64: -drive file=/img.qcow2: Image is not in qcow2 format\n",
                Optional.empty());

        assertThat(((Verdict.Failed) v).mismatches()).singleElement().extracting(Mismatch::explanation).asString()
                .isEqualTo("expected QEMU to start the control VM; it exited. stderr tail: "
                        + "qemu-system-x86_64: -drive file=/img.qcow2: Image is not in qcow2 format");
    }

    @Test
    void failsWhenTheGuestShowsNoDeviceOrOnlyPartOfItsHeader() {
        assertThat(ControlJudge.judge(true, "", Optional.empty())).isInstanceOf(Verdict.Failed.class);

        Optional<ConfigSpace> partial = LspciDump.parse("00:02.0 VGA compatible controller: Device 1234:1111\n"
                + "00: 34 12 11 11 07 00 00 00 02 00 00 03 00 00 00 00\n").stream().findFirst();
        Verdict v = ControlJudge.judge(true, "", partial);

        assertThat(((Verdict.Failed) v).mismatches()).singleElement().extracting(Mismatch::explanation).asString()
                .contains("48 bytes missing, the first at 0x10");
    }
}
