package org.igdlab.runner.coverage;

/**
 * Numbers every t-tuple of a model densely: parameter subsets (t parameters, ascending) are ranked
 * in colex order, and the tuples of a subset occupy a contiguous range, values in mixed radix.
 * Rows are {@code int[]} of value indices.
 */
final class TupleSpace {

    /** The most tuples we index; beyond this the model is too large for the chosen strength. */
    static final long MAX_TUPLES = 40_000_000L;

    final int parameterCount;
    final int strength;
    final int[] sizes;
    final int subsetCount;
    /** Members of subset s are {@code members[s*t .. s*t+t-1]}, ascending. */
    final int[] members;
    /** Tuples of subset s are {@code offsets[s] .. offsets[s+1]-1}. */
    final int[] offsets;
    final int tupleCount;
    /** For each parameter, the subsets containing it. */
    final int[][] subsetsOf;
    /** For each parameter p and j, the mixed-radix weight of p inside {@code subsetsOf[p][j]}. */
    final int[][] strideOf;
    private final long[][] binomial;

    TupleSpace(int[] sizes, int strength) {
        this.parameterCount = sizes.length;
        this.strength = strength;
        this.sizes = sizes.clone();
        int k = sizes.length;
        int t = strength;
        if (t < 1 || t > k) {
            throw new IllegalArgumentException("strength (" + t + ") must be between 1 and the number of parameters (" + k + ")");
        }
        binomial = new long[k + 1][t + 1];
        for (int n = 0; n <= k; n++) {
            binomial[n][0] = 1;
            for (int r = 1; r <= Math.min(n, t); r++) {
                binomial[n][r] = binomial[n - 1][r - 1] + (r <= n - 1 ? binomial[n - 1][r] : 0);
            }
        }
        long subsets = binomial[k][t];
        if (subsets > MAX_TUPLES) {
            throw new IllegalArgumentException("strength " + t + " over " + k + " parameters needs " + subsets
                    + " parameter subsets; the limit is " + MAX_TUPLES + " tuples");
        }
        subsetCount = (int) subsets;
        members = new int[subsetCount * t];
        offsets = new int[subsetCount + 1];
        int[] combo = new int[t];
        for (int i = 0; i < t; i++) {
            combo[i] = i;
        }
        int[] perParam = new int[k];
        long[] tuplesOf = new long[subsetCount];
        while (true) {
            int s = rank(combo);
            long n = 1;
            for (int i = 0; i < t; i++) {
                members[s * t + i] = combo[i];
                n *= sizes[combo[i]];
                perParam[combo[i]]++;
            }
            tuplesOf[s] = n;
            int i = t - 1;
            while (i >= 0 && combo[i] == k - t + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            combo[i]++;
            for (int j = i + 1; j < t; j++) {
                combo[j] = combo[j - 1] + 1;
            }
        }
        long total = 0;
        for (int s = 0; s < subsetCount; s++) {
            offsets[s] = (int) total;
            total += tuplesOf[s];
            if (total > MAX_TUPLES) {
                throw new IllegalArgumentException("strength " + t + " needs more than " + MAX_TUPLES
                        + " tuples for this model; use a lower strength or fewer values");
            }
        }
        offsets[subsetCount] = (int) total;
        tupleCount = (int) total;
        subsetsOf = new int[k][];
        strideOf = new int[k][];
        for (int p = 0; p < k; p++) {
            subsetsOf[p] = new int[perParam[p]];
            strideOf[p] = new int[perParam[p]];
        }
        int[] fill = new int[k];
        for (int s = 0; s < subsetCount; s++) {
            int stride = 1;
            for (int i = t - 1; i >= 0; i--) {
                int p = members[s * t + i];
                subsetsOf[p][fill[p]] = s;
                strideOf[p][fill[p]] = stride;
                fill[p]++;
                stride *= sizes[p];
            }
        }
    }

    /** Colex rank of an ascending parameter combination of size t. */
    int rank(int[] ascending) {
        long r = 0;
        for (int i = 0; i < ascending.length; i++) {
            r += binomial[ascending[i]][i + 1];
        }
        return (int) r;
    }

    /** The tuple of subset s that the (sufficiently assigned) row shows. */
    int tupleOf(int s, int[] row) {
        int base = s * strength;
        int local = 0;
        for (int i = 0; i < strength; i++) {
            int p = members[base + i];
            local = local * sizes[p] + row[p];
        }
        return offsets[s] + local;
    }

    /** True iff every member of subset s is assigned in the row. */
    boolean assigned(int s, int[] row) {
        int base = s * strength;
        for (int i = 0; i < strength; i++) {
            if (row[members[base + i]] < 0) {
                return false;
            }
        }
        return true;
    }

    int subsetOfTuple(int tuple) {
        int lo = 0;
        int hi = subsetCount - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= tuple) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Writes the tuple's values into {@code row} at its parameters; returns its subset. */
    int decodeInto(int tuple, int[] row) {
        int s = subsetOfTuple(tuple);
        int local = tuple - offsets[s];
        for (int i = strength - 1; i >= 0; i--) {
            int p = members[s * strength + i];
            row[p] = local % sizes[p];
            local /= sizes[p];
        }
        return s;
    }

    int member(int s, int i) {
        return members[s * strength + i];
    }
}
