package org.igdlab.runner.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a journal says about each cell when a run is resumed: the cells that reached a final
 * outcome (never run again), the attempts each cell has used, and the attempts that started but
 * never finished because the runner stopped (recorded as broken, then the cell runs again).
 */
final class JournalReplay {

    static final String INTERRUPTED = "interrupted: the runner stopped";

    private final Map<String, CellOutcome> finals = new LinkedHashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final List<JournalEntry> interrupted = new ArrayList<>();

    private JournalReplay() {
    }

    /** A fresh run: nothing done yet. */
    static JournalReplay none() {
        return new JournalReplay();
    }

    static JournalReplay of(List<JournalEntry> entries) {
        JournalReplay replay = new JournalReplay();
        Map<String, JournalEntry> open = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            replay.attempts.merge(e.cellId(), e.attempt(), Math::max);
            String key = e.cellId() + "#" + e.attempt();
            if (e.event() == JournalEntry.Event.STARTED) {
                open.put(key, e);
                continue;
            }
            open.remove(key);
            if (e.last()) {
                replay.finals.put(e.cellId(), e.outcome().orElseThrow());
            }
        }
        open.values().stream().filter(e -> !replay.finals.containsKey(e.cellId())).forEach(replay.interrupted::add);
        return replay;
    }

    /** The final outcome of a cell that needs no more runs. */
    Optional<CellOutcome> finalOutcome(String cellId) {
        return Optional.ofNullable(finals.get(cellId));
    }

    /** Final outcomes in the order the journal recorded them. */
    List<CellOutcome> finals() {
        return List.copyOf(finals.values());
    }

    /** The highest attempt number the journal has for a cell (0: none). */
    int attemptsOf(String cellId) {
        return attempts.getOrDefault(cellId, 0);
    }

    /** Attempts that started and never finished: the runner stopped during them. */
    List<JournalEntry> interrupted() {
        return List.copyOf(interrupted);
    }
}
