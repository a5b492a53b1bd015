package org.igdlab.runner.qualify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.igdlab.runner.report.BaselineDiff;
import org.igdlab.runner.report.BaselineDiff.Change;
import org.igdlab.runner.report.RegressionConfirmation.Confirmation;
import org.junit.jupiter.api.Test;

class QualificationVerdictTest {

    private static Change regression(String cell, String host, Confirmation confirmation) {
        return new Change(cell, cell, host, "coffee-lake", "passed", host, "failed",
                "expected 0xFC: firmware-allocated; observed 0x8a3a4018", Optional.empty(), Optional.of(confirmation),
                confirmation.text());
    }

    private static Change cell(String cell, String host, String was, String now) {
        return new Change(cell, cell, host, "kaby-lake", was, host, now, now.equals("passed") ? "" : "message",
                now.equals("known") ? Optional.of("LP1882784") : Optional.empty(), Optional.empty(), "");
    }

    private static BaselineDiff diff(List<Change> regressions, List<Change> still, List<Change> fresh, List<Change> known,
                                     List<Change> broken) {
        return new BaselineDiff("base", "cand", regressions, List.of(), still, fresh, known, broken, List.of(), List.of());
    }

    @Test
    void aConfirmedRegressionIsNotQualifiedAndNamed() {
        QualificationVerdict v = QualificationVerdict.decide(diff(List.of(regression("coffee-lake.q35.seabios.upt", "cfl-01",
                Confirmation.CONFIRMED)), List.of(), List.of(), List.of(), List.of()));
        assertThat(v).isInstanceOf(QualificationVerdict.NotQualified.class);
        assertThat(((QualificationVerdict.NotQualified) v).regressions()).extracting(Change::cellId, Change::host)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("coffee-lake.q35.seabios.upt", "cfl-01"));
        assertThat(v.headline()).isEqualTo("NOT QUALIFIED: 1 regression(s)");
    }

    @Test
    void aRegressionWithoutASecondHostStillBlocks() {
        QualificationVerdict v = QualificationVerdict.decide(diff(List.of(regression("kaby-lake.pc.seabios.upt", "kbl-01",
                Confirmation.SINGLE_HOST)), List.of(), List.of(), List.of(), List.of()));
        assertThat(v).isInstanceOf(QualificationVerdict.NotQualified.class);
    }

    @Test
    void aRegressionThatPassedOnTheSecondHostDoesNotBlockButIsListed() {
        QualificationVerdict v = QualificationVerdict.decide(diff(List.of(regression("coffee-lake.pc.seabios.upt", "cfl-02",
                Confirmation.NOT_REPRODUCED)), List.of(), List.of(), List.of(), List.of()));
        assertThat(v).isInstanceOf(QualificationVerdict.Qualified.class);
        assertThat(v.notes()).anyMatch(n -> n.startsWith("not blocking: coffee-lake.pc.seabios.upt on cfl-02"));
    }

    @Test
    void knownIssuesOldFailuresAndNewCellsDoNotBlock() {
        QualificationVerdict v = QualificationVerdict.decide(diff(List.of(),
                List.of(cell("a", "cfl-02", "failed", "failed")), List.of(cell("b", "kbl-01", "absent", "failed")),
                List.of(cell("c", "adl-01", "passed", "known")), List.of()));
        assertThat(v).isInstanceOf(QualificationVerdict.Qualified.class);
        assertThat(v.headline()).isEqualTo("QUALIFIED");
        assertThat(v.notes()).hasSize(3);
    }

    @Test
    void aBrokenCellWithoutARegressionLeavesNoVerdict() {
        QualificationVerdict v = QualificationVerdict.decide(diff(List.of(), List.of(), List.of(), List.of(),
                List.of(cell("d", "icl-01", "passed", "broken"))));
        assertThat(v).isInstanceOf(QualificationVerdict.NoVerdict.class);
        assertThat(((QualificationVerdict.NoVerdict) v).reasons()).containsExactly("d on icl-01 broken: message");
    }

    @Test
    void aRegressionTheSecondHostGaveNoVerdictOnLeavesNoVerdict() {
        QualificationVerdict v = QualificationVerdict.decide(diff(List.of(regression("coffee-lake.pc.seabios.upt", "cfl-02",
                Confirmation.UNCONFIRMED)), List.of(), List.of(), List.of(), List.of()));
        assertThat(v).isInstanceOf(QualificationVerdict.NoVerdict.class);
    }

    @Test
    void aBlockingRegressionWinsOverLabFaults() {
        QualificationVerdict v = QualificationVerdict.decide(diff(List.of(regression("coffee-lake.q35.seabios.upt", "cfl-01",
                Confirmation.CONFIRMED)), List.of(), List.of(), List.of(), List.of(cell("d", "icl-01", "passed", "broken"))));
        assertThat(v).isInstanceOf(QualificationVerdict.NotQualified.class);
    }
}
