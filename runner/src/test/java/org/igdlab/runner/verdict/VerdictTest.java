package org.igdlab.runner.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final Mismatch ASLS = new Mismatch("0xFC", "firmware-allocated", "0x00000000", "expected 0xFC …");
    private static final Mismatch FRAME = new Mismatch("display: OS output", "the guest console", "a black frame", "expected …");

    @Test
    void aPassedVerdictPlusNoMismatchesStaysPassedWithAllChecks() {
        Verdict v = new Verdict.Passed(List.of("QEMU started")).plus(List.of(), List.of("frame: the guest console"));

        assertThat(v).isEqualTo(new Verdict.Passed(List.of("QEMU started", "frame: the guest console")));
    }

    @Test
    void aDisplayMismatchFailsAPassedVerdict() {
        Verdict v = new Verdict.Passed(List.of("QEMU started")).plus(List.of(FRAME), List.of());

        assertThat(v).isEqualTo(new Verdict.Failed(List.of(FRAME), List.of("QEMU started")));
    }

    @Test
    void aFailedVerdictKeepsItsMismatchesFirst() {
        Verdict v = new Verdict.Failed(List.of(ASLS), List.of("QEMU started")).plus(List.of(FRAME), List.of("connectors"));

        assertThat(v).isEqualTo(new Verdict.Failed(List.of(ASLS, FRAME), List.of("QEMU started", "connectors")));
    }
}
