package org.igdlab.runner.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code *-result.json} files of an allure-results directory: read into {@link CellResult}s,
 * and amended in place for known issues (the first message line {@code KNOWN ISSUE <id>: <title>},
 * an issue link, a {@code known-issue} label). Amending is repeatable: a result tagged earlier is
 * untagged first, so re-reporting a run with an edited known-issues.yaml re-triages it.
 */
final class ResultFiles {

    static final String KNOWN_LABEL = "known-issue";
    static final String RETRIED_LABEL = RunReport.RETRIED_LABEL;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    /** The cells' result files: a run's verdict ({@link RunVerdictResult}) is not a cell. */
    static List<Path> files(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            throw new IllegalArgumentException(results + " is not an allure-results directory");
        }
        try (Stream<Path> list = Files.list(results)) {
            List<Path> all = list.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList();
            List<Path> cells = new ArrayList<>();
            for (Path p : all) {
                if (label(JSON.readTree(p.toFile()), RunVerdictResult.LABEL).isEmpty()) {
                    cells.add(p);
                }
            }
            return cells;
        }
    }

    /**
     * The results that are a cell's outcome: an attempt that was retried after a lab fault (label
     * {@value #RETRIED_LABEL}) is in the report as a retry of its cell, not counted as a cell here.
     */
    static List<CellResult> read(Path results) throws IOException {
        List<CellResult> cells = new ArrayList<>();
        for (Path file : files(results)) {
            JsonNode node = JSON.readTree(file.toFile());
            if (label(node, RETRIED_LABEL).isEmpty()) {
                cells.add(toCell(node, file));
            }
        }
        return cells;
    }

    /** The suite label of the first result, if any. */
    static Optional<String> suite(Path results) throws IOException {
        for (Path file : files(results)) {
            Optional<String> suite = label(JSON.readTree(file.toFile()), "suite");
            if (suite.isPresent()) {
                return suite;
            }
        }
        return Optional.empty();
    }

    /**
     * Tags every failed result that a known issue explains, and untags any that none explains any
     * more. Returns the cell ids now known, with their issue.
     */
    static Map<String, KnownIssue> tagKnown(Path results, KnownIssues known) throws IOException {
        Map<String, KnownIssue> tagged = new LinkedHashMap<>();
        for (Path file : files(results)) {
            ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
            if (!"failed".equals(node.path("status").asText())) {
                continue;
            }
            boolean wasTagged = untag(node);
            CellResult cell = toCell(node, file);
            Map<String, String> axes = new LinkedHashMap<>(cell.axes());
            axes.put("host", cell.host());
            Optional<KnownIssue> issue = known.match(axes, cell.message());
            issue.ifPresent(i -> {
                tag(node, i);
                tagged.put(cell.cellId(), i);
            });
            if (issue.isPresent() || wasTagged) {
                JSON.writeValue(file.toFile(), node);
            }
        }
        return tagged;
    }

    private static void tag(ObjectNode node, KnownIssue issue) {
        ObjectNode details = node.has("statusDetails") && node.get("statusDetails").isObject()
                ? (ObjectNode) node.get("statusDetails") : node.putObject("statusDetails");
        details.put("message", issue.messagePrefix() + "\n" + details.path("message").asText(""));
        ArrayNode links = node.has("links") && node.get("links").isArray() ? (ArrayNode) node.get("links") : node.putArray("links");
        links.addObject().put("name", issue.id()).put("url", issue.url()).put("type", "issue");
        ArrayNode labels = node.has("labels") && node.get("labels").isArray() ? (ArrayNode) node.get("labels") : node.putArray("labels");
        labels.addObject().put("name", KNOWN_LABEL).put("value", issue.id());
        labels.addObject().put("name", "tag").put("value", "known issue");
    }

    /** Removes an earlier known-issue tag; true if there was one. */
    private static boolean untag(ObjectNode node) {
        Optional<String> id = label(node, KNOWN_LABEL);
        if (id.isEmpty()) {
            return false;
        }
        JsonNode details = node.path("statusDetails");
        String message = details.path("message").asText("");
        if (message.startsWith(KnownIssues.MESSAGE_PREFIX)) {
            int nl = message.indexOf('\n');
            ((ObjectNode) details).put("message", nl < 0 ? "" : message.substring(nl + 1));
        }
        removeIf(node.path("links"), l -> "issue".equals(l.path("type").asText()) && id.get().equals(l.path("name").asText()));
        removeIf(node.path("labels"), l -> KNOWN_LABEL.equals(l.path("name").asText())
                || "tag".equals(l.path("name").asText()) && "known issue".equals(l.path("value").asText()));
        return true;
    }

    private static void removeIf(JsonNode array, java.util.function.Predicate<JsonNode> drop) {
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            if (drop.test(it.next())) {
                it.remove();
            }
        }
    }

    private static Optional<String> label(JsonNode node, String name) {
        for (JsonNode l : node.path("labels")) {
            if (name.equals(l.path("name").asText())) {
                return Optional.of(l.path("value").asText());
            }
        }
        return Optional.empty();
    }

    private static CellResult toCell(JsonNode node, Path file) {
        String fullName = node.path("fullName").asText("");
        if (fullName.isEmpty()) {
            throw new UncheckedIOException(new IOException(file + ": an Allure result without a fullName"));
        }
        String suite = label(node, "suite").orElse("");
        String cellId = !suite.isEmpty() && fullName.startsWith(suite + ".") ? fullName.substring(suite.length() + 1) : fullName;
        Map<String, String> axes = new LinkedHashMap<>();
        String host = "none";
        for (JsonNode p : node.path("parameters")) {
            String name = p.path("name").asText();
            if ("host".equals(name)) {
                host = p.path("value").asText();
            } else {
                axes.put(name, p.path("value").asText());
            }
        }
        Optional<String> known = label(node, KNOWN_LABEL);
        String status = node.path("status").asText("unknown");
        String verdict = "failed".equals(status) && known.isPresent() ? "known" : status;
        return new CellResult(cellId, node.path("name").asText(cellId), verdict, host, axes,
                node.path("statusDetails").path("message").asText(""), known,
                node.path("start").asLong(0), node.path("stop").asLong(0));
    }
}
