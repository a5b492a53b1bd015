package org.igdlab.runner.quarantine;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides when a host has broken often enough to be quarantined: two lab faults in a row on the
 * same host (design.md "Outcomes"). One broken cell can be the cell's own bad luck; a second in a
 * row says the host is the problem. Any cell that is not broken ends the streak.
 */
public final class BrokenStreak {

    /** Lab faults in a row that quarantine a host. */
    public static final int LIMIT = 2;

    private final Map<String, Integer> streaks = new HashMap<>();

    /** Records how a host's cell ended; true when this makes the host's streak reach {@link #LIMIT}. */
    public synchronized boolean record(String host, boolean broken) {
        if (!broken) {
            streaks.remove(host);
            return false;
        }
        return streaks.merge(host, 1, Integer::sum) == LIMIT;
    }
}
