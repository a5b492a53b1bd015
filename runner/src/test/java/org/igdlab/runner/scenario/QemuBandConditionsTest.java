package org.igdlab.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The oracle's conditions on the cell's QEMU build: {@code qemu-band} and {@code qemu-version}. */
class QemuBandConditionsTest {

    static Inventory twin;

    @BeforeAll
    static void load() throws Exception {
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    static final String RULES = """
            version: 1
            rules:
              - id: all
                cite: "test"
                when: {}
                expect: {qemu: starts, stderr: [], fw-cfg: [], asls: host, bdsm: host, bdsm64: host, ggc: host}
              - id: old
                cite: "old bands"
                when: {qemu-band: [A, B]}
                expect: {asls: zero}
              - id: c
                cite: "band C"
                when: {qemu-band: C}
                expect: {asls: firmware-allocated}
              - id: five-oh
                cite: "5.0.x"
                when: {qemu-version: ["5.0", "5.0"]}
                expect: {asls: unchecked}
            """;

    static Cell cell(String qemu) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", "sandy-bridge");
        axes.put("machine", "pc");
        axes.put("firmware", "seabios");
        axes.put("mode", "legacy");
        axes.put("qemu", qemu);
        return Cell.of(axes, "linux");
    }

    static RegisterExpectation asls(String qemu, Host host) throws Exception {
        return Expectations.parse("rules.yaml", RULES).expect(cell(qemu), host).asls();
    }

    @Test
    void aBandConditionHoldsForTheBuildTheCellRunsOnItsHost() throws Exception {
        Host snb = twin.host("snb-01").orElseThrow();
        assertThat(asls("qemu-8.2.7", snb)).isEqualTo(RegisterExpectation.ZERO);
        assertThat(asls("qemu-9.2.4", snb)).isEqualTo(RegisterExpectation.ZERO);
        assertThat(asls("qemu-10.0.3", snb)).isEqualTo(RegisterExpectation.FIRMWARE_ALLOCATED);
        // default: the host's first installed build, 10.1.2 (band D): none of the band rules
        assertThat(asls("default", snb)).isEqualTo(RegisterExpectation.HOST);
    }

    @Test
    void aDefaultCellFollowsTheBuildTheHostListsFirst() throws Exception {
        Host snb = twin.host("snb-01").orElseThrow();
        Map<String, String> installed = new LinkedHashMap<>();
        installed.put("qemu-10.0.3", snb.installed().get("qemu-10.0.3"));
        snb.installed().forEach(installed::putIfAbsent);
        assertThat(asls("default", snb.withInstalled(installed))).isEqualTo(RegisterExpectation.FIRMWARE_ALLOCATED);
    }

    @Test
    void aVersionRangeBoundTakesInEveryReleaseItsPartsPrefix() throws Exception {
        Host snb = twin.host("snb-01").orElseThrow();
        assertThat(asls("qemu-5.0.1", snb)).isEqualTo(RegisterExpectation.UNCHECKED);
        assertThat(asls("qemu-8.2.7", snb)).isEqualTo(RegisterExpectation.ZERO);
        Condition.QemuVersionIn range = new Condition.QemuVersionIn(VersionNumber.of(2, 7), VersionNumber.of(9, 1));
        assertThat(range.holds(cell("qemu-8.2.7"), snb)).isTrue();
        assertThat(range.holds(cell("qemu-9.2.4"), snb)).isFalse();
        assertThat(range.holds(cell("qemu-5.0.1"), snb)).isTrue();
    }

    @Test
    void aHostWithoutTheBuildIsInNoBand() {
        Host hsw = twin.host("hsw-01").orElseThrow();
        Map<String, String> axes = new LinkedHashMap<>(Map.of("generation", "haswell", "machine", "pc", "firmware", "seabios",
                "mode", "upt", "qemu", "qemu-8.2.7"));
        Cell c = Cell.of(axes, "linux");
        assertThat(new Condition.QemuBandIn(java.util.Set.of(QemuBand.values())).holds(c, hsw)).isFalse();
        assertThat(new Condition.QemuVersionIn(VersionNumber.of(0), VersionNumber.of(99)).holds(c, hsw)).isFalse();
    }

    @Test
    void refusesAnUnknownBandNamingTheBands() {
        String rules = RULES.replace("qemu-band: C", "qemu-band: F");
        assertThatThrownBy(() -> Expectations.parse("rules.yaml", rules)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("[A, B, C, D, E]").hasMessageContaining("'F'");
    }

    @Test
    void refusesAVersionRangeThatIsBackwardsOrNotVersions() {
        assertThatThrownBy(() -> Expectations.parse("r.yaml", RULES.replace("[\"5.0\", \"5.0\"]", "[\"9.2\", \"5.0\"]")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> Expectations.parse("r.yaml", RULES.replace("[\"5.0\", \"5.0\"]", "[\"5.0\", \"latest\"]")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("a range [min, max] of QEMU versions");
        assertThatThrownBy(() -> Expectations.parse("r.yaml", RULES.replace("[\"5.0\", \"5.0\"]", "\"5.0\"")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("a range [min, max] of QEMU versions");
    }
}
