package org.igdlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.igdlab.runner.plan.Plan;
import org.junit.jupiter.api.Test;

class RunHandoffTest {

    private static RunContext context(String runId) {
        return new RunContext(runId, new Plan("s", List.of(), List.of()), Map.of(), Clock.systemUTC(), RunBudgets.defaults(),
                new RunContext.Recovery(null, null, null, null, JournalReplay.none(), null));
    }

    @Test
    void theCellsSeeTheRunWhileItsHandoffIsOpenAndNotAfter() {
        RunContext run = context("r1");
        try (RunHandoff ignored = RunHandoff.open(run)) {
            assertThat(RunHandoff.current()).isSameAs(run);
        }
        assertThatThrownBy(RunHandoff::current).hasMessageContaining("only inside a lab run");
    }

    @Test
    void aSecondRunInTheSameJvmIsRefusedNamingTheFirst() {
        try (RunHandoff ignored = RunHandoff.open(context("first"))) {
            assertThatThrownBy(() -> RunHandoff.open(context("second")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("first");
        }
    }
}
