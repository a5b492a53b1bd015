package org.igdlab.runner.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokenStreakTest {

    @Test
    void theSecondBrokenCellInARowOnAHostQuarantinesIt() {
        BrokenStreak streak = new BrokenStreak();
        assertThat(streak.record("hsw-01", true)).isFalse();
        assertThat(streak.record("hsw-01", true)).isTrue();
    }

    @Test
    void aCellThatIsNotBrokenEndsTheStreak() {
        BrokenStreak streak = new BrokenStreak();
        streak.record("hsw-01", true);
        streak.record("hsw-01", false);
        assertThat(streak.record("hsw-01", true)).isFalse();
    }

    @Test
    void streaksAreCountedPerHost() {
        BrokenStreak streak = new BrokenStreak();
        streak.record("hsw-01", true);
        assertThat(streak.record("snb-01", true)).isFalse();
        assertThat(streak.record("hsw-01", true)).isTrue();
    }
}
