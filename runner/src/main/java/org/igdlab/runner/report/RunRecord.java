package org.igdlab.runner.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code run.json}: what a run directory holds, in a few fields — id, suite, start, end and the
 * count per verdict. Start and end come from the cells' own Allure timestamps, so the record can
 * be written again for any run directory and always says the same thing.
 */
public record RunRecord(String id, String suite, Instant start, Instant end, Map<String, Long> counts) {

    static final String FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunRecord {
        counts = Map.copyOf(counts);
    }

    static RunRecord of(String id, String suite, List<CellResult> cells, Instant fallback) {
        long start = cells.stream().mapToLong(CellResult::start).filter(t -> t > 0).min().orElse(fallback.toEpochMilli());
        long end = cells.stream().mapToLong(CellResult::stop).filter(t -> t > 0).max().orElse(fallback.toEpochMilli());
        Map<String, Long> counts = new TreeMap<>();
        for (String verdict : List.of("passed", "failed", "known", "broken", "skipped")) {
            counts.put(verdict, cells.stream().filter(c -> c.verdict().equals(verdict)).count());
        }
        return new RunRecord(id, suite, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), counts);
    }

    void write(Path runDir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id).put("suite", suite).put("start", start.toString()).put("end", end.toString());
        ObjectNode c = root.putObject("counts");
        new TreeMap<>(counts).forEach(c::put);
        JSON.writeValue(runDir.resolve(FILE).toFile(), root);
    }

    /** The record of {@code runDir}, if it has a readable one. */
    static Optional<RunRecord> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            Map<String, Long> counts = new TreeMap<>();
            n.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
            return Optional.of(new RunRecord(n.path("id").asText(), n.path("suite").asText(),
                    Instant.parse(n.path("start").asText()), Instant.parse(n.path("end").asText()), counts));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
