package org.igdlab.runner.display;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The needles of a directory (scenarios/needles/): for each {@code NAME.json} the image
 * {@code NAME.png} beside it. The JSON is openQA's needle format:
 * <pre>
 * {"tags": ["os", "linux-console"],
 *  "area": [{"xpos": 0, "ypos": 0, "width": 296, "height": 16, "type": "match", "match": 95},
 *           {"xpos": 160, "ypos": 0, "width": 48, "height": 16, "type": "exclude"}]}
 * </pre>
 * {@code match} is the similarity in percent an area must reach (default 96, as in openQA);
 * {@code type} is {@code match} or {@code exclude} ({@code ocr} is not supported). Unknown keys
 * (openQA's {@code properties}) are ignored.
 */
public final class Needles {
    static final double DEFAULT_MATCH_PERCENT = 96;
    private static final Set<String> AREA_KEYS = Set.of("xpos", "ypos", "width", "height", "type", "match", "margin",
            "click_point");
    private final List<Needle> needles;

    private Needles(List<Needle> needles) {
        this.needles = List.copyOf(needles);
    }

    public static Needles none() {
        return new Needles(List.of());
    }

    public static Needles of(List<Needle> needles) {
        return new Needles(needles);
    }

    /** Every needle of {@code dir}, in name order; a directory that does not exist has none. */
    public static Needles load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return none();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        List<Needle> out = new ArrayList<>();
        for (Path file : files) {
            out.add(read(json, file));
        }
        return new Needles(out);
    }

    public List<Needle> all() {
        return needles;
    }

    public List<Needle> tagged(String tag) {
        return needles.stream().filter(n -> n.tags().contains(tag)).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Needles n && n.needles.equals(needles);
    }

    @Override
    public int hashCode() {
        return needles.hashCode();
    }

    @Override
    public String toString() {
        return "Needles" + needles.stream().map(Needle::name).toList();
    }

    private static Needle read(ObjectMapper json, Path file) throws IOException {
        String base = file.getFileName().toString().replaceFirst("\\.json$", "");
        Path png = file.resolveSibling(base + ".png");
        try {
            if (!Files.isRegularFile(png)) {
                throw new IllegalArgumentException("no image " + png.getFileName() + " beside it");
            }
            JsonNode root = json.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("expected a JSON object {tags, area}");
            }
            Set<String> tags = new LinkedHashSet<>();
            for (JsonNode t : root.path("tags")) {
                tags.add(t.asText());
            }
            List<Needle.MatchArea> matches = new ArrayList<>();
            List<Area> excludes = new ArrayList<>();
            int i = 0;
            for (JsonNode a : root.path("area")) {
                String where = "area[" + i++ + "]";
                a.fieldNames().forEachRemaining(k -> {
                    if (!AREA_KEYS.contains(k)) {
                        throw new IllegalArgumentException(where + ": unknown key '" + k + "' (allowed: " + AREA_KEYS + ")");
                    }
                });
                Area area = new Area(integer(a, "xpos", where), integer(a, "ypos", where), integer(a, "width", where),
                        integer(a, "height", where));
                String type = a.path("type").asText("match");
                switch (type) {
                    case "match" -> {
                        double percent = a.has("match") ? a.get("match").asDouble(-1) : DEFAULT_MATCH_PERCENT;
                        if (!(percent > 0 && percent <= 100)) {
                            throw new IllegalArgumentException(where + ": match (" + a.get("match") + ") must be a percentage in (0, 100]");
                        }
                        matches.add(new Needle.MatchArea(area, percent / 100));
                    }
                    case "exclude" -> excludes.add(area);
                    default -> throw new IllegalArgumentException(where + ": type '" + type + "' is not one of [match, exclude]");
                }
            }
            return new Needle(base, tags, matches, excludes, Frame.fromImage(Files.readAllBytes(png)));
        } catch (IllegalArgumentException | IOException e) {
            throw new IOException("needle " + file + ": " + e.getMessage(), e);
        }
    }

    private static int integer(JsonNode area, String key, String where) {
        JsonNode v = area.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a whole number of pixels, got " + v);
        }
        return v.asInt();
    }
}
