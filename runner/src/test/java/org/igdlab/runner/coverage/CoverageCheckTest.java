package org.igdlab.runner.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageCheckTest {

    @Test
    void reportsTheTuplesOfADeliberatelyRemovedRow() {
        PictModel model = Models.bundled("g_igd.txt");
        List<List<String>> rows = new ArrayList<>(CoveringArrays.generate(model, 2, 0).rows());
        assertThat(CoverageCheck.check(model, 2, rows).complete()).isTrue();

        rows.remove(rows.size() / 2);

        CoverageReport report = CoverageCheck.check(model, 2, rows);
        assertThat(report.complete()).isFalse();
        assertThat(report.uncovered()).isNotEmpty();
    }

    @Test
    void reportsARowThatBreaksAConstraint() {
        PictModel model = PictModel.parse("m.txt", "a: 1, 2\nb: x, y\nIF [a] = 1 THEN [b] = \"x\";\n");
        CoverageReport report = CoverageCheck.check(model, 2,
                List.of(List.of("1", "x"), List.of("1", "y"), List.of("2", "x"), List.of("2", "y")));
        assertThat(report.violations()).containsExactly(
                "row 2 [1, y] violates line 3: IF [a] = 1 THEN [b] = \"x\";");
        assertThat(report.uncovered()).isEmpty();
    }

    @Test
    void leavesImpossibleTuplesOutOfTheTarget() {
        PictModel model = PictModel.parse("m.txt", "a: 1, 2\nb: x, y\nIF [a] = 1 THEN [b] = \"x\";\n");
        CoverageReport report = CoverageCheck.check(model, 2,
                List.of(List.of("1", "x"), List.of("2", "x"), List.of("2", "y")));
        assertThat(report.coverableTuples()).isEqualTo(3);
        assertThat(report.complete()).isTrue();
    }

    @Test
    void reportsAValueTheModelDoesNotDeclareAndCountsNothingFromThatRow() {
        PictModel model = PictModel.parse("m.txt", "a: 1, 2\nb: x, y\n");
        CoverageReport report = CoverageCheck.check(model, 1, List.of(List.of("1", "x"), List.of("3", "y")));
        assertThat(report.violations()).containsExactly("row 2: '3' is not a value of a");
        assertThat(report.uncovered()).containsExactly("a=2", "b=y");
    }
}
