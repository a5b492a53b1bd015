package org.igdlab.runner.qualify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.qemu.QemuCommandLine;
import org.igdlab.runner.scenario.Cell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    private static Inventory twin;

    @BeforeAll
    static void loadTheTwinInventory() throws Exception {
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    private static Candidates of(String... texts) {
        return new Candidates(java.util.Arrays.stream(texts).map(t -> Candidate.parse(t, twin.artifacts())).toList());
    }

    private static Host host(Inventory inventory, String name) {
        return inventory.host(name).orElseThrow();
    }

    @Test
    void aQemuCandidateIsWhatEveryCellsCommandLineStartsWith() {
        Inventory pinned = of("qemu=qemu-10.0.3").pin(twin);
        Cell cell = Cell.of(java.util.Map.of("generation", "coffee-lake", "machine", "pc", "firmware", "seabios",
                "mode", "upt"), "linux");
        for (Host h : pinned.hosts()) {
            List<String> argv = QemuCommandLine.build(cell, h, new org.igdlab.runner.qemu.CellPaths("/var/lib/igdlab/cells/x"));
            assertThat(argv.get(0)).as(h.name()).isEqualTo("/usr/local/qemu-10.0.3/bin/qemu-system-x86_64");
        }
        assertThat(host(twin, "cfl-01").installedOfKind("qemu").orElseThrow().artifact().name())
                .as("the loaded inventory is left as it was").isEqualTo("qemu-10.1.2");
    }

    @Test
    void theBuildsACandidateReplacesAreDroppedAndEverythingElseKept() {
        Host cfl = host(of("qemu=qemu-10.2.0").pin(twin), "cfl-01");
        assertThat(cfl.installed().keySet()).startsWith("qemu-10.2.0").doesNotContain("qemu-10.1.2", "qemu-10.0.3")
                .contains("seabios-1.17.0", "ovmf-edk2-stable202508", "ovmf-vars-edk2-stable202508", "guest-linux-debian13");
    }

    @Test
    void aSeaBiosCandidateReplacesOnlyTheSeaBiosOnItsSideOf110() {
        Host hsw = host(of("seabios=seabios-1.17.0").pin(twin), "hsw-01");
        assertThat(hsw.installed().keySet()).contains("seabios-1.17.0", "seabios-1.9.3");
        Host old = host(of("seabios=seabios-1.9.3").pin(twin), "hsw-01");
        assertThat(old.installed().keySet()).first().isEqualTo("seabios-1.9.3");
        assertThat(old.installed().keySet()).contains("seabios-1.17.0");
    }

    @Test
    void aHostWithoutTheCandidateIsNamed() {
        Candidates c = of("seabios=seabios-1.9.3");
        assertThat(c.missingOn(host(twin, "hsw-01"))).isEmpty();
        assertThat(c.missingOn(host(twin, "cfl-01"))).extracting(Candidate::toString).containsExactly("seabios=seabios-1.9.3");
    }

    @Test
    void anUnknownKindIsRefusedWithTheAllowedKinds() {
        assertThatThrownBy(() -> Candidate.parse("kernel=linux-6.16.3-igdlab", twin.artifacts()))
                .hasMessage("--candidate kernel=linux-6.16.3-igdlab: kind 'kernel' is not one of [qemu, seabios, ovmf, efi-oprom]");
    }

    @Test
    void anUnknownArtifactIsRefusedWithTheArtifactsOfItsKind() {
        assertThatThrownBy(() -> Candidate.parse("qemu=qemu-11.0.0", twin.artifacts()))
                .hasMessage("--candidate qemu=qemu-11.0.0: no qemu artifact 'qemu-11.0.0' in the artifacts catalogue;"
                        + " qemu artifacts: [qemu-10.1.2, qemu-10.2.0, qemu-10.0.3, qemu-9.2.4, qemu-8.2.7, qemu-5.0.1]");
        assertThatThrownBy(() -> Candidate.parse("ovmf=seabios-1.17.0", twin.artifacts()))
                .hasMessageContaining("no ovmf artifact 'seabios-1.17.0'").hasMessageContaining("[ovmf-edk2-stable202508]");
    }

    @Test
    void aCandidateWithoutKindIsRefusedWithAnExample() {
        assertThatThrownBy(() -> Candidate.parse("qemu-10.2.0", twin.artifacts()))
                .hasMessageContaining("must be KIND=ARTIFACT").hasMessageContaining("e.g. qemu=qemu-10.1.2");
    }

    @Test
    void twoCandidatesOfOneKindAreRefused() {
        assertThatThrownBy(() -> of("qemu=qemu-10.2.0", "qemu=qemu-10.0.3"))
                .hasMessageContaining("a second qemu candidate");
    }

    @Test
    void anOvmfCandidateNamesTheCodeImage() {
        assertThat(Candidate.parse("ovmf=ovmf-edk2-stable202508", twin.artifacts()).artifact().kind()).isEqualTo("ovmf-code");
    }
}
