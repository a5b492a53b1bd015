package org.igdlab.runner.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An independent, deliberately plain checker for generated rows: it shares nothing with the
 * generator but the model. A tuple is coverable iff some assignment of the constrained parameters,
 * found by enumerating all of them, satisfies every constraint and agrees with the tuple.
 */
public final class CoverageCheck {

    /** Enumerating more assignments of the constrained parameters than this is refused. */
    static final long MAX_ASSIGNMENTS = 20_000_000L;

    private CoverageCheck() {
    }

    public static CoverageReport check(PictModel model, int strength, List<List<String>> rows) {
        List<Parameter> params = model.parameters();
        int k = params.size();
        if (strength < 1 || strength > k) {
            throw new IllegalArgumentException("strength (" + strength + ") must be between 1 and " + k);
        }
        List<String> violations = new ArrayList<>();
        List<int[]> indexed = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != k) {
                violations.add("row " + (r + 1) + " has " + row.size() + " values, expected " + k);
                continue;
            }
            int[] values = new int[k];
            boolean known = true;
            for (int p = 0; p < k; p++) {
                values[p] = params.get(p).indexOf(row.get(p));
                if (values[p] < 0) {
                    violations.add("row " + (r + 1) + ": '" + row.get(p) + "' is not a value of " + params.get(p).name());
                    known = false;
                }
            }
            if (!known) {
                continue;
            }
            for (Constraint c : model.constraints()) {
                if (!c.isSatisfiedBy(values)) {
                    violations.add("row " + (r + 1) + " " + row + " violates " + c);
                }
            }
            indexed.add(values);
        }
        int[] constrained = constrainedParameters(model);
        List<int[]> validAssignments = validAssignments(model, constrained);

        List<String> uncovered = new ArrayList<>();
        int[] coverable = {0};
        int[] combo = new int[strength];
        forEachCombination(k, strength, 0, 0, combo, () -> {
            int size = 1;
            for (int p : combo) {
                size *= params.get(p).size();
            }
            boolean[] seen = new boolean[size];
            for (int[] row : indexed) {
                seen[encode(combo, row, params)] = true;
            }
            int[] tuple = new int[strength];
            for (int code = 0; code < size; code++) {
                int rest = code;
                for (int i = strength - 1; i >= 0; i--) {
                    int n = params.get(combo[i]).size();
                    tuple[i] = rest % n;
                    rest /= n;
                }
                if (!canBeCovered(combo, tuple, constrained, validAssignments)) {
                    continue;
                }
                coverable[0]++;
                if (!seen[code]) {
                    uncovered.add(describe(combo, tuple, params));
                }
            }
        });
        return new CoverageReport(coverable[0], uncovered, violations);
    }

    private static int encode(int[] combo, int[] row, List<Parameter> params) {
        int code = 0;
        for (int p : combo) {
            code = code * params.get(p).size() + row[p];
        }
        return code;
    }

    private static String describe(int[] combo, int[] tuple, List<Parameter> params) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < combo.length; i++) {
            Parameter p = params.get(combo[i]);
            parts.add(p.name() + "=" + p.values().get(tuple[i]));
        }
        return String.join(", ", parts);
    }

    private static void forEachCombination(int k, int t, int from, int depth, int[] combo, Runnable action) {
        if (depth == t) {
            action.run();
            return;
        }
        for (int p = from; p < k; p++) {
            combo[depth] = p;
            forEachCombination(k, t, p + 1, depth + 1, combo, action);
        }
    }

    private static int[] constrainedParameters(PictModel model) {
        TreeSet<Integer> set = new TreeSet<>();
        for (Constraint c : model.constraints()) {
            for (int p : c.parameters()) {
                set.add(p);
            }
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every assignment of the constrained parameters (others left 0) that satisfies all constraints. */
    private static List<int[]> validAssignments(PictModel model, int[] constrained) {
        List<int[]> valid = new ArrayList<>();
        long total = 1;
        for (int p : constrained) {
            total *= model.parameters().get(p).size();
            if (total > MAX_ASSIGNMENTS) {
                throw new IllegalArgumentException("checking " + model.source() + " would enumerate more than "
                        + MAX_ASSIGNMENTS + " assignments of its constrained parameters");
            }
        }
        int[] row = new int[model.parameters().size()];
        for (long code = 0; code < total; code++) {
            long rest = code;
            for (int i = constrained.length - 1; i >= 0; i--) {
                int n = model.parameters().get(constrained[i]).size();
                row[constrained[i]] = (int) (rest % n);
                rest /= n;
            }
            boolean ok = true;
            for (Constraint c : model.constraints()) {
                if (!c.isSatisfiedBy(row)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                valid.add(row.clone());
            }
        }
        return valid;
    }

    private static boolean canBeCovered(int[] combo, int[] tuple, int[] constrained, List<int[]> valid) {
        boolean touchesConstraints = false;
        for (int p : combo) {
            touchesConstraints |= java.util.Arrays.binarySearch(constrained, p) >= 0;
        }
        if (!touchesConstraints) {
            return !valid.isEmpty();
        }
        for (int[] assignment : valid) {
            boolean agrees = true;
            for (int i = 0; i < combo.length && agrees; i++) {
                int p = combo[i];
                if (java.util.Arrays.binarySearch(constrained, p) >= 0 && assignment[p] != tuple[i]) {
                    agrees = false;
                }
            }
            if (agrees) {
                return true;
            }
        }
        return false;
    }
}
