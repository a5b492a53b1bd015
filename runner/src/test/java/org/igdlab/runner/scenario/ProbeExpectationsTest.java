package org.igdlab.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The deeper probes' optional fields in scenarios/expectations.yaml (the wip-probes section, igd-model.md §2.5, §2.7). */
class ProbeExpectationsTest {

    static Cell cell(String generation, String machine, String mode, String lpc) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", "seabios");
        axes.put("mode", mode);
        axes.put("x-igd-lpc", lpc);
        return Cell.of(axes, "linux");
    }

    static ProbeExpectation probes(String host, Cell cell) {
        return ExpectationsTest.expect(host, cell).probes();
    }

    @Test
    void legacyModeAndXIgdLpcOnI440fxPutTheHostLpcIdsAt1f0() throws Exception {
        ExpectationsTest.load();
        assertThat(probes("cfl-01", cell("coffee-lake", "pc", "legacy", "default")).lpc()).isEqualTo(ProbeExpectation.Lpc.HOST_IDS);
        assertThat(probes("cfl-01", cell("coffee-lake", "pc", "upt", "on")).lpc()).isEqualTo(ProbeExpectation.Lpc.HOST_IDS);
        assertThat(probes("cfl-01", cell("coffee-lake", "pc", "upt", "default")).lpc()).isEqualTo(ProbeExpectation.Lpc.ABSENT);
        assertThat(probes("cfl-01", cell("coffee-lake", "pc", "upt", "default")).lpcSource()).contains("§2.7");
    }

    @Test
    void legacyThatFailsOnTheRomCheckCreatesNoLpcBridgeAndQ35IsNotJudged() throws Exception {
        ExpectationsTest.load();
        // kbl-01 booted UEFI: no ROM, automatic legacy returns before the LPC step (§2.3 step 12)
        assertThat(probes("kbl-01", cell("kaby-lake", "pc", "legacy", "on")).lpc()).isEqualTo(ProbeExpectation.Lpc.ABSENT);
        assertThat(probes("cfl-01", cell("coffee-lake", "q35", "upt", "default")).lpc()).isEqualTo(ProbeExpectation.Lpc.UNCHECKED);
    }

    @Test
    void everyCellOfTheOracleHasItsBdsmSizeFromGms() throws Exception {
        ExpectationsTest.load();
        ProbeExpectation p = probes("mtl-01", cell("meteor-lake", "q35", "upt", "default"));
        assertThat(p.bdsmSize()).isEqualTo(ProbeExpectation.BdsmSize.GMS);
        assertThat(p.bdsmSizeSource()).contains("§2.5");
    }

    @Test
    void aRuleWithoutTheFieldsLeavesThemUncheckedAndABadValueIsRefusedWithTheAllowedOnes() throws Exception {
        Expectations rules = Expectations.parse("r.yaml", """
                version: 1
                rules:
                  - id: r
                    cite: c
                    when: {}
                    expect: {qemu: starts, stderr: [], fw-cfg: [], asls: zero, bdsm: zero, bdsm64: zero, ggc: host}
                """);
        ExpectationsTest.load();
        var host = ExpectationsTest.twin.host("cfl-01").orElseThrow();
        assertThat(rules.expect(cell("coffee-lake", "pc", "legacy", "default"), host).probes())
                .isEqualTo(ProbeExpectation.unchecked());
        assertThatThrownBy(() -> Expectations.parse("t.yaml", """
                version: 1
                rules:
                  - id: r
                    cite: c
                    when: {}
                    expect: {lpc: host}
                """)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("expected one of [host-ids, absent, unchecked], found 'host'");
    }
}
