package org.igdlab.runner.coverage;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** One parameter of a t-way model: a name and its values, in the order the model file lists them. */
public record Parameter(String name, List<String> values) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        values = List.copyOf(values);
        if (name.isBlank()) {
            throw new IllegalArgumentException("parameter name ('" + name + "') must not be blank");
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("parameter " + name + " must have at least one value");
        }
        var seen = new HashSet<String>();
        for (String value : values) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("parameter " + name + " has a blank value in " + values);
            }
            if (!seen.add(value)) {
                throw new IllegalArgumentException("parameter " + name + " lists value '" + value + "' twice");
            }
        }
    }

    /** The index of {@code value} among this parameter's values, or -1. */
    public int indexOf(String value) {
        return values.indexOf(value);
    }

    int size() {
        return values.size();
    }
}
