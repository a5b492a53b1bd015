package org.igdlab.runner.verdict;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.QemuOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.igdlab.runner.scenario.RegisterExpectation.EXACT;
import static org.igdlab.runner.scenario.RegisterExpectation.FIRMWARE_ALLOCATED;
import static org.igdlab.runner.scenario.RegisterExpectation.HOST;
import static org.igdlab.runner.scenario.RegisterExpectation.UNCHECKED;

/** GGC with x-igd-gms (an exact emulated value) and a firmware-written 0xC0 on Gen11+. */
class ExactGgcJudgeTest {

    static Host cfl;
    static Host adl;

    @BeforeAll
    static void load() throws Exception {
        var twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
        cfl = twin.host("cfl-01").orElseThrow();
        adl = twin.host("adl-01").orElseThrow();
    }

    static Expectation ggcExact(long value) {
        return new Expectation(new QemuOutcome.Starts(), List.of(), Set.of(), UNCHECKED, UNCHECKED, UNCHECKED, EXACT,
                OptionalLong.of(value), List.of("gms-valid-gen9-12"), List.of("igd-model.md §2.5"), Map.of());
    }

    static Observation ggc(long value) {
        return new Observation(true, "", Optional.of(new IgdRegisters(OptionalLong.of(0), OptionalLong.of(0),
                OptionalLong.of(0), OptionalLong.of(value))));
    }

    @Test
    void anOverriddenGgcPassesOnlyWithTheExactValue() {
        // cfl-01 host GGC 0x02c1; x-igd-gms=0x10 on gen 9 sets bits 15:8
        assertThat(Judge.judge(ggcExact(0x10c1), ggc(0x10c1), cfl)).isInstanceOf(Verdict.Passed.class);

        Verdict hostValue = Judge.judge(ggcExact(0x10c1), ggc(0x02c1), cfl);
        assertThat(((Verdict.Failed) hostValue).mismatches()).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("0x50 (GGC)");
            assertThat(m.explanation()).contains("expected 0x50: emulated 0x10c1", "observed 0x02c1",
                    "which is the host value (not overridden)", "igd-model.md §2.5");
        });
    }

    @Test
    void anExactExpectationNeedsItsValueAndOnlyGgcCanBeExact() {
        assertThatThrownBy(() -> new Expectation(new QemuOutcome.Starts(), List.of(), Set.of(), UNCHECKED, UNCHECKED,
                UNCHECKED, EXACT, List.of(), List.of(), Map.of())).hasMessageContaining("disagree");
        assertThatThrownBy(() -> new Expectation(new QemuOutcome.Starts(), List.of(), Set.of(), EXACT, UNCHECKED,
                UNCHECKED, HOST, List.of(), List.of(), Map.of())).hasMessageContaining("only ggc can be exact");
    }

    @Test
    void aFirmwareAllocatedQwordBdsmIsJudgedAt0xC0() {
        Expectation e = new Expectation(new QemuOutcome.Starts(), List.of(), Set.of(), UNCHECKED, HOST,
                FIRMWARE_ALLOCATED, HOST, List.of("dxe-gen11-12-bdsm64-at-02"), List.of("igd-model.md §4.2"), Map.of());
        Observation written = new Observation(true, "", Optional.of(new IgdRegisters(OptionalLong.empty(),
                OptionalLong.of(0), OptionalLong.of(0x7b000000L), OptionalLong.of(0xfec1))));
        Observation unwritten = new Observation(true, "", Optional.of(new IgdRegisters(OptionalLong.empty(),
                OptionalLong.of(0), OptionalLong.of(0), OptionalLong.of(0xfec1))));

        assertThat(Judge.judge(e, written, adl)).isInstanceOf(Verdict.Passed.class);
        assertThat(((Verdict.Failed) Judge.judge(e, unwritten, adl)).mismatches()).singleElement()
                .satisfies(m -> assertThat(m.explanation()).contains("0xC0", "so no firmware wrote it"));
    }
}
