package org.igdlab.runner.run;

import java.time.Duration;

/**
 * How long each part of a cell may take. Every blocking call inside a cell gets what remains of
 * the cell's budget or its own step budget, whichever ends first.
 *
 * @param connect   SSH connect, authenticate and deploy the agent
 * @param hostStep  one agent verb (facts, bind, launch, stop, collect)
 * @param qmp       from launch until QMP answers
 * @param guestBoot from QMP until the guest agent answers
 * @param probe     one guest probe
 * @param cell      the whole cell, teardown included
 */
public record RunBudgets(Duration connect, Duration hostStep, Duration qmp, Duration guestBoot, Duration probe,
                         Duration cell) {

    public RunBudgets {
        for (Duration d : new Duration[] {connect, hostStep, qmp, guestBoot, probe, cell}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every budget must be positive, got " + d);
            }
        }
    }

    /** Budgets for real hardware: a guest may take minutes to boot with a real IGD. */
    public static RunBudgets defaults() {
        return new RunBudgets(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMinutes(10));
    }
}
