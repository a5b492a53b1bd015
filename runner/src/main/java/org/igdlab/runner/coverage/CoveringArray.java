package org.igdlab.runner.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generated test rows: every coverable t-tuple of the model appears in some row and every row
 * satisfies the model's constraints.
 *
 * @param rows one value per parameter, in the model's parameter order
 */
public record CoveringArray(PictModel model, int strength, long seed, List<List<String>> rows) {

    public CoveringArray {
        Objects.requireNonNull(model, "model");
        List<List<String>> copy = new ArrayList<>(rows.size());
        int width = model.parameters().size();
        for (List<String> row : rows) {
            if (row.size() != width) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " values; model "
                        + model.source() + " has " + width + " parameters");
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
    }

    /** A header line of parameter names, then one line per row; tab separated, newline terminated. */
    public String toTsv() {
        StringBuilder out = new StringBuilder();
        out.append(String.join("\t", model.parameters().stream().map(Parameter::name).toList())).append('\n');
        for (List<String> row : rows) {
            out.append(String.join("\t", row)).append('\n');
        }
        return out.toString();
    }
}
