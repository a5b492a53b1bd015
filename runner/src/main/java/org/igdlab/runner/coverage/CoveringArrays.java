package org.igdlab.runner.coverage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates t-way covering arrays: a greedy construction (see {@link GreedyBuilder}) followed by
 * row-removal local search (see {@link RowReducer}) on a fixed, deterministic work budget. The
 * same model, strength and seed always give the same rows. An optional extra time budget keeps
 * the local search going after that; its result then depends on the machine's speed.
 */
public final class CoveringArrays {

    public static final int MIN_STRENGTH = 1;
    public static final int MAX_STRENGTH = 6;

    /** Tuple look-ups the deterministic post-optimization may spend (a few seconds at most). */
    static final long DEFAULT_WORK = 200_000_000L;
    /** The local search switches mode after a stall of DEFAULT_WORK / STALL_DIVISOR look-ups. */
    static final int STALL_DIVISOR = 4;

    private CoveringArrays() {
    }

    public static CoveringArray generate(PictModel model, int strength, long seed) {
        return generate(model, strength, seed, Duration.ZERO);
    }

    /**
     * @param extraTime after the deterministic budget, keep shrinking for up to this long
     *     (zero: fully deterministic)
     */
    public static CoveringArray generate(PictModel model, int strength, long seed, Duration extraTime) {
        return generate(model, strength, seed, DEFAULT_WORK, extraTime);
    }

    static CoveringArray generate(PictModel model, int strength, long seed, long work, Duration extraTime) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(extraTime, "extraTime");
        if (strength < MIN_STRENGTH || strength > MAX_STRENGTH) {
            throw new IllegalArgumentException("strength (" + strength + ") must be one of 1, 2, 3, 4, 5, 6");
        }
        int k = model.parameters().size();
        if (strength > k) {
            throw new IllegalArgumentException("strength (" + strength + ") must not exceed the number of parameters ("
                    + k + ") of " + model.source());
        }
        if (extraTime.isNegative()) {
            throw new IllegalArgumentException("extra time (" + extraTime + ") must not be negative");
        }
        TupleSpace space = new TupleSpace(model.sizes(), strength);
        Feasibility feasibility = new Feasibility(model);
        int[] empty = new int[k];
        Arrays.fill(empty, -1);
        if (!feasibility.completable(empty)) {
            throw new IllegalArgumentException(model.source() + ": the constraints exclude every row");
        }
        boolean[] coverable = Coverability.of(space, feasibility);
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> rows = new GreedyBuilder(space, feasibility, coverable, random.split())
                .build(candidatesPerRow(space));
        int lowerBound = lowerBound(space, coverable);
        rows = shrink(space, feasibility, random, rows, work, Long.MAX_VALUE, lowerBound);
        if (extraTime.compareTo(Duration.ZERO) > 0) {
            long deadline = System.nanoTime() + extraTime.toNanos();
            rows = shrink(space, feasibility, random, rows, Long.MAX_VALUE, deadline, lowerBound);
        }
        return new CoveringArray(model, strength, seed, named(model, rows));
    }

    /** Runs the local search from the best array so far until the work budget or the deadline is spent. */
    private static List<int[]> shrink(TupleSpace space, Feasibility feasibility, SplittableRandom random,
            List<int[]> rows, long work, long deadlineNanos, int lowerBound) {
        long stall = (work == Long.MAX_VALUE ? DEFAULT_WORK : work) / STALL_DIVISOR;
        int firstMode = feasibility.hasConstraints() ? 1 : 0;
        return new RowReducer(space, feasibility, random.split(), firstMode)
                .reduce(rows, work, Math.max(1, stall), deadlineNanos, lowerBound);
    }

    /** Enough candidates per greedy row to matter, few enough that big models stay quick. */
    static int candidatesPerRow(TupleSpace space) {
        long perCandidate = (long) space.subsetCount * space.strength * 4L;
        long target = 300_000L;
        return (int) Math.max(3, Math.min(50, target / Math.max(1, perCandidate)));
    }

    /** No array has fewer rows than the coverable tuples of its fullest parameter subset. */
    static int lowerBound(TupleSpace space, boolean[] coverable) {
        int bound = 1;
        for (int s = 0; s < space.subsetCount; s++) {
            int n = 0;
            for (int x = space.offsets[s]; x < space.offsets[s + 1]; x++) {
                if (coverable[x]) {
                    n++;
                }
            }
            bound = Math.max(bound, n);
        }
        return bound;
    }

    private static List<List<String>> named(PictModel model, List<int[]> rows) {
        List<List<String>> out = new ArrayList<>(rows.size());
        for (int[] row : rows) {
            List<String> named = new ArrayList<>(row.length);
            for (int p = 0; p < row.length; p++) {
                named.add(model.parameters().get(p).values().get(row[p]));
            }
            out.add(named);
        }
        return out;
    }
}
