package org.igdlab.runner.coverage;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One constraint of a model, as written (for messages) and compiled (for evaluation). A valid row
 * makes every constraint true.
 */
public final class Constraint {

    private final String source;
    private final int line;
    private final Expr expr;
    private final int[] parameters;

    Constraint(String source, int line, Expr expr) {
        this.source = Objects.requireNonNull(source, "source");
        this.line = line;
        this.expr = Objects.requireNonNull(expr, "expr");
        Set<Integer> params = new TreeSet<>();
        expr.collectParameters(params);
        this.parameters = params.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The constraint's text as written in the model, whitespace collapsed. */
    public String source() {
        return source;
    }

    /** The model line the constraint starts on (1-based). */
    public int line() {
        return line;
    }

    /** True iff a complete row (value indices, one per parameter) satisfies the constraint. */
    public boolean isSatisfiedBy(int[] completeRow) {
        for (int p : parameters) {
            if (completeRow[p] < 0) {
                throw new IllegalArgumentException("row has no value for parameter #" + p + "; constraint " + this);
            }
        }
        return expr.eval(completeRow) == Truth.TRUE;
    }

    Truth eval(int[] row) {
        return expr.eval(row);
    }

    /** Indices of the parameters the constraint reads, ascending. */
    int[] parameters() {
        return parameters.clone();
    }

    @Override
    public String toString() {
        return "line " + line + ": " + source;
    }
}
