package org.igdlab.runner.coverage;

import java.util.List;
import java.util.Set;

/**
 * A constraint's predicate, compiled against the model's value indices. A row is an {@code int[]}
 * of value indices, -1 for a parameter that is not assigned yet; a predicate that reads an
 * unassigned parameter may answer {@link Truth#UNKNOWN}.
 */
sealed interface Expr {

    Truth eval(int[] row);

    /** Adds the indices of the parameters this predicate reads. */
    void collectParameters(Set<Integer> into);

    /** {@code [p] op literal}: which of p's values satisfy the comparison, decided when parsed. */
    record ValueTest(int param, boolean[] accepted) implements Expr {
        @Override
        public Truth eval(int[] row) {
            int v = row[param];
            return v < 0 ? Truth.UNKNOWN : Truth.of(accepted[v]);
        }

        @Override
        public void collectParameters(Set<Integer> into) {
            into.add(param);
        }
    }

    /** {@code [p] op [q]}: which value pairs satisfy the comparison. */
    record PairTest(int left, int right, boolean[][] accepted) implements Expr {
        @Override
        public Truth eval(int[] row) {
            int a = row[left];
            int b = row[right];
            return a < 0 || b < 0 ? Truth.UNKNOWN : Truth.of(accepted[a][b]);
        }

        @Override
        public void collectParameters(Set<Integer> into) {
            into.add(left);
            into.add(right);
        }
    }

    record Not(Expr inner) implements Expr {
        @Override
        public Truth eval(int[] row) {
            return inner.eval(row).not();
        }

        @Override
        public void collectParameters(Set<Integer> into) {
            inner.collectParameters(into);
        }
    }

    record And(List<Expr> terms) implements Expr {
        public And {
            terms = List.copyOf(terms);
        }

        @Override
        public Truth eval(int[] row) {
            Truth result = Truth.TRUE;
            for (Expr term : terms) {
                Truth t = term.eval(row);
                if (t == Truth.FALSE) {
                    return Truth.FALSE;
                }
                if (t == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }

        @Override
        public void collectParameters(Set<Integer> into) {
            terms.forEach(t -> t.collectParameters(into));
        }
    }

    record Or(List<Expr> terms) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }

        @Override
        public Truth eval(int[] row) {
            Truth result = Truth.FALSE;
            for (Expr term : terms) {
                Truth t = term.eval(row);
                if (t == Truth.TRUE) {
                    return Truth.TRUE;
                }
                if (t == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }

        @Override
        public void collectParameters(Set<Integer> into) {
            terms.forEach(t -> t.collectParameters(into));
        }
    }

    /** {@code IF c THEN a [ELSE b]}, i.e. {@code (NOT c OR a) AND (c OR b)}; no ELSE means b is true. */
    record IfThenElse(Expr condition, Expr then, Expr otherwise) implements Expr {
        @Override
        public Truth eval(int[] row) {
            Truth c = condition.eval(row);
            if (c == Truth.TRUE) {
                return then.eval(row);
            }
            if (c == Truth.FALSE) {
                return otherwise == null ? Truth.TRUE : otherwise.eval(row);
            }
            Truth a = then.eval(row);
            Truth b = otherwise == null ? Truth.TRUE : otherwise.eval(row);
            if (a == Truth.TRUE && b == Truth.TRUE) {
                return Truth.TRUE;
            }
            if (a == Truth.FALSE && b == Truth.FALSE) {
                return Truth.FALSE;
            }
            return Truth.UNKNOWN;
        }

        @Override
        public void collectParameters(Set<Integer> into) {
            condition.collectParameters(into);
            then.collectParameters(into);
            if (otherwise != null) {
                otherwise.collectParameters(into);
            }
        }
    }
}
