package org.igdlab.runner.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Expands a suite into its cells: the full product of its axes in suite order. */
final class CellProduct {
    private CellProduct() {
    }

    static List<Cell> of(Suite suite) {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : suite.axes().entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> row : rows) {
                for (String value : axis.getValue()) {
                    Map<String, String> r = new LinkedHashMap<>(row);
                    r.put(axis.getKey(), value);
                    next.add(r);
                }
            }
            rows = next;
        }
        List<Cell> cells = new ArrayList<>();
        for (Map<String, String> row : rows) {
            cells.add(Cell.of(row, suite.guest()));
        }
        return List.copyOf(cells);
    }
}
