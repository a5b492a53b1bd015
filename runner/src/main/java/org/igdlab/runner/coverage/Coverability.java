package org.igdlab.runner.coverage;

import java.util.Arrays;

/**
 * Which t-tuples some valid row can contain. A tuple is coverable iff a complete row containing it
 * satisfies every constraint; tuples that no valid row can contain are left out of the target.
 */
final class Coverability {

    private Coverability() {
    }

    static boolean[] of(TupleSpace space, Feasibility feasibility) {
        boolean[] coverable = new boolean[space.tupleCount];
        int[] row = new int[space.parameterCount];
        for (int s = 0; s < space.subsetCount; s++) {
            boolean touchesConstraints = false;
            for (int i = 0; i < space.strength; i++) {
                touchesConstraints |= feasibility.isConstrained(space.member(s, i));
            }
            for (int x = space.offsets[s]; x < space.offsets[s + 1]; x++) {
                if (!touchesConstraints) {
                    coverable[x] = true;
                    continue;
                }
                Arrays.fill(row, -1);
                space.decodeInto(x, row);
                coverable[x] = feasibility.completable(row);
            }
        }
        return coverable;
    }
}
