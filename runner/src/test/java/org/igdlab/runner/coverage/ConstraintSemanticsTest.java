package org.igdlab.runner.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstraintSemanticsTest {

    private static final String PARAMS = "a: 1, 2, 3\nb: x, y\nc: on, off\n";

    private static boolean valid(PictModel model, int a, int b, int c) {
        return model.isValid(new int[] {a, b, c});
    }

    @Test
    void ifThenRestrictsOnlyRowsThatMeetTheCondition() {
        PictModel m = PictModel.parse("m.txt", PARAMS + "IF [a] = 1 THEN [b] = \"x\";");
        assertThat(valid(m, 0, 0, 0)).isTrue();
        assertThat(valid(m, 0, 1, 0)).isFalse();
        assertThat(valid(m, 1, 1, 0)).isTrue();
    }

    @Test
    void elseAppliesWhenTheConditionIsFalse() {
        PictModel m = PictModel.parse("m.txt", PARAMS + "IF [a] = 1 THEN [b] = \"x\" ELSE [b] <> \"x\";");
        assertThat(valid(m, 0, 0, 0)).isTrue();
        assertThat(valid(m, 1, 0, 0)).isFalse();
        assertThat(valid(m, 1, 1, 0)).isTrue();
    }

    @Test
    void inMatchesAnyListedValueAndNotNegatesIt() {
        PictModel m = PictModel.parse("m.txt", PARAMS + "IF [c] = \"on\" THEN NOT [a] IN {1, \"2\"};");
        assertThat(valid(m, 0, 0, 0)).isFalse();
        assertThat(valid(m, 1, 0, 0)).isFalse();
        assertThat(valid(m, 2, 0, 0)).isTrue();
        assertThat(valid(m, 0, 0, 1)).isTrue();
    }

    @Test
    void orNeedsOneSideAndAndBindsTighter() {
        PictModel m = PictModel.parse("m.txt", PARAMS
                + "IF [a] = 3 OR [b] = \"y\" AND [c] = \"off\" THEN [c] = \"off\" AND [b] = \"y\";");
        assertThat(valid(m, 2, 0, 1)).as("a=3 alone triggers").isFalse();
        assertThat(valid(m, 2, 1, 1)).isTrue();
        assertThat(valid(m, 0, 1, 0)).as("b=y without c=off does not trigger").isTrue();
    }

    @Test
    void parenthesesGroupAndUnconditionalConstraintsAlwaysHold() {
        PictModel m = PictModel.parse("m.txt", PARAMS + "NOT ([a] = 1 AND [c] = \"on\");\n[a] >= 2 OR [b] = \"x\";");
        assertThat(valid(m, 0, 0, 0)).isFalse();
        assertThat(valid(m, 0, 0, 1)).isTrue();
        assertThat(valid(m, 0, 1, 1)).isFalse();
        assertThat(valid(m, 1, 1, 1)).isTrue();
    }

    @Test
    void comparesTwoParametersAndIgnoresCaseOfStrings() {
        PictModel m = PictModel.parse("m.txt", "p: A, b\nq: a, B\n[p] <> [q];\n");
        assertThat(m.isValid(new int[] {0, 0})).isFalse();
        assertThat(m.isValid(new int[] {0, 1})).isTrue();
        assertThat(m.isValid(new int[] {1, 1})).isFalse();
    }

    @Test
    void anUnassignedParameterLeavesAConstraintUndecided() {
        PictModel m = PictModel.parse("m.txt", PARAMS + "IF [a] = 1 THEN [b] = \"x\";");
        Constraint c = m.constraints().get(0);
        assertThat(c.eval(new int[] {0, -1, -1})).isEqualTo(Truth.UNKNOWN);
        assertThat(c.eval(new int[] {1, -1, -1})).isEqualTo(Truth.TRUE);
        assertThat(c.eval(new int[] {-1, 0, -1})).isEqualTo(Truth.TRUE);
        assertThat(c.eval(new int[] {-1, 1, -1})).isEqualTo(Truth.UNKNOWN);
    }

    @Test
    void generatedRowsKeepTheConstraintsAndStillCoverEveryPossiblePair() {
        PictModel m = PictModel.parse("m.txt", PARAMS
                + "IF [a] = 1 THEN [b] = \"x\" ELSE [c] = \"off\";\nIF [b] = \"y\" THEN [a] IN {2};");
        CoveringArray array = CoveringArrays.generate(m, 2, 0);
        CoverageReport report = CoverageCheck.check(m, 2, array.rows());
        assertThat(report.violations()).isEmpty();
        assertThat(report.uncovered()).isEmpty();
        assertThat(array.rows()).noneMatch(r -> r.get(0).equals("1") && r.get(1).equals("y"));
        assertThat(array.rows()).anyMatch(r -> r.get(0).equals("1") && r.get(2).equals("on"));
    }
}
