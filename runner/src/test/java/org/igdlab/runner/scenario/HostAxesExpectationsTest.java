package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.igdlab.runner.scenario.RegisterExpectation.FIRMWARE_ALLOCATED;
import static org.igdlab.runner.scenario.RegisterExpectation.HOST;
import static org.igdlab.runner.scenario.RegisterExpectation.UNCHECKED;
import static org.igdlab.runner.scenario.RegisterExpectation.ZERO;

/**
 * The host axes (host-class, hotplug, kernel bands, the IgdAssignmentDxe variants) in the cell
 * model and the oracle, the expected values written out by hand from igd-model.md §4.2, §5.1, §7.1.
 */
class HostAxesExpectationsTest {

    static Expectations oracle;
    static Inventory twin;

    @BeforeAll
    static void load() throws Exception {
        oracle = Expectations.load(Path.of("../scenarios/expectations.yaml"));
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    static Cell cell(String generation, String machine, String firmware, String mode, String... options) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        for (String o : options) {
            axes.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
        }
        return Cell.of(axes, "linux");
    }

    static Host host(String name) {
        return twin.host(name).orElseThrow();
    }

    static Expectation expect(String host, Cell cell) {
        return oracle.expect(cell, host(host));
    }

    // --- the cell model -------------------------------------------------------------------------

    @Test
    void aCellIdLeavesOutHostClassAndHotplugAtTheirDefaultsAndHasNoPlus() {
        assertThat(cell("coffee-lake", "pc", "seabios", "legacy", "host-class=vga", "hotplug=off").id())
                .isEqualTo("coffee-lake.pc.seabios.legacy");
        assertThat(cell("coffee-lake", "pc", "ovmf+igd-oprom-2018", "legacy", "host-class=display", "hotplug=on").id())
                .isEqualTo("coffee-lake.pc.ovmf-igd-oprom-2018.legacy.host-class-display.hotplug-on");
    }

    @Test
    void aCellRunsOnlyOnHostsOfItsGenerationAndIgdClass() {
        Cell vga = cell("coffee-lake", "pc", "seabios", "legacy");
        Cell display = cell("coffee-lake", "pc", "seabios", "legacy", "host-class=display");

        assertThat(List.of("cfl-01", "cfl-02", "cfl-dgpu-01", "tgl-dgpu-01")).filteredOn(h -> vga.runsOn(host(h)))
                .containsExactly("cfl-01", "cfl-02");
        assertThat(List.of("cfl-01", "cfl-02", "cfl-dgpu-01", "tgl-dgpu-01")).filteredOn(h -> display.runsOn(host(h)))
                .containsExactly("cfl-dgpu-01");
        assertThat(Cell.control("cfl-dgpu-01", host("cfl-dgpu-01").generation(), "pc", "seabios", "linux").runsOn(host("cfl-dgpu-01")))
                .as("a control cell assigns no IGD, so any class will do").isTrue();
    }

    @Test
    void theOptionRomIsDecidedByFirmwareVariantThenByRomfileEfi() {
        assertThat(OptionRom.of(cell("haswell", "q35", "ovmf", "upt"))).isEqualTo(OptionRom.NONE);
        assertThat(OptionRom.of(cell("haswell", "q35", "ovmf", "upt", "rom=romfile-efi"))).isEqualTo(OptionRom.CURRENT);
        assertThat(OptionRom.of(cell("haswell", "q35", "ovmf+igd-oprom-current", "upt"))).isEqualTo(OptionRom.CURRENT);
        assertThat(OptionRom.of(cell("haswell", "q35", "ovmf+igd-oprom-2018", "upt", "rom=romfile-efi")))
                .isEqualTo(OptionRom.ORIGINAL_2018);
        assertThat(OptionRom.ORIGINAL_2018.variant()).hasValue("igd-assignment-dxe-2018");
    }

    // --- host.kernel ----------------------------------------------------------------------------

    @Test
    void hostKernelComparesTheCellsKernelOrTheHostsBootedOneByMajorMinorBothEndsIncluded() throws Exception {
        Expectations rules = Expectations.parse("t.yaml", """
                version: 1
                rules:
                  - {id: all, cite: c, when: {}, expect: {qemu: starts, stderr: [], fw-cfg: [], asls: host, bdsm: host, bdsm64: host, ggc: host}}
                  - {id: band, cite: c, when: {host.kernel: ["4.6", "6.12"]}, expect: {asls: zero}}
                """);
        Host hsw = host("hsw-01");

        assertThat(rules.expect(cell("haswell", "pc", "seabios", "upt"), hsw).asls()).as("booted 6.16.3").isEqualTo(HOST);
        assertThat(rules.expect(cell("haswell", "pc", "seabios", "upt", "kernel=6.12.9-igdlab"), hsw).asls()).isEqualTo(ZERO);
        assertThat(rules.expect(cell("haswell", "pc", "seabios", "upt", "kernel=4.4.302-igdlab"), hsw).asls()).isEqualTo(HOST);
    }

