package org.igdlab.runner.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Allure result that is not a cell: the verdict of a whole run (the release qualification of
 * {@code lab qualify}), so that the HTML report shows it as a test of its own, under its own
 * suite, with its summary as the description and its files attached. It carries the label
 * {@value #LABEL}, and {@link ResultFiles} leaves such results out of the cells: a later baseline
 * diff or run.json never counts it.
 *
 * @param status      passed, failed or broken (Allure's words for qualified, not qualified, no verdict)
 * @param attachments file name → content, attached in this order (type from the extension)
 */
public record RunVerdictResult(String name, String suite, String status, String message, String descriptionMarkdown,
                               Map<String, byte[]> attachments, Instant start, Instant stop) {

    /** The label that marks a result as a run's verdict rather than a cell. */
    public static final String LABEL = "igdlab-run-verdict";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunVerdictResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(suite, "suite");
        if (!List.of("passed", "failed", "broken").contains(status)) {
            throw new IllegalArgumentException("run verdict status (" + status + ") must be passed, failed or broken");
        }
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(descriptionMarkdown, "descriptionMarkdown");
        attachments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attachments));
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
    }

    /** Writes the result and its attachments into {@code results}; returns the result file. */
    public Path write(Path results) throws IOException {
        String uuid = UUID.randomUUID().toString();
        ObjectNode root = JSON.createObjectNode();
        root.put("uuid", uuid).put("historyId", suite + ":" + name.replaceAll(":.*", ""))
                .put("name", name).put("fullName", suite + "." + name.replaceAll(":.*", "").replace(' ', '-'))
                .put("status", status).put("stage", "finished")
                .put("description", descriptionMarkdown)
                .put("start", start.toEpochMilli()).put("stop", stop.toEpochMilli());
        root.putObject("statusDetails").put("message", message);
        ArrayNode labels = root.putArray("labels");
        labels.addObject().put("name", "suite").put("value", suite);
        labels.addObject().put("name", "severity").put("value", "blocker");
        labels.addObject().put("name", LABEL).put("value", "true");
        ArrayNode files = root.putArray("attachments");
        for (Map.Entry<String, byte[]> a : attachments.entrySet()) {
            String ext = a.getKey().contains(".") ? a.getKey().substring(a.getKey().lastIndexOf('.')) : ".txt";
            String source = UUID.randomUUID() + "-attachment" + ext;
            Files.write(results.resolve(source), a.getValue());
            files.addObject().put("name", a.getKey()).put("source", source).put("type", type(ext));
        }
        Path file = results.resolve(uuid + "-result.json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    /** Adds entries to the run's environment.properties (Allure's environment widget). */
    public static void addEnvironment(Path results, Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        entries.forEach((k, v) -> text.append(k.replace(" ", "_")).append('=')
                .append(v.replace("\\", "\\\\").replace("\n", " ")).append('\n'));
        Files.writeString(results.resolve("environment.properties"), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String type(String ext) {
        return switch (ext) {
            case ".md" -> "text/markdown";
            case ".json" -> "application/json";
            default -> "text/plain";
        };
    }
}
