package org.igdlab.lab.bench;

import java.util.List;

/** Cell times in milliseconds, for the tables: mean, median. */
record CellTimes(List<Long> millis) {

    CellTimes {
        millis = List.copyOf(millis);
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("cell times need at least one cell");
        }
    }

    double mean() {
        return millis.stream().mapToLong(Long::longValue).average().orElseThrow();
    }

    /** The middle value (the mean of the two middle ones for an even count). */
    double median() {
        List<Long> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
