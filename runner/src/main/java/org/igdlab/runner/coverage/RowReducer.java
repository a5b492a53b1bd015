package org.igdlab.runner.coverage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Post-optimization: repeatedly drops the row that covers the fewest tuples no other row covers,
 * then repairs coverage by local search (pick an uncovered tuple at random; among rows, make the
 * change that writes the tuple into a row losing the fewest other uniquely covered tuples, with a
 * random walk to escape plateaus). Every complete array met on the way is remembered; the
 * smallest is returned. Work is counted in tuple look-ups, so a budget is deterministic.
 */
final class RowReducer {

    private static final int TABU_TENURE = 2;
    private static final int MODES = 3;
    /** Work charged per step for picking and decoding a tuple, so tiny models do not spin for long. */
    private static final int STEP_OVERHEAD = 100;

    private final TupleSpace space;
    private final Feasibility feasibility;
    private final SplittableRandom random;
    private final int[] weight;
    private int mode;
    private double noise;
    private boolean weighted;
    private final int k;
    private final int t;
    private final int[] count;
    private final int[] uncoveredList;
    private final int[] uncoveredPos;
    private int uncoveredSize;
    private int[][] rows;
    private int n;
    private long work;
    private long step;
    private long[] tabuUntil;

    /** @param firstMode which search mode to start in (see {@link #enterMode}) */
    RowReducer(TupleSpace space, Feasibility feasibility, SplittableRandom random, int firstMode) {
        this.weight = new int[space.tupleCount];
        enterMode(firstMode);
        this.space = space;
        this.feasibility = feasibility;
        this.random = random;
        this.k = space.parameterCount;
        this.t = space.strength;
        count = new int[space.tupleCount];
        uncoveredList = new int[space.tupleCount];
        uncoveredPos = new int[space.tupleCount];
        Arrays.fill(uncoveredPos, -1);
    }

    /**
     * Shrinks a complete array.
     *
     * @param workBudget tuple look-ups to spend (the deterministic budget)
     * @param stallWork switch mode after this many look-ups without a smaller complete array; stop
     *     when every mode in turn has stalled, unless a deadline was given
     * @param deadlineNanos {@link System#nanoTime()} after which to stop early, or Long.MAX_VALUE
     * @param lowerBound never try below this many rows
     */
    List<int[]> reduce(List<int[]> start, long workBudget, long stallWork, long deadlineNanos, int lowerBound) {
        n = start.size();
        rows = new int[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = start.get(i).clone();
            addRow(rows[i]);
        }
        tabuUntil = new long[n * k];
        List<int[]> best = copy();
        int[] scratch = new int[k];
        int[] tupleRow = new int[k];
        boolean[] changed = new boolean[k];
        long lastSuccess = 0;
        int stalls = 0;
        while (work < workBudget) {
            if (work - lastSuccess > stallWork) {
                if (++stalls >= MODES && deadlineNanos == Long.MAX_VALUE) {
                    break;
                }
                enterMode(mode + 1);
                lastSuccess = work;
            }
            if ((step & 255) == 0 && System.nanoTime() > deadlineNanos) {
                break;
            }
            if (uncoveredSize == 0) {
                best = copy();
                stalls = 0;
                lastSuccess = work;
                if (n <= lowerBound) {
                    break;
                }
                removeWeakestRow();
                continue;
            }
            step(scratch, tupleRow, changed);
        }
        if (uncoveredSize == 0 && n < best.size()) {
            best = copy();
        }
        return best;
    }

    /**
     * The search cycles through three modes, switching whenever one stalls: 5 % random walk; 30 %
     * random walk (constrained models tend to need it); 5 % random walk with tuple weighting
     * (uncovered tuples gain weight whenever no move improves, so persistent ones get priority).
     */
    private void enterMode(int m) {
        mode = m % MODES;
        noise = mode == 1 ? 0.3 : 0.05;
        weighted = mode == 2;
        if (weighted) {
            Arrays.fill(weight, 1);
        }
    }

    long work() {
        return work;
    }

