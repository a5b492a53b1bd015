package org.igdlab.runner.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CoveringArraysTest {

    @ParameterizedTest(name = "{0} at t={1} covers every coverable tuple in at most {2} rows (PICT default)")
    @CsvSource({
        "a_3p4.txt, 2, 12",
        "a_3p4.txt, 3, 33",
        "c_2p10.txt, 2, 8",
        "c_2p10.txt, 3, 19",
        "g_igd.txt, 2, 31",
        "g_igd.txt, 3, 137",
        "h_igd_constrained.txt, 2, 35",
        "h_igd_constrained.txt, 3, 129"})
    void coversEveryCoverableTupleWithinPictsDefaultRowCount(String file, int strength, int pictDefault) {
        PictModel model = Models.bundled(file);
        CoveringArray array = CoveringArrays.generate(model, strength, 0);

        CoverageReport report = CoverageCheck.check(model, strength, array.rows());

        assertThat(report.uncovered()).isEmpty();
        assertThat(report.violations()).isEmpty();
        assertThat(array.rows()).hasSizeLessThanOrEqualTo(pictDefault);
    }

    @Test
    void theSameSeedGivesTheSameRows() {
        PictModel model = Models.bundled("h_igd_constrained.txt");
        List<List<String>> first = CoveringArrays.generate(model, 2, 42).rows();
        List<List<String>> second = CoveringArrays.generate(model, 2, 42).rows();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void strengthOneCoversEveryValue() {
        PictModel model = Models.bundled("g_igd.txt");
        CoveringArray array = CoveringArrays.generate(model, 1, 0);
        assertThat(CoverageCheck.check(model, 1, array.rows()).complete()).isTrue();
        assertThat(array.rows()).hasSize(9);
    }

    @Test
    void rejectsAStrengthOutsideOneToSix() {
        PictModel model = Models.bundled("b_3p13.txt");
        assertThatThrownBy(() -> CoveringArrays.generate(model, 7, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("strength (7) must be one of 1, 2, 3, 4, 5, 6");
        assertThatThrownBy(() -> CoveringArrays.generate(model, 0, 0))
                .hasMessage("strength (0) must be one of 1, 2, 3, 4, 5, 6");
    }

    @Test
    void rejectsAStrengthAboveTheNumberOfParameters() {
        PictModel model = Models.bundled("a_3p4.txt");
        assertThatThrownBy(() -> CoveringArrays.generate(model, 5, 0))
                .hasMessage("strength (5) must not exceed the number of parameters (4) of a_3p4.txt");
    }

    @Test
    void rejectsConstraintsThatExcludeEveryRow() {
        PictModel model = PictModel.parse("m.txt", "a: 1, 2\nb: x, y\n[a] = 1;\n[a] = 2;\n");
        assertThatThrownBy(() -> CoveringArrays.generate(model, 2, 0))
                .hasMessage("m.txt: the constraints exclude every row");
    }

    @Test
    void printsAHeaderOfParameterNamesThenTabSeparatedRows() {
        PictModel model = PictModel.parse("m.txt", "a: 1, 2\nb-c: x, y\n");
        String tsv = CoveringArrays.generate(model, 2, 0).toTsv();
        assertThat(tsv.lines().toList()).hasSize(5).first().isEqualTo("a\tb-c");
        assertThat(tsv.lines().skip(1).toList()).containsExactlyInAnyOrder("1\tx", "1\ty", "2\tx", "2\ty");
    }
}
