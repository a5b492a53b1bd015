package org.igdlab.runner.verdict;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.QemuOutcome;
import org.igdlab.runner.scenario.RegisterExpectation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.igdlab.runner.scenario.RegisterExpectation.FIRMWARE_ALLOCATED;
import static org.igdlab.runner.scenario.RegisterExpectation.HOST;
import static org.igdlab.runner.scenario.RegisterExpectation.UNCHECKED;
import static org.igdlab.runner.scenario.RegisterExpectation.ZERO;

class JudgeTest {

    static Host cfl;
    static final String STDERR = "qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0: info: OpRegion detected on Intel display 3e92.\n";

    @BeforeAll
    static void load() throws Exception {
        cfl = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"))
                .host("cfl-01").orElseThrow();
    }

    static Expectation expectation(RegisterExpectation asls, RegisterExpectation bdsm) {
        return new Expectation(new QemuOutcome.Starts(), List.of("OpRegion detected on Intel display 3e92\\."),
                Set.of("igd-opregion", "igd-bdsm-size"), asls, bdsm, UNCHECKED, HOST,
                List.of("r"), List.of("igd-model.md §7.1"), Map.of());
    }

    static Observation guest(long asls, long bdsm) {
        return new Observation(true, STDERR, Optional.of(new IgdRegisters(OptionalLong.of(asls), OptionalLong.of(bdsm),
                OptionalLong.of(0), OptionalLong.of(0x02c1))));
    }

    static List<Mismatch> mismatches(Verdict v) {
        return v instanceof Verdict.Failed f ? f.mismatches() : List.of();
    }

    @Test
    void passesFirmwareAllocatedValuesAndListsWhatWasNotChecked() {
        Verdict v = Judge.judge(expectation(FIRMWARE_ALLOCATED, FIRMWARE_ALLOCATED), guest(0x7ffd9000L, 0x7e800001L), cfl);

        assertThat(v).isInstanceOf(Verdict.Passed.class);
        assertThat(((Verdict.Passed) v).checks()).anyMatch(c -> c.startsWith("0xC0 (BDSM, 64-bit): not checked"))
                .anyMatch(c -> c.startsWith("stderr contains"));
    }

    @Test
    void firmwareAllocatedRejectsZeroAndExplainsWhy() {
        List<Mismatch> m = mismatches(Judge.judge(expectation(FIRMWARE_ALLOCATED, UNCHECKED), guest(0, 0), cfl));

        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.subject()).isEqualTo("0xFC (ASLS)");
            assertThat(x.observed()).isEqualTo("0x00000000");
            assertThat(x.explanation()).isEqualTo("expected 0xFC: firmware-allocated, page-aligned below 4 GiB,"
                    + " ≠ host 0x8a3a4018; observed 0x00000000, so no firmware wrote it (igd-model.md §7.1)");
        });
    }

    @Test
    void firmwareAllocatedRejectsAnUnalignedAddress() {
        assertThat(mismatches(Judge.judge(expectation(FIRMWARE_ALLOCATED, FIRMWARE_ALLOCATED), guest(0x7ffd9018L, 0x7e880001L), cfl)))
                .extracting(Mismatch::explanation)
                .containsExactly(
                        "expected 0xFC: firmware-allocated, page-aligned below 4 GiB, ≠ host 0x8a3a4018; observed 0x7ffd9018, which is not page-aligned (igd-model.md §7.1)",
                        "expected 0x5C: firmware-allocated, 1 MiB-aligned below 4 GiB, ≠ host 0x8b800001; observed 0x7e880001, which is not 1 MiB-aligned (igd-model.md §7.1)");
    }

    @Test
    void firmwareAllocatedRejectsTheHostValue() {
        assertThat(mismatches(Judge.judge(expectation(FIRMWARE_ALLOCATED, FIRMWARE_ALLOCATED), guest(0x8a3a4000L, 0x8b800001L), cfl)))
                .extracting(Mismatch::subject).containsExactly("0x5C (BDSM)");
        assertThat(mismatches(Judge.judge(expectation(FIRMWARE_ALLOCATED, UNCHECKED), guest(0x8a3a4018L, 0), cfl)))
                .singleElement().extracting(Mismatch::explanation).asString().contains("not page-aligned");
    }

    @Test
    void firmwareAllocatedRejectsAnAddressAtOrAbove4GiB() {
        Expectation e = new Expectation(new QemuOutcome.Starts(), List.of(), Set.of(), UNCHECKED, UNCHECKED,
                FIRMWARE_ALLOCATED, HOST, List.of("r"), List.of("igd-model.md §7.1"), Map.of());
        Observation o = new Observation(true, "", Optional.of(new IgdRegisters(OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.of(0x1_0000_0001L), OptionalLong.of(0x02c1))));

        assertThat(mismatches(Judge.judge(e, o, cfl))).singleElement().extracting(Mismatch::explanation).asString()
                .contains("observed 0x0000000100000001, which is not below 4 GiB");
    }

    @Test
    void zeroAndHostCompareWithTheInventory() {
        Verdict ok = Judge.judge(expectation(ZERO, HOST), guest(0, 0x8b800001L), cfl);
        Verdict bad = Judge.judge(expectation(HOST, ZERO), guest(0, 0x8b800001L), cfl);

        assertThat(ok).isInstanceOf(Verdict.Passed.class);
        assertThat(mismatches(bad)).extracting(Mismatch::subject).containsExactly("0xFC (ASLS)", "0x5C (BDSM)");
    }

    @Test
    void qemuRefusingWhenItShouldStartIsAMismatchWithTheStderrTail() {
        Observation refused = new Observation(false, "qemu-system-x86_64: -device vfio-pci: vfio 0000:00:02.0: boom\n",
                Optional.empty());

        List<Mismatch> m = mismatches(Judge.judge(expectation(ZERO, ZERO), refused, cfl));

        assertThat(m.get(0).subject()).isEqualTo("QEMU");
        assertThat(m.get(0).explanation()).contains("expected QEMU to start", "vfio 0000:00:02.0: boom");
        assertThat(m).extracting(Mismatch::subject).contains("QEMU stderr").doesNotContain("0xFC (ASLS)");
    }

    @Test
    void aMissingStderrLineIsAMismatchNamingThePattern() {
        Observation o = new Observation(true, "nothing here", guest(0, 0).guest());

        assertThat(mismatches(Judge.judge(expectation(ZERO, ZERO), o, cfl))).singleElement()
                .satisfies(x -> assertThat(x.expected()).isEqualTo("/OpRegion detected on Intel display 3e92\\./"));
    }

    @Test
    void anExpectedRefusalPassesWhenTheMessageMatches() {
        Expectation e = new Expectation(new QemuOutcome.Refuses("doesn't support legacy mode"), List.of(), Set.of(),
                UNCHECKED, UNCHECKED, UNCHECKED, UNCHECKED, List.of("r"), List.of("c"), Map.of());

        assertThat(Judge.judge(e, new Observation(false, "device 3e92 (gen 9) doesn't support legacy mode", Optional.empty()), cfl))
                .isInstanceOf(Verdict.Passed.class);
        assertThat(Judge.judge(e, new Observation(true, "", Optional.empty()), cfl)).isInstanceOf(Verdict.Failed.class);
    }
}