    private List<int[]> copy() {
        List<int[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rows[i].clone());
        }
        return out;
    }

    private void step(int[] scratch, int[] tupleRow, boolean[] changed) {
        step++;
        work += STEP_OVERHEAD;
        int target = uncoveredList[random.nextInt(uncoveredSize)];
        Arrays.fill(tupleRow, -1);
        int s = space.decodeInto(target, tupleRow);
        long perRow = 0;
        for (int i = 0; i < t; i++) {
            perRow += space.subsetsOf[space.member(s, i)].length;
        }
        int sample = (int) Math.min(n, Math.max(24, 200_000 / Math.max(1, perRow)));
        int bestRow = -1;
        long bestDelta = Long.MIN_VALUE;
        int ties = 0;
        int first = random.nextInt(n);
        boolean walk = random.nextDouble() < noise;
        int walkSeen = 0;
        for (int c = 0; c < sample; c++) {
            int r = sample == n ? (first + c) % n : random.nextInt(n);
            int[] row = rows[r];
            System.arraycopy(row, 0, scratch, 0, k);
            work += k;
            boolean tabu = false;
            for (int i = 0; i < t; i++) {
                int p = space.member(s, i);
                if (row[p] != tupleRow[p]) {
                    scratch[p] = tupleRow[p];
                    tabu |= tabuUntil[r * k + p] > step;
                }
            }
            if (feasibility.hasConstraints() && !feasibility.valid(scratch)) {
                continue;
            }
            if (walk) {
                if (random.nextInt(++walkSeen) == 0) {
                    bestRow = r;
                }
                continue;
            }
            long delta = delta(row, scratch, s, changed);
            if (tabu && (weighted || delta < uncoveredSize)) {
                // tabu unless it completes the array (aspiration)
                continue;
            }
            if (delta > bestDelta) {
                bestDelta = delta;
                bestRow = r;
                ties = 1;
            } else if (delta == bestDelta && random.nextInt(++ties) == 0) {
                bestRow = r;
            }
        }
        if (bestRow < 0) {
            return;
        }
        if (weighted && !walk && bestDelta <= 0) {
            for (int i = 0; i < uncoveredSize; i++) {
                weight[uncoveredList[i]]++;
            }
            work += uncoveredSize;
        }
        int[] row = rows[bestRow];
        System.arraycopy(row, 0, scratch, 0, k);
        for (int i = 0; i < t; i++) {
            int p = space.member(s, i);
            if (row[p] != tupleRow[p]) {
                scratch[p] = tupleRow[p];
                tabuUntil[bestRow * k + p] = step + TABU_TENURE;
            }
        }
        apply(row, scratch, s, changed);
    }

    /** Newly covered minus newly uncovered tuples if {@code row} became {@code next}. */
    private long delta(int[] row, int[] next, int s, boolean[] changed) {
        long gain = 0;
        long loss = 0;
        markChanged(row, next, s, changed, true);
        for (int i = 0; i < t; i++) {
            int c = space.member(s, i);
            if (!changed[c]) {
                continue;
            }
            int[] subsets = space.subsetsOf[c];
            work += subsets.length;
            for (int sub : subsets) {
                if (ownedByEarlier(sub, c, changed)) {
                    continue;
                }
                int old = space.tupleOf(sub, row);
                if (count[old] == 1) {
                    loss += weighted ? weight[old] : 1;
                }
                int fresh = space.tupleOf(sub, next);
                if (count[fresh] == 0) {
                    gain += weighted ? weight[fresh] : 1;
                }
            }
        }
        markChanged(row, next, s, changed, false);
        return gain - loss;
    }

    private void apply(int[] row, int[] next, int s, boolean[] changed) {
        markChanged(row, next, s, changed, true);
        for (int i = 0; i < t; i++) {
            int c = space.member(s, i);
            if (!changed[c]) {
                continue;
            }
            int[] subsets = space.subsetsOf[c];
            work += subsets.length;
            for (int sub : subsets) {
                if (ownedByEarlier(sub, c, changed)) {
                    continue;
                }
                decrement(space.tupleOf(sub, row));
                increment(space.tupleOf(sub, next));
            }
        }
        markChanged(row, next, s, changed, false);
        System.arraycopy(next, 0, row, 0, k);
    }

    private void markChanged(int[] row, int[] next, int s, boolean[] changed, boolean on) {
        for (int i = 0; i < t; i++) {
            int p = space.member(s, i);
            changed[p] = on && row[p] != next[p];
        }
    }

    /** A subset touching several changed parameters is handled once, by its smallest changed member. */
    private boolean ownedByEarlier(int sub, int c, boolean[] changed) {
        int base = sub * t;
        for (int i = 0; i < t; i++) {
            int m = space.members[base + i];
            if (m >= c) {
                return false;
            }
            if (changed[m]) {
                return true;
            }
        }
        return false;
    }

    private void removeWeakestRow() {
        int weakest = -1;
        long fewest = Long.MAX_VALUE;
        for (int r = 0; r < n; r++) {
            long unique = 0;
            for (int sub = 0; sub < space.subsetCount; sub++) {
                if (count[space.tupleOf(sub, rows[r])] == 1) {
                    unique++;
                }
            }
            work += space.subsetCount;
            if (unique < fewest || (unique == fewest && random.nextInt(2) == 0)) {
                fewest = unique;
                weakest = r;
            }
        }
        int[] gone = rows[weakest];
        for (int sub = 0; sub < space.subsetCount; sub++) {
            decrement(space.tupleOf(sub, gone));
        }
        rows[weakest] = rows[n - 1];
        System.arraycopy(tabuUntil, (n - 1) * k, tabuUntil, weakest * k, k);
        rows[n - 1] = null;
        n--;
    }

    private void addRow(int[] row) {
        for (int sub = 0; sub < space.subsetCount; sub++) {
            increment(space.tupleOf(sub, row));
        }
    }

    private void increment(int x) {
        if (count[x]++ == 0 && uncoveredPos[x] >= 0) {
            int pos = uncoveredPos[x];
            int last = uncoveredList[--uncoveredSize];
            uncoveredList[pos] = last;
            uncoveredPos[last] = pos;
            uncoveredPos[x] = -1;
        }
    }

    private void decrement(int x) {
        if (--count[x] == 0) {
            uncoveredPos[x] = uncoveredSize;
            uncoveredList[uncoveredSize++] = x;
        }
    }
}
