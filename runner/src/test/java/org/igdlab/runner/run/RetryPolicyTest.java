package org.igdlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final List<String> HASWELLS = List.of("hsw-01", "hsw-02", "hsw-03");

    private static CellOutcome broken(String host) {
        return new CellOutcome.Broken("c", host, Duration.ZERO, "launch QEMU", "EOF");
    }

    @Test
    void aBrokenCellIsRetriedOnAnotherHostOfItsGeneration() {
        assertThat(RetryPolicy.retryOn(broken("hsw-01"), HASWELLS, Set.of("hsw-01"), Set.of(), 0)).contains("hsw-02");
    }

    @Test
    void aFailedOrPassedCellIsNeverRetried() {
        CellOutcome failed = new CellOutcome.Failed("c", "hsw-01", Duration.ZERO, List.of("0xFC wrong"));
        CellOutcome passed = new CellOutcome.Passed("c", "hsw-01", Duration.ZERO, List.of());
        assertThat(RetryPolicy.retryOn(failed, HASWELLS, Set.of("hsw-01"), Set.of(), 0)).isEmpty();
        assertThat(RetryPolicy.retryOn(passed, HASWELLS, Set.of("hsw-01"), Set.of(), 0)).isEmpty();
    }

    @Test
    void retriesAreBoundedToTwo() {
        assertThat(RetryPolicy.retryOn(broken("hsw-02"), HASWELLS, Set.of("hsw-01", "hsw-02"), Set.of(), 1)).contains("hsw-03");
        assertThat(RetryPolicy.retryOn(broken("hsw-03"), HASWELLS, Set.of("hsw-01", "hsw-02", "hsw-03"), Set.of(),
                RetryPolicy.MAX_RETRIES)).isEmpty();
    }

    @Test
    void quarantinedHostsAndTheHostThatJustBrokeAreNeverChosen() {
        assertThat(RetryPolicy.retryOn(broken("hsw-01"), HASWELLS, Set.of("hsw-01"), Set.of("hsw-02"), 0)).contains("hsw-03");
        assertThat(RetryPolicy.retryOn(broken("hsw-01"), HASWELLS, Set.of("hsw-01"), Set.of("hsw-02", "hsw-03"), 0)).isEmpty();
        assertThat(RetryPolicy.retryOn(broken("snb-01"), List.of("snb-01"), Set.of("snb-01"), Set.of(), 0)).isEmpty();
    }

    @Test
    void anUntriedHostIsPreferredButATriedOneIsBetterThanNone() {
        assertThat(RetryPolicy.retryOn(broken("hsw-02"), List.of("hsw-01", "hsw-02"), Set.of("hsw-01", "hsw-02"),
                Set.of(), 1)).contains("hsw-01");
    }

    @Test
    void aCellPlannedOnAQuarantinedHostStartsOnTheFirstHealthyHostOfItsGeneration() {
        assertThat(RetryPolicy.startOn("hsw-02", HASWELLS, Set.of())).contains("hsw-02");
        assertThat(RetryPolicy.startOn("hsw-01", HASWELLS, Set.of("hsw-01", "hsw-02"))).contains("hsw-03");
        assertThat(RetryPolicy.startOn("hsw-01", HASWELLS, Set.copyOf(HASWELLS))).isEmpty();
    }
}
