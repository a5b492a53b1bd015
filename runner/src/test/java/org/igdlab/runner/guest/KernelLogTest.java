package org.igdlab.runner.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KernelLogTest {

    private static final String DMESG = """
            [    0.000000] Linux version 6.12.48+deb13-amd64 (debian-kernel@lists.debian.org)
            [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.12.48+deb13-amd64 root=/dev/vda1 ro quiet drm.debug=0x2
            [    0.000000] Reserving Intel graphics memory at [mem 0x7b800000-0x7d7fffff]

            [    1.180000] i915 0000:00:02.0: [drm:intel_opregion_setup [i915]] ACPI OpRegion not supported!
            """;

    @Test
    void readsTheLinesAndTheDrmDebugMaskOfTheCommandLine() {
        KernelLog log = KernelLog.parse(DMESG);

        assertThat(log.lines()).hasSize(4);
        assertThat(log.drmDebug()).hasValue(0x2);
        assertThat(log.driverDebug()).isTrue();
        assertThat(log.find(Pattern.compile("OpRegion not supported"))).endsWith("ACPI OpRegion not supported!");
        assertThat(log.find(Pattern.compile("signature mismatch"))).isNull();
    }

    @Test
    void aDecimalMaskCountsAsTheKernelReadsIt() {
        assertThat(KernelLog.parse("[0.0] Command line: ro drm.debug=6\n").drmDebug()).hasValue(6);
        assertThat(KernelLog.parse("[0.0] Command line: ro drm.debug=6\n").driverDebug()).isTrue();
        assertThat(KernelLog.parse("[0.0] Command line: ro drm.debug=0x4\n").driverDebug()).isFalse();
    }

    @Test
    void withoutDrmDebugOnTheCommandLineTheDriverDebugLinesAreNotLogged() {
        KernelLog log = KernelLog.parse("[0.0] Command line: ro quiet\n[1.0] i915 0000:00:02.0: [drm] Failed to find VBIOS tables (VBT)\n");

        assertThat(log.drmDebug()).hasValue(0);
        assertThat(log.driverDebug()).isFalse();
    }

    @Test
    void aLogWithoutItsCommandLineLeavesTheMaskUnknown() {
        KernelLog log = KernelLog.parse("[1.0] i915 0000:00:02.0: [drm] Failed to find VBIOS tables (VBT)\n");

        assertThat(log.drmDebug()).isEmpty();
        assertThat(log.driverDebug()).isFalse();
    }

    @Test
    void aParameterThatMerelyEndsInDrmDebugIsNotIt() {
        assertThat(KernelLog.parse("[0.0] Command line: ro xdrm.debug=0x2\n").driverDebug()).isFalse();
    }
}
