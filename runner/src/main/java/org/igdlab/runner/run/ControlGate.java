package org.igdlab.runner.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;

/**
 * Decides whether a cell may run on its host: only after all of that host's control cells have
 * ended, and only if they all passed. A host that failed (or broke on) a control cell is not fit to
 * judge the product, so its later cells end {@link CellOutcome.Broken} without running, naming the
 * control cell and what went wrong with it.
 *
 * <p>This holds whatever order the parallel data provider's threads reach the cells in: a cell
 * waits for its host's control cells here, before it takes the host. That wait cannot starve the
 * control cells because every host's control cells come before its other cells in the row order
 * (RunContext), and the threads take rows in that order.
 */
final class ControlGate {

    static final String STEP = "control cell";

    /** One host's control cells: how many are still to end, and the first that did not pass. */
    private static final class HostControl {
        final List<String> cellIds;
        final CountDownLatch pending;
        volatile CellOutcome firstNotPassed;

        HostControl(List<String> cellIds) {
            this.cellIds = List.copyOf(cellIds);
            this.pending = new CountDownLatch(cellIds.size());
        }
    }

    private final Map<String, HostControl> hosts = new HashMap<>();
    private final Duration waitBound;

    /**
     * The gate of a run: a host's control cells run one after the other, each within {@code cellBudget},
     * so a cell waits at most that many budgets, and a minute more for the rest.
     */
    static ControlGate forRun(Plan plan, Duration cellBudget) {
        long mostPerHost = plan.cells().stream().filter(c -> c.cell().isControl())
                .collect(Collectors.groupingBy(c -> c.host().name(), Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElse(1);
        return new ControlGate(plan, cellBudget.multipliedBy(mostPerHost).plusMinutes(1));
    }

    /**
     * @param waitBound how long a cell waits for its host's control cells at most. Each control cell
     *                  is bounded by its own cell budget, so this only guards against a control cell
     *                  that never reports (a bug); it is a real-time wait for that reason
     */
    ControlGate(Plan plan, Duration waitBound) {
        this.waitBound = waitBound;
        Map<String, List<String>> control = new HashMap<>();
        for (PlannedCell c : plan.cells()) {
            if (c.cell().isControl()) {
                control.computeIfAbsent(c.host().name(), h -> new ArrayList<>()).add(c.cell().id());
            }
        }
        control.forEach((host, ids) -> hosts.put(host, new HostControl(ids)));
    }

    /**
     * Empty when {@code cell} may run now; else the outcome to report instead of running it. Waits
     * until the host's control cells have ended. A control cell itself always may run.
     */
    Optional<CellOutcome> admit(PlannedCell cell) {
        HostControl control = hosts.get(cell.host().name());
        if (cell.cell().isControl() || control == null) {
            return Optional.empty();
        }
        String host = cell.host().name();
        try {
            if (!control.pending.await(waitBound.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(broken(cell, "host " + host + ": its control cells " + control.cellIds
                        + " did not end within " + waitBound.toSeconds() + "s; not running this cell"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(broken(cell, "host " + host + ": interrupted while waiting for its control cells "
                    + control.cellIds));
        }
        CellOutcome failed = control.firstNotPassed;
        if (failed == null) {
            return Optional.empty();
        }
        return Optional.of(broken(cell, "host " + host + " failed its control cell " + failed.cellId() + ": "
                + why(failed)));
    }

    /**
     * Records how a cell ended; for a control cell this may open its host's gate. {@code outcome} is
     * null when the cell ended without one (it threw), which counts as not passed.
     */
    void ended(PlannedCell cell, CellOutcome outcome) {
        HostControl control = hosts.get(cell.host().name());
        if (!cell.cell().isControl() || control == null) {
            return;
        }
        if (!(outcome instanceof CellOutcome.Passed)) {
            synchronized (control) {
                if (control.firstNotPassed == null) {
                    control.firstNotPassed = outcome != null ? outcome : new CellOutcome.Broken(cell.cell().id(),
                            cell.host().name(), Duration.ZERO, "run", "the control cell ended without an outcome");
                }
            }
        }
        control.pending.countDown();
    }

    private static CellOutcome broken(PlannedCell cell, String message) {
        return new CellOutcome.Broken(cell.cell().id(), cell.host().name(), Duration.ZERO, STEP, message);
    }

    private static String why(CellOutcome outcome) {
        if (outcome instanceof CellOutcome.Broken b) {
            return b.status() + " at step '" + b.step() + "': " + b.message();
        }
        if (outcome instanceof CellOutcome.Failed f) {
            return f.status() + ": " + String.join("; ", f.mismatches());
        }
        if (outcome instanceof CellOutcome.Known k) {
            return k.status() + " (" + k.issueId() + "): " + String.join("; ", k.mismatches());
        }
        if (outcome instanceof CellOutcome.Skipped s) {
            return s.status() + ": " + s.reason();
        }
        return outcome.status();
    }
}
