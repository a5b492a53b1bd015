package org.igdlab.runner.scenario;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which cells a suite runs. Coverage is checked here by brute force over the full product — not
 * with the coverage package's own checker — so a generator bug cannot hide behind its checker.
 */
class CellSelectionTest {

    static final Path RELEASE = Path.of("../scenarios/suites/release.yaml");

    /** Every t-tuple of axis values (as "axis=value" strings joined by '|') that one row has. */
    private static void tuples(List<String> names, Map<String, String> row, int t, int from, List<String> prefix,
                               Set<String> out) {
        if (prefix.size() == t) {
            out.add(String.join("|", prefix));
            return;
        }
        for (int i = from; i < names.size(); i++) {
            prefix.add(names.get(i) + "=" + row.get(names.get(i)));
            tuples(names, row, t, i + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** The t-tuples some allowed cell of the full product has: enumerate the product, drop excluded rows. */
    private static Set<String> coverableTuples(Suite suite, int t) {
        List<String> names = new ArrayList<>(suite.axes().keySet());
        Set<String> out = new HashSet<>();
        for (Map<String, String> row : CellSelection.product(suite.axes())) {
            boolean excluded = suite.constraints().stream().anyMatch(x ->
                    x.when().entrySet().stream().allMatch(w -> w.getValue().contains(row.get(w.getKey()))));
            if (!excluded) {
                tuples(names, row, t, 0, new ArrayList<>(), out);
            }
        }
        return out;
    }

    private static Set<String> coveredTuples(Suite suite, List<Cell> cells, int t) {
        List<String> names = new ArrayList<>(suite.axes().keySet());
        Set<String> out = new HashSet<>();
        cells.forEach(c -> tuples(names, c.axes(), t, 0, new ArrayList<>(), out));
        return out;
    }

    @Test
    void theReleasePlanCoversEveryAllowedPairAndNoExcludedCell() throws Exception {
        Suite release = SuiteLoader.load(RELEASE);
        List<Cell> cells = release.cells();

        assertThat(release.coverage()).isEqualTo(Coverage.PAIRWISE);
        Set<String> coverable = coverableTuples(release, 2);
        Set<String> covered = coveredTuples(release, cells, 2);
        assertThat(coverable).isNotEmpty();
        Set<String> missing = new HashSet<>(coverable);
        missing.removeAll(covered);
        assertThat(missing).as("pairs no cell has").isEmpty();
        // the one constraint: no EFI option ROM under SeaBIOS
        assertThat(cells).noneMatch(c -> c.axis("rom").equals("romfile-efi") && c.axis("firmware").equals("seabios"));
        assertThat(covered).doesNotContain("firmware=seabios|rom=romfile-efi");
        // far fewer than the product
        assertThat(cells.size()).isLessThan(100).isGreaterThanOrEqualTo(8 * 6);
    }

    @Test
    void aThreeWayPlanCoversEveryAllowedTriple() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("generation", List.of("sandy-bridge", "coffee-lake", "alder-lake"));
        axes.put("machine", List.of("pc", "q35"));
        axes.put("firmware", List.of("seabios", "ovmf"));
        axes.put("mode", List.of("legacy", "upt"));
        axes.put("x-igd-lpc", List.of("on", "off"));
        axes.put("rom", List.of("rombar", "none", "romfile-efi"));
        Exclusion efi = new Exclusion("efi-needs-ovmf", Map.of("rom", Set.of("romfile-efi"), "firmware", Set.of("seabios")),
                "SeaBIOS does not run an EFI ROM");
        Suite suite = new Suite("small", "", Coverage.THREE_WAY, "linux", axes, List.of(efi), List.of(), 7);

        List<Cell> cells = suite.cells();

        Set<String> missing = coverableTuples(suite, 3);
        missing.removeAll(coveredTuples(suite, cells, 3));
        assertThat(missing).as("triples no cell has").isEmpty();
        assertThat(cells).noneMatch(c -> efi.excludes(c.axes()));
        assertThat(cells.size()).isLessThan(suite.size());
    }

    @Test
    void theSameSuiteAndSeedGiveTheSameCells() throws Exception {
        assertThat(SuiteLoader.load(RELEASE).cells()).isEqualTo(SuiteLoader.load(RELEASE).cells());
    }

    @Test
    void aFullSuiteListsEachExcludedCellWithItsConstraintsReason() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("generation", List.of("coffee-lake"));
        axes.put("machine", List.of("pc", "q35"));
        axes.put("firmware", List.of("seabios", "ovmf"));
        axes.put("mode", List.of("upt"));
        axes.put("rom", List.of("rombar", "romfile-efi"));
        Exclusion efi = new Exclusion("efi-needs-ovmf", Map.of("rom", Set.of("romfile-efi"), "firmware", Set.of("seabios")),
                "SeaBIOS does not run an EFI ROM");
        Suite suite = new Suite("full", "", Coverage.FULL, "linux", axes, List.of(efi), List.of(), Suite.DEFAULT_SEED);

        CellSelection s = suite.select();

        assertThat(s.cells()).hasSize(6);
        assertThat(s.excluded()).extracting(x -> x.cell().id()).containsExactly(
                "coffee-lake.pc.seabios.upt.romfile-efi", "coffee-lake.q35.seabios.upt.romfile-efi");
        assertThat(s.excluded().get(0).reason()).isEqualTo("excluded by efi-needs-ovmf: SeaBIOS does not run an EFI ROM");
        assertThat(efi.matchingCells(suite.axes())).isEqualTo(2);
    }

    @Test
    void everyAlwaysIncludeAssignmentOfTheReleaseSuiteIsACell() throws Exception {
        Suite release = SuiteLoader.load(RELEASE);
        List<Cell> cells = release.cells();

        assertThat(release.alwaysInclude()).hasSize(6);
        for (Map<String, String> wanted : release.alwaysInclude()) {
            assertThat(cells).as("a cell with " + wanted).anyMatch(c ->
                    wanted.entrySet().stream().allMatch(e -> e.getValue().equals(c.axis(e.getKey()))));
        }
    }

    @Test
    void anAlwaysIncludeCellNoGeneratedCellHasIsAddedWithDefaultOptions() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("generation", List.of("sandy-bridge", "kaby-lake"));
        axes.put("machine", List.of("pc", "q35"));
        axes.put("firmware", List.of("seabios", "ovmf"));
        axes.put("mode", List.of("legacy", "upt"));
        axes.put("x-igd-lpc", List.of("on", "off", "default"));
        axes.put("x-igd-gms", List.of("0x2", "default"));
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("generation", "kaby-lake");
        wanted.put("machine", "q35");
        wanted.put("firmware", "ovmf");
        wanted.put("mode", "legacy");
        wanted.put("x-igd-lpc", "off");
        wanted.put("x-igd-gms", "0x2");
        Suite pairwise = new Suite("p", "", Coverage.PAIRWISE, "linux", axes, List.of(), List.of(wanted), 3);
        Suite partial = new Suite("q", "", Coverage.PAIRWISE, "linux", axes, List.of(),
                List.of(Map.of("generation", "kaby-lake", "machine", "q35")), 3);

        assertThat(pairwise.cells()).extracting(Cell::id).contains("kaby-lake.q35.ovmf.legacy.lpc-off.gms-0x2");
        assertThat(CellSelection.complete(partial, Map.of("generation", "kaby-lake", "machine", "q35")))
                .containsExactly(Map.entry("generation", "kaby-lake"), Map.entry("machine", "q35"),
                        Map.entry("firmware", "seabios"), Map.entry("mode", "legacy"),
                        Map.entry("x-igd-lpc", "default"), Map.entry("x-igd-gms", "default"));
    }
}
