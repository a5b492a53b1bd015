package org.igdlab.runner.coverage;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a partial row can be completed into a row that satisfies every constraint, by
 * backtracking over the parameters the constraints read (the others never matter). Answers are
 * cached per assignment of those parameters. Without constraints every row is completable.
 */
final class Feasibility {

    private final List<Constraint> constraints;
    private final int[] sizes;
    private final int[] constrained;
    private final boolean[] isConstrained;
    private final long[] radix;
    private final boolean cacheable;
    private final Map<Long, Boolean> cache = new HashMap<>();

    Feasibility(PictModel model) {
        this.constraints = model.constraints();
        this.sizes = model.sizes();
        Set<Integer> params = new LinkedHashSet<>();
        for (Constraint c : constraints) {
            for (int p : c.parameters()) {
                params.add(p);
            }
        }
        constrained = params.stream().mapToInt(Integer::intValue).sorted().toArray();
        isConstrained = new boolean[sizes.length];
        radix = new long[constrained.length];
        long product = 1;
        boolean fits = true;
        for (int i = 0; i < constrained.length; i++) {
            isConstrained[constrained[i]] = true;
            radix[i] = product;
            if (product > Long.MAX_VALUE / (sizes[constrained[i]] + 1)) {
                fits = false;
                break;
            }
            product *= sizes[constrained[i]] + 1;
        }
        cacheable = fits;
    }

    boolean hasConstraints() {
        return !constraints.isEmpty();
    }

    boolean isConstrained(int param) {
        return isConstrained[param];
    }

    /** True iff some complete valid row agrees with every assigned cell (-1 = unassigned). */
    boolean completable(int[] row) {
        if (constraints.isEmpty()) {
            return true;
        }
        if (!cacheable) {
            return search(row.clone(), 0);
        }
        long key = 0;
        for (int i = 0; i < constrained.length; i++) {
            key += (row[constrained[i]] + 1) * radix[i];
        }
        Boolean known = cache.get(key);
        if (known == null) {
            known = search(row.clone(), 0);
            cache.put(key, known);
        }
        return known;
    }

    /** True iff a complete row satisfies every constraint. */
    boolean valid(int[] completeRow) {
        for (Constraint c : constraints) {
            if (c.eval(completeRow) != Truth.TRUE) {
                return false;
            }
        }
        return true;
    }

    private boolean search(int[] row, int from) {
        boolean allTrue = true;
        for (Constraint c : constraints) {
            Truth truth = c.eval(row);
            if (truth == Truth.FALSE) {
                return false;
            }
            allTrue &= truth == Truth.TRUE;
        }
        if (allTrue) {
            return true;
        }
        int i = from;
        while (i < constrained.length && row[constrained[i]] >= 0) {
            i++;
        }
        if (i == constrained.length) {
            return false;
        }
        int p = constrained[i];
        for (int v = 0; v < sizes[p]; v++) {
            row[p] = v;
            if (search(row, i + 1)) {
                row[p] = -1;
                return true;
            }
        }
        row[p] = -1;
        return false;
    }
}