    @Test
    void hostKernelRefusesAnUnquotedOrReversedRangeAtItsPlace() {
        assertThatThrownBy(() -> Expectations.parse("t.yaml", """
                version: 1
                rules:
                  - {id: r, cite: c, when: {host.kernel: "6.15"}, expect: {asls: zero}}
                """)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("t.yaml:3:42: rules[0].when.host.kernel: expected a kernel range [min, max]");
        assertThatThrownBy(() -> Expectations.parse("t.yaml", """
                version: 1
                rules:
                  - {id: r, cite: c, when: {host.kernel: ["6.15", "5.10"]}, expect: {asls: zero}}
                """)).isInstanceOf(ScenarioException.class).hasMessageContaining("min ≤ max");
    }

    // --- the oracle: §7.1 rows ------------------------------------------------------------------

    @Test
    void aKernelWithoutIgdRegionsGivesNothingEvenWithLegacyModeForced() {
        Expectation e = expect("hsw-01", cell("haswell", "pc", "seabios", "legacy", "x-igd-legacy-mode=on",
                "x-igd-opregion=on", "kernel=4.4.302-igdlab"));

        assertThat(e.qemu()).isInstanceOf(QemuOutcome.Starts.class);
        assertThat(e.stderrPatterns()).isEmpty();
        assertThat(e.fwCfg()).isEmpty();
        assertThat(List.of(e.asls(), e.bdsm(), e.ggc())).containsOnly(HOST);
    }

    @Test
    void aDisplayClassIgdIsNotDetectedByQemu101WhateverTheKernel() {
        for (String kernel : List.of("default", "6.12.9-igdlab")) {
            Expectation e = expect("tgl-dgpu-01", cell("tiger-lake", "q35", "seabios", "upt", "host-class=display",
                    "x-igd-lpc=on", "kernel=" + kernel));

            assertThat(e.qemu()).as(kernel + ": the LPC step is never reached").isInstanceOf(QemuOutcome.Starts.class);
            assertThat(e.fwCfg()).isEmpty();
            assertThat(List.of(e.asls(), e.bdsm(), e.bdsm64(), e.ggc())).containsOnly(HOST);
        }
        assertThat(expect("tgl-dgpu-01", cell("tiger-lake", "q35", "seabios", "upt", "host-class=display")).rules())
                .contains("display-class-qemu-10-1").doesNotContain("display-class-kernel-before-6-15");
    }

    @Test
    void aHotplugCellExpectsTheWarningNoFwCfgAndHostRegisters() {
        Expectation e = expect("cfl-01", cell("coffee-lake", "pc", "seabios", "legacy", "hotplug=on", "x-igd-gms=0x41"));

        assertThat(e.qemu()).as("the x-igd-gms check is never reached").isInstanceOf(QemuOutcome.Starts.class);
        assertThat(e.stderrPatterns()).containsExactly(
                "warning: IGD device detected, but OpRegion is not supported on hotplugged device\\.");
        assertThat(e.fwCfg()).isEmpty();
        assertThat(List.of(e.asls(), e.bdsm(), e.ggc())).containsOnly(HOST);
    }

    @Test
    void the2018DriverAbortsOnAZeroBdsmSizeSoMeteorLakeKeepsAslsZero() {
        assertThat(expect("mtl-01", cell("meteor-lake", "q35", "ovmf+igd-oprom-2018", "upt")).asls()).isEqualTo(ZERO);
        assertThat(expect("mtl-01", cell("meteor-lake", "q35", "ovmf+igd-oprom-current", "upt")).asls())
                .isEqualTo(FIRMWARE_ALLOCATED);
    }

    @Test
    void the2018DriverWritesOnly0x5cSoGen12KeepsTheQwordAtZero() {
        Expectation e = expect("tgl-01", cell("tiger-lake", "pc", "ovmf+igd-oprom-2018", "legacy"));

        assertThat(e.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(e.bdsm()).isEqualTo(UNCHECKED);
        assertThat(e.bdsm64()).isEqualTo(ZERO);
        assertThat(expect("tgl-01", cell("tiger-lake", "pc", "ovmf+igd-oprom-current", "legacy")).bdsm64())
                .isEqualTo(FIRMWARE_ALLOCATED);
    }

    @Test
    void withoutTheOpRegionFileOnlyThe2018DriverStillWritesBdsm() {
        Expectation old = expect("cfl-01", cell("coffee-lake", "q35", "ovmf+igd-oprom-2018", "legacy", "x-igd-opregion=off"));
        Expectation current = expect("cfl-01", cell("coffee-lake", "q35", "ovmf+igd-oprom-current", "legacy", "x-igd-opregion=off"));

        assertThat(List.of(old.asls(), old.bdsm())).containsExactly(ZERO, FIRMWARE_ALLOCATED);
        assertThat(List.of(current.asls(), current.bdsm())).containsExactly(ZERO, ZERO);
    }

    @Test
    void anOptionRomVariantWithRombar0PassesQemusLegacyRomCheckButTheDriverNeverRuns() {
        // §2.3 step 5: "romfile set" is a ROM for legacy mode; rombar=0 hides it from OVMF (§4.1: stock OVMF)
        Expectation e = expect("cfl-01", cell("coffee-lake", "pc", "ovmf+igd-oprom-2018", "legacy", "rom=none"));

        assertThat(e.stderrPatterns()).contains("IGD legacy mode enabled").doesNotContain("Device has no ROM");
        assertThat(e.fwCfg()).containsExactlyInAnyOrder("igd-opregion", "igd-bdsm-size");
        assertThat(List.of(e.asls(), e.bdsm())).containsExactly(ZERO, ZERO);
    }

    @Test
    void anOptionRomVariantWithRombar0IsStockOvmf() {
        Expectation e = expect("cfl-01", cell("coffee-lake", "q35", "ovmf+igd-oprom-current", "legacy", "rom=none"));

        assertThat(List.of(e.asls(), e.bdsm())).containsExactly(ZERO, ZERO);
    }
}
