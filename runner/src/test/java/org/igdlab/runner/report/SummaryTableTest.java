package org.igdlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.igdlab.runner.run.CellOutcome;
import org.igdlab.runner.run.RunResult;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    private static RunResult result(CellOutcome... outcomes) {
        return new RunResult("r1", "nightly", Path.of("reports/runs/r1"), Path.of("reports/runs/r1/allure-results"),
                Optional.empty(), List.of(outcomes));
    }

    @Test
    void countsEachHostsCellsByStatusAndTotalsThem() {
        String table = SummaryTable.render(result(
                new CellOutcome.Passed("a", "snb-01", Duration.ZERO, List.of()),
                new CellOutcome.Passed("b", "snb-01", Duration.ZERO, List.of()),
                new CellOutcome.Failed("c", "cfl-02", Duration.ZERO, List.of("expected 0xFC: firmware-allocated; observed 0x00000000")),
                new CellOutcome.Broken("d", "cfl-02", Duration.ZERO, "launch QEMU", "host=cfl-02 step='launch QEMU': lost")));

        // columns: passed failed known broken skipped total
        assertThat(table).containsPattern("snb-01\\s+2\\s+0\\s+0\\s+0\\s+0\\s+2")
                .containsPattern("cfl-02\\s+0\\s+1\\s+0\\s+1\\s+0\\s+2")
                .containsPattern("all\\s+2\\s+1\\s+0\\s+1\\s+0\\s+4");
    }

    @Test
    void listsEveryCellThatDidNotPassWithItsReason() {
        String table = SummaryTable.render(result(
                new CellOutcome.Passed("ok-cell", "snb-01", Duration.ZERO, List.of()),
                new CellOutcome.Failed("red-cell", "cfl-02", Duration.ZERO, List.of("expected 0xFC: firmware-allocated; observed 0x00000000")),
                new CellOutcome.Skipped("lonely-cell", "none", Duration.ZERO, "no host of generation lunar-lake")));

        assertThat(table).contains("FAILED  cfl-02     red-cell").contains("observed 0x00000000")
                .contains("SKIPPED none       lonely-cell").contains("no host of generation lunar-lake")
                .doesNotContain("ok-cell");
    }

    @Test
    void aFailedCellWithoutAMismatchIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new CellOutcome.Failed("c", "h", Duration.ZERO, List.of()))
                .hasMessageContaining("needs at least one mismatch");
    }

    @Test
    void countsKnownCellsApartAndNamesTheirIssue() {
        String table = SummaryTable.render(result(
                new CellOutcome.Known("k-cell", "kbl-01", Duration.ZERO, List.of("IGD device 0000:00:02.0 cannot support legacy mode"),
                        "LP1882784", "https://bugs.launchpad.net/qemu/+bug/1882784")));

        assertThat(table).containsPattern("kbl-01\\s+0\\s+0\\s+1\\s+0\\s+0\\s+1")
                .contains("KNOWN   kbl-01     k-cell").contains("known issue LP1882784 (https://bugs.launchpad.net/qemu/+bug/1882784)");
    }
}
