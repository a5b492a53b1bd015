package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.igdlab.runner.qualify.QualificationVerdict;
import org.igdlab.runner.report.BaselineDiff;
import org.igdlab.runner.run.CellOutcome;
import org.igdlab.runner.run.RunResult;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    private static int exitOf(CellOutcome... outcomes) {
        return ExitCodes.of(new RunResult("r", "s", Path.of("r"), Path.of("r/a"), Optional.empty(), List.of(outcomes)));
    }

    private static final CellOutcome PASSED = new CellOutcome.Passed("a", "h", Duration.ZERO, List.of());
    private static final CellOutcome FAILED = new CellOutcome.Failed("b", "h", Duration.ZERO, List.of("m"));
    private static final CellOutcome BROKEN = new CellOutcome.Broken("c", "h", Duration.ZERO, "s", "m");
    private static final CellOutcome KNOWN = new CellOutcome.Known("e", "h", Duration.ZERO, List.of("m"), "LP1882784",
            "https://bugs.launchpad.net/qemu/+bug/1882784");
    private static final CellOutcome SKIPPED = new CellOutcome.Skipped("d", "none", Duration.ZERO, "r");

    @Test
    void aRunWhoseCellsAllPassedOrWereSkippedExitsZero() {
        assertThat(exitOf(PASSED, SKIPPED)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aFailedCellWinsOverLabFaults() {
        assertThat(exitOf(PASSED, BROKEN, FAILED)).isEqualTo(ExitCodes.CELLS_FAILED);
    }

    @Test
    void labFaultsAloneHaveTheirOwnExitStatus() {
        assertThat(exitOf(PASSED, BROKEN)).isEqualTo(ExitCodes.LAB_FAULTS);
    }

    @Test
    void knownIssuesAloneDoNotFailTheRun() {
        assertThat(exitOf(PASSED, KNOWN, SKIPPED)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aKnownIssueHidesNeitherAFailedCellNorALabFault() {
        assertThat(exitOf(KNOWN, FAILED)).isEqualTo(ExitCodes.CELLS_FAILED);
        assertThat(exitOf(KNOWN, BROKEN)).isEqualTo(ExitCodes.LAB_FAULTS);
    }

    @Test
    void qualifiedIsZeroNotQualifiedOneAndNoVerdictTheLabFaultStatus() {
        assertThat(ExitCodes.of(new QualificationVerdict.Qualified(List.of()))).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.of(new QualificationVerdict.NotQualified(List.of(new BaselineDiff.Change("c", "c", "h", "g",
                "passed", "h", "failed", "m", Optional.empty(), Optional.empty(), "")), List.of())))
                .isEqualTo(ExitCodes.CELLS_FAILED);
        assertThat(ExitCodes.of(new QualificationVerdict.NoVerdict(List.of("broken"), List.of()))).isEqualTo(ExitCodes.LAB_FAULTS);
    }
}
