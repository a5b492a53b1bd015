package org.igdlab.runner.coverage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * AETG-style one-row-at-a-time greedy. Each new row is the best of several candidates; a
 * candidate starts from an uncovered tuple of the parameter subset with the most uncovered
 * tuples (as PICT does), then fixes the other parameters in random order, each to the value that
 * covers the most new tuples together with the parameters already fixed, keeping the row
 * completable under the constraints.
 */
final class GreedyBuilder {

    private final TupleSpace space;
    private final Feasibility feasibility;
    private final SplittableRandom random;
    private final boolean[] covered;
    private final int[] uncoveredIn;
    private int uncovered;

    GreedyBuilder(TupleSpace space, Feasibility feasibility, boolean[] coverable, SplittableRandom random) {
        this.space = space;
        this.feasibility = feasibility;
        this.random = random;
        covered = new boolean[space.tupleCount];
        uncoveredIn = new int[space.subsetCount];
        for (int s = 0; s < space.subsetCount; s++) {
            for (int x = space.offsets[s]; x < space.offsets[s + 1]; x++) {
                covered[x] = !coverable[x];
                if (coverable[x]) {
                    uncoveredIn[s]++;
                    uncovered++;
                }
            }
        }
    }

    /** Builds rows until every coverable tuple is covered; {@code candidates} rows are tried per step. */
    List<int[]> build(int candidates) {
        List<int[]> rows = new ArrayList<>();
        int k = space.parameterCount;
        int[] order = new int[k];
        int[] candidate = new int[k];
        long[] gains = new long[maxSize()];
        while (uncovered > 0) {
            int[] best = null;
            long bestGain = -1;
            int seedSubset = richestSubset();
            for (int c = 0; c < candidates; c++) {
                long gain = construct(candidate, order, gains, seedSubset);
                if (gain > bestGain || (gain == bestGain && random.nextInt(2) == 0)) {
                    bestGain = gain;
                    best = candidate.clone();
                }
            }
            commit(best);
            rows.add(best);
        }
        return rows;
    }

    private int maxSize() {
        return Arrays.stream(space.sizes).max().orElse(1);
    }

    private int richestSubset() {
        int n = space.subsetCount;
        int start = random.nextInt(n);
        int best = -1;
        for (int i = 0; i < n; i++) {
            int s = (start + i) % n;
            if (best < 0 || uncoveredIn[s] > uncoveredIn[best]) {
                best = s;
            }
        }
        return best;
    }

    private long construct(int[] row, int[] order, long[] gains, int seedSubset) {
        Arrays.fill(row, -1);
        int lo = space.offsets[seedSubset];
        int n = space.offsets[seedSubset + 1] - lo;
        int start = random.nextInt(n);
        int seed = -1;
        for (int i = 0; i < n; i++) {
            int x = lo + (start + i) % n;
            if (!covered[x]) {
                seed = x;
                break;
            }
        }
        space.decodeInto(seed, row);
        long total = 1;
        int free = 0;
        for (int p = 0; p < row.length; p++) {
            if (row[p] < 0) {
                order[free++] = p;
            }
        }
        for (int i = free - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (int i = 0; i < free; i++) {
            int p = order[i];
            total += fix(row, p, gains);
        }
        return total;
    }

    /** Sets {@code row[p]} to the value covering the most new tuples; returns that number. */
    private long fix(int[] row, int p, long[] gains) {
        int size = space.sizes[p];
        Arrays.fill(gains, 0, size, 0);
        int[] subsets = space.subsetsOf[p];
        int[] strides = space.strideOf[p];
        row[p] = 0;
        for (int j = 0; j < subsets.length; j++) {
            int s = subsets[j];
            if (!space.assigned(s, row)) {
                continue;
            }
            int base = space.tupleOf(s, row);
            int stride = strides[j];
            for (int v = 0; v < size; v++) {
                if (!covered[base + v * stride]) {
                    gains[v]++;
                }
            }
        }
        int best = -1;
        long bestGain = -1;
        int ties = 0;
        boolean check = feasibility.isConstrained(p);
        for (int v = 0; v < size; v++) {
            long g = gains[v];
            if (g < bestGain) {
                continue;
            }
            if (check) {
                row[p] = v;
                if (!feasibility.completable(row)) {
                    continue;
                }
            }
            if (g > bestGain) {
                best = v;
                bestGain = g;
                ties = 1;
            } else if (random.nextInt(++ties) == 0) {
                best = v;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no value of parameter #" + p + " keeps the row completable: "
                    + Arrays.toString(row));
        }
        row[p] = best;
        return bestGain;
    }

    private void commit(int[] row) {
        for (int s = 0; s < space.subsetCount; s++) {
            int x = space.tupleOf(s, row);
            if (!covered[x]) {
                covered[x] = true;
                uncoveredIn[s]--;
                uncovered--;
            }
        }
    }
}
