package org.igdlab.runner.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A YAML file read into a tree that remembers where every node was written, so that every
 * error the lab reports about a hand-written file reads {@code FILE:LINE:COLUMN: path: expected
 * …, found …}.
 *
 * <p>Public because two capabilities read hand-written YAML: the inventory (this package) and the
 * scenarios (suites, expectations). It lives here rather than in a util package because the
 * inventory is its first and main user; the scenario package uses it through this small API.
 *
 * <p>Numbers are kept as the text the author wrote ({@code 0x0211}, {@code 1_000}) and decoded
 * on demand. YAML 1.1 booleans ({@code on}, {@code off}, {@code yes}) are scalars whose
 * {@link Scalar#kind()} is {@link ScalarKind#BOOLEAN}; their text is what was written.
 */
public final class YamlSource {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlSource() {
    }

    /** Reads the first document of {@code file}. An empty file is a null scalar at 1:1. */
    public static Node read(Path file) throws Invalid {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(name, reader);
        } catch (IOException e) {
            if (e instanceof JsonProcessingException jpe) {
                throw fromJackson(name, jpe);
            }
            throw new Invalid(name + ": cannot read: " + e, e);
        }
    }

    /** Parses YAML text; {@code name} is used in error messages as the file name. */
    public static Node parse(String name, String text) throws Invalid {
        try {
            return parse(name, new java.io.StringReader(text));
        } catch (JsonProcessingException e) {
            throw fromJackson(name, e);
        } catch (IOException e) {
            throw new Invalid(name + ": cannot read: " + e, e);
        }
    }

    private static Node parse(String name, Reader reader) throws IOException, Invalid {
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Scalar(name, "", new Mark(1, 1), ScalarKind.NULL, "");
            }
            return readNode(name, parser, "");
        }
    }

    private static Invalid fromJackson(String name, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String what = Objects.requireNonNullElse(e.getOriginalMessage(), e.toString()).strip();
        int nl = what.indexOf('\n');
        if (nl > 0) {
            what = what.substring(0, nl).strip();
        }
        String where = loc == null ? name : name + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
        return new Invalid(where + ": malformed YAML: " + what, e);
    }

    private static Node readNode(String file, JsonParser p, String path) throws IOException, Invalid {
        JsonToken t = p.currentToken();
        Mark mark = markOf(p);
        switch (t) {
            case START_OBJECT -> {
                LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
                LinkedHashMap<String, Mark> keyMarks = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Mark keyMark = markOf(p);
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        throw new Invalid(file + ":" + keyMark + ": " + childPath
                                + ": expected each key once, found '" + key + "' again (first at "
                                + keyMarks.get(key) + ")");
                    }
                    p.nextToken();
                    keyMarks.put(key, keyMark);
                    entries.put(key, readNode(file, p, childPath));
                }
                return new Mapping(file, path, mark, entries, keyMarks);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readNode(file, p, path + "[" + items.size() + "]"));
                }
                return new Sequence(file, path, mark, items);
            }
            case VALUE_STRING -> {
                return new Scalar(file, path, mark, ScalarKind.STRING, p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(file, path, mark, ScalarKind.NUMBER, p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(file, path, mark, ScalarKind.BOOLEAN, p.getText());
            }
            case VALUE_NULL -> {
                return new Scalar(file, path, mark, ScalarKind.NULL, p.getText());
            }
            default -> throw new Invalid(file + ":" + mark + ": " + path
                    + ": expected a mapping, list or scalar, found " + t);
        }
    }

    private static Mark markOf(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new Mark(l.getLineNr(), l.getColumnNr());
    }

    /** A position in the file, both 1-based. */
    public record Mark(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** What a plain scalar was read as. */
    public enum ScalarKind { STRING, NUMBER, BOOLEAN, NULL }

    /** A YAML problem, with its message already in FILE:LINE:COLUMN form. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }

        public Invalid(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A node of the tree: where it is ({@code file}, {@code mark}) and what it is ({@code path}). */
    public sealed interface Node permits Mapping, Sequence, Scalar {
        String file();

        String path();

        Mark mark();

        /** An error about this node: {@code FILE:LINE:COL: path: what}. */
        default Invalid error(String what) {
            return new Invalid(file() + ":" + mark() + ": " + (path().isEmpty() ? "" : path() + ": ") + what);
        }

        /** An error: {@code expected …, found <this node>}. */
        default Invalid expected(String expectation) {
            return error("expected " + expectation + ", found " + describe());
        }

        String describe();

        default Mapping asMapping(String expectation) throws Invalid {
            if (this instanceof Mapping m) {
                return m;
            }
            throw expected(expectation);
        }

        default Sequence asSequence(String expectation) throws Invalid {
            if (this instanceof Sequence s) {
                return s;
            }
            throw expected(expectation);
        }

        default Scalar asScalar(String expectation) throws Invalid {
            if (this instanceof Scalar s && s.kind() != ScalarKind.NULL) {
                return s;
            }
            throw expected(expectation);
        }

        /** A string matching {@code pattern}, described to the user as {@code expectation}. */
        default String string(Pattern pattern, String expectation) throws Invalid {
            Scalar s = asScalar(expectation);
            if (!pattern.matcher(s.text()).matches()) {
                throw expected(expectation);
            }
            return s.text();
        }

        /** One of {@code allowed}, reported as {@code expected one of [..], found 'x'}. */
        default String oneOf(Collection<String> allowed) throws Invalid {
            String expectation = "one of " + allowed;
            Scalar s = asScalar(expectation);
            if (!allowed.contains(s.text())) {
                throw expected(expectation);
            }
            return s.text();
        }

        /** An integer written in decimal or 0x hex (underscores allowed), within [min, max]. */
        default long integer(long min, long max, String expectation) throws Invalid {
            Scalar s = asScalar(expectation);
            OptionalLong v = s.kind() == ScalarKind.BOOLEAN ? OptionalLong.empty() : parseInteger(s.text());
            if (v.isEmpty() || v.getAsLong() < min || v.getAsLong() > max) {
                throw expected(expectation);
            }
            return v.getAsLong();
        }

        default boolean bool(String expectation) throws Invalid {
            Scalar s = asScalar(expectation);
            if (s.kind() != ScalarKind.BOOLEAN) {
                throw expected(expectation);
            }
            return switch (s.text().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            };
        }

        /** A list of strings each matching {@code pattern}. A single scalar is not a list. */
        default List<String> strings(Pattern pattern, String expectation) throws Invalid {
            Sequence seq = asSequence("a list of " + expectation);
            List<String> out = new ArrayList<>();
            for (Node item : seq.items()) {
                out.add(item.string(pattern, expectation));
            }
            return List.copyOf(out);
        }
    }

    static OptionalLong parseInteger(String raw) {
        String t = raw.replace("_", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                if (t.length() == 2 || t.length() > 18) {
                    return OptionalLong.empty();
                }
                return OptionalLong.of(Long.parseUnsignedLong(t.substring(2), 16));
            }
            if (t.startsWith("-0x") || t.startsWith("+0x")) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A mapping, with the position of each key. */
    public record Mapping(String file, String path, Mark mark, Map<String, Node> entries, Map<String, Mark> keyMarks)
            implements Node {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyMarks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyMarks));
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        public Optional<Node> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        public Node require(String key) throws Invalid {
            Node n = entries.get(key);
            if (n == null) {
                throw error("expected a '" + key + "' key, found none (keys: " + entries.keySet() + ")");
            }
            return n;
        }

        /** Refuses any key outside {@code allowed}, pointing at the key. */
        public void onlyKeys(Set<String> allowed) throws Invalid {
            for (Map.Entry<String, Mark> k : keyMarks.entrySet()) {
                if (!allowed.contains(k.getKey())) {
                    throw keyError(k.getKey(), "expected one of " + allowed.stream().sorted().toList()
                            + ", found unknown key '" + k.getKey() + "'");
                }
            }
        }

        /** An error positioned at {@code key}, naming {@code path.key}. */
        public Invalid keyError(String key, String what) {
            Mark m = keyMarks.getOrDefault(key, mark);
            String p = path.isEmpty() ? key : path + "." + key;
            return new Invalid(file + ":" + m + ": " + p + ": " + what);
        }
    }

    /** A list. */
    public record Sequence(String file, String path, Mark mark, List<Node> items) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar, with the text as written. */
    public record Scalar(String file, String path, Mark mark, ScalarKind kind, String text) implements Node {
        @Override
        public String describe() {
            return kind == ScalarKind.NULL ? "nothing" : "'" + text + "'";
        }
    }
}
