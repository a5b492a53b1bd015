package org.igdlab.runner.coverage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A t-way model in PICT's format: parameters ({@code name: v1, v2, ...}, one a line, in order) and
 * constraints ({@code IF [p] = "v" THEN [q] <> "w";}, or a bare predicate followed by {@code ;}).
 *
 * @param source where the model came from, for messages (a file name)
 */
public record PictModel(String source, List<Parameter> parameters, List<Constraint> constraints) {

    public PictModel {
        Objects.requireNonNull(source, "source");
        parameters = List.copyOf(parameters);
        constraints = List.copyOf(constraints);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(source + ": a model needs at least one parameter");
        }
        var names = new HashSet<String>();
        for (Parameter p : parameters) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException(source + ": parameter " + p.name() + " is declared twice");
            }
        }
    }

    /** Reads a model file; errors name the file, line and column and what was expected. */
    public static PictModel parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("cannot read model " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + file + ": " + e, e);
        }
        Path name = file.getFileName();
        return parse(name == null ? file.toString() : name.toString(), text);
    }

    /** Parses model text; {@code sourceName} prefixes error messages. */
    public static PictModel parse(String sourceName, String text) {
        return new ModelParser(sourceName, text).parse();
    }

    /** True iff a complete row of value indices satisfies every constraint. */
    public boolean isValid(int[] completeRow) {
        for (Constraint c : constraints) {
            if (!c.isSatisfiedBy(completeRow)) {
                return false;
            }
        }
        return true;
    }

    int[] sizes() {
        return parameters.stream().mapToInt(Parameter::size).toArray();
    }

    @Override
    public String toString() {
        return source + " (" + parameters.stream().map(p -> p.name() + ":" + p.size())
                .collect(Collectors.joining(" ")) + ", " + constraints.size() + " constraints)";
    }
}
