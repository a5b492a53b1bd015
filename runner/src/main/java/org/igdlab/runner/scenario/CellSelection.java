package org.igdlab.runner.scenario;

import org.igdlab.runner.coverage.CoveringArray;
import org.igdlab.runner.coverage.CoveringArrays;
import org.igdlab.runner.coverage.PictModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cells a suite runs, and for the full product the cells its constraints exclude.
 *
 * <p>{@code full}: the product in suite order (first axis slowest), minus excluded cells.
 * {@code pairwise} / {@code 3-way}: a covering array from {@link CoveringArrays} over the suite's
 * axes with its constraints as PICT constraints, for the suite's fixed seed, sorted in product
 * order. Then each {@code always-include} assignment that no cell matches yet is added, completed
 * with the first allowed combination of the other axes in product order, option axes at their
 * default value when the suite lists it.
 *
 * @param excluded the excluded cells of the full product ({@code full} only; a t-way plan never
 *                 enumerates the product, its constraints say what is excluded)
 */
public record CellSelection(List<Cell> cells, List<ExcludedCell> excluded) {
    public CellSelection {
        cells = List.copyOf(cells);
        excluded = List.copyOf(excluded);
    }

    static CellSelection of(Suite suite) {
        List<Map<String, String>> rows;
        List<ExcludedCell> excluded = new ArrayList<>();
        if (suite.coverage() == Coverage.FULL) {
            rows = new ArrayList<>();
            for (Map<String, String> row : product(suite.axes())) {
                Exclusion by = excludedBy(suite, row);
                if (by == null) {
                    rows.add(row);
                } else {
                    excluded.add(new ExcludedCell(Cell.of(row, suite.guest()), by));
                }
            }
        } else {
            rows = tway(suite);
        }
        Set<String> ids = new LinkedHashSet<>();
        List<Cell> cells = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Cell c = Cell.of(row, suite.guest());
            if (ids.add(c.id())) {
                cells.add(c);
            }
        }
        for (Map<String, String> wanted : suite.alwaysInclude()) {
            if (cells.stream().anyMatch(c -> matches(c.axes(), wanted))) {
                continue;
            }
            Cell c = Cell.of(complete(suite, wanted), suite.guest());
            if (ids.add(c.id())) {
                cells.add(c);
            }
        }
        return new CellSelection(cells, excluded);
    }

    /** The constraint that excludes {@code row}, or null. */
    static Exclusion excludedBy(Suite suite, Map<String, String> row) {
        for (Exclusion x : suite.constraints()) {
            if (x.excludes(row)) {
                return x;
            }
        }
        return null;
    }

    /** The suite as a PICT model: one parameter per axis (suite order), one constraint per exclusion. */
    static PictModel pictModel(Suite suite) {
        StringBuilder text = new StringBuilder();
        suite.axes().forEach((axis, values) -> text.append(axis).append(": ")
                .append(String.join(", ", values)).append('\n'));
        for (Exclusion x : suite.constraints()) {
            text.append("# ").append(x.id()).append('\n').append(x.toPict()).append('\n');
        }
        return PictModel.parse("suite " + suite.name(), text.toString());
    }

    private static List<Map<String, String>> tway(Suite suite) {
        PictModel model = pictModel(suite);
        int strength = Math.min(suite.coverage().strength(), suite.axes().size());
        CoveringArray array = CoveringArrays.generate(model, strength, suite.seed());
        List<String> names = new ArrayList<>(suite.axes().keySet());
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : array.rows()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), r.get(i));
            }
            rows.add(row);
        }
        rows.sort(productOrder(suite));
        return rows;
    }

    private static Comparator<Map<String, String>> productOrder(Suite suite) {
        return (a, b) -> {
            for (Map.Entry<String, List<String>> axis : suite.axes().entrySet()) {
                int c = Integer.compare(axis.getValue().indexOf(a.get(axis.getKey())),
                        axis.getValue().indexOf(b.get(axis.getKey())));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    private static boolean matches(Map<String, String> axes, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(axes.get(e.getKey())));
    }

    /** {@code values} with the axis's default (the option left off the command line) moved to the front. */
    private static List<String> defaultFirst(String axis, List<String> values) {
        String d = Axes.DEFAULTS.get(axis);
        if (d == null || !values.contains(d)) {
            return values;
        }
        List<String> out = new ArrayList<>(values);
        out.remove(d);
        out.add(0, d);
        return out;
    }

    /**
     * The first row of the product (suite order; an option axis tries its default value first) that
     * has {@code wanted} and no constraint excludes.
     */
    static Map<String, String> complete(Suite suite, Map<String, String> wanted) {
        Map<String, List<String>> narrowed = new LinkedHashMap<>();
        suite.axes().forEach((axis, values) -> narrowed.put(axis,
                wanted.containsKey(axis) ? List.of(wanted.get(axis)) : defaultFirst(axis, values)));
        Map<String, String> found = firstAllowed(suite, narrowed, new ArrayList<>(narrowed.keySet()), 0,
                new LinkedHashMap<>());
        if (found == null) {
            throw new IllegalArgumentException("suite " + suite.name() + ": always-include " + wanted
                    + " is excluded by the constraints " + suite.constraints().stream().map(Exclusion::id).toList());
        }
        return found;
    }

    private static Map<String, String> firstAllowed(Suite suite, Map<String, List<String>> axes, List<String> names,
                                                    int i, Map<String, String> row) {
        if (i == names.size()) {
            return excludedBy(suite, row) == null ? new LinkedHashMap<>(row) : null;
        }
        for (String v : axes.get(names.get(i))) {
            row.put(names.get(i), v);
            // prune: a constraint whose axes are all assigned already excludes this prefix
            if (suite.constraints().stream().noneMatch(x -> row.keySet().containsAll(x.when().keySet()) && x.excludes(row))) {
                Map<String, String> r = firstAllowed(suite, axes, names, i + 1, row);
                if (r != null) {
                    return r;
                }
            }
            row.remove(names.get(i));
        }
        return null;
    }

    /** Every combination of the axes, the first axis varying slowest. */
    static List<Map<String, String>> product(Map<String, List<String>> axes) {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
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
        return rows;
    }
}
