package org.igdlab.runner.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.igdlab.runner.quarantine.BrokenStreak;
import org.igdlab.runner.quarantine.QuarantineEntry;
import org.igdlab.runner.quarantine.QuarantineFile;

/**
 * The quarantine as a run sees it: loaded from the inventory's state file at the start, a host
 * added the moment its broken streak reaches the limit (and written to the file at once, so a
 * later run knows), a host released when its health check passes.
 */
final class RunQuarantine {

    private final QuarantineFile file;
    private final Clock clock;
    private final PrintWriter out;
    private final BrokenStreak streak = new BrokenStreak();
    private final Map<String, QuarantineEntry> current;

    RunQuarantine(QuarantineFile file, Clock clock, PrintWriter out) throws IOException {
        this.file = file;
        this.clock = clock;
        this.out = out;
        this.current = new TreeMap<>(file.load());
    }

    synchronized Set<String> hosts() {
        return Set.copyOf(current.keySet());
    }

    synchronized Optional<QuarantineEntry> entry(String host) {
        return Optional.ofNullable(current.get(host));
    }

    /** Counts the outcome towards the host's broken streak, and quarantines the host when it is reached. */
    synchronized void record(CellOutcome outcome) {
        boolean broken = outcome instanceof CellOutcome.Broken;
        if (outcome instanceof CellOutcome.Broken b && b.quarantine().isPresent()) {
            streak.record(outcome.hostName(), true);
            if (!current.containsKey(outcome.hostName())) {
                quarantine(outcome.hostName(), b.quarantine().get());
            }
            return;
        }
        if (streak.record(outcome.hostName(), broken) && !current.containsKey(outcome.hostName())) {
            String message = ((CellOutcome.Broken) outcome).message().lines().findFirst().orElse("");
            quarantine(outcome.hostName(), BrokenStreak.LIMIT + " lab faults in a row, the last: " + message);
        }
    }

    synchronized void quarantine(String host, String reason) {
        QuarantineEntry entry = new QuarantineEntry(host, clock.instant(), reason);
        current.put(host, entry);
        try {
            file.quarantine(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the quarantine of " + host + " in " + file.path(), e);
        }
        synchronized (out) {
            out.printf("host %s quarantined: %s (it gets no more cells in this run; %s)%n", host, reason, file.path());
            out.flush();
        }
    }

    synchronized void release(String host) throws IOException {
        current.remove(host);
        file.release(host);
    }
}
