package org.igdlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class JournalReplayTest {

    private static final Instant T = Instant.parse("2026-12-07T18:00:00Z");

    private static CellOutcome passed(String cell, String host) {
        return new CellOutcome.Passed(cell, host, Duration.ofSeconds(1), List.of("ok"));
    }

    private static CellOutcome broken(String cell, String host) {
        return new CellOutcome.Broken(cell, host, Duration.ofSeconds(1), "connect", "reset");
    }

    @Test
    void aCellWithAFinalOutcomeIsDoneAndAStartedAttemptWithoutOneWasInterrupted() {
        JournalReplay replay = JournalReplay.of(List.of(
                JournalEntry.started("a", "kbl-01", 1, T),
                JournalEntry.started("b", "adl-01", 1, T),
                JournalEntry.finished(passed("a", "kbl-01"), 1, T, true),
                JournalEntry.started("c", "hsw-01", 1, T)));

        assertThat(replay.finalOutcome("a")).contains(passed("a", "kbl-01"));
        assertThat(replay.finalOutcome("b")).isEmpty();
        assertThat(replay.interrupted()).extracting(JournalEntry::cellId).containsExactly("b", "c");
        assertThat(replay.finals()).hasSize(1);
    }

    @Test
    void aBrokenAttemptThatWasToBeRetriedIsNotFinalAndCountsAsAnAttempt() {
        JournalReplay replay = JournalReplay.of(List.of(
                JournalEntry.started("a", "snb-01", 1, T),
                JournalEntry.finished(broken("a", "snb-01"), 1, T, false)));

        assertThat(replay.finalOutcome("a")).isEmpty();
        assertThat(replay.interrupted()).isEmpty();
        assertThat(replay.attemptsOf("a")).isEqualTo(1);
        assertThat(replay.attemptsOf("never-ran")).isZero();
    }

    @Test
    void aRetryInterruptedAfterABrokenAttemptIsInterruptedAtItsOwnAttemptNumber() {
        JournalReplay replay = JournalReplay.of(List.of(
                JournalEntry.started("a", "snb-01", 1, T),
                JournalEntry.finished(broken("a", "snb-01"), 1, T, false),
                JournalEntry.started("a", "snb-02", 2, T)));

        assertThat(replay.interrupted()).singleElement().satisfies(e -> {
            assertThat(e.host()).isEqualTo("snb-02");
            assertThat(e.attempt()).isEqualTo(2);
        });
        assertThat(replay.attemptsOf("a")).isEqualTo(2);
    }
}
