package org.igdlab.runner.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes Allure result files as a lab run does: fullName suite.cell, axis parameters and host, suite label. */
final class SyntheticResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path results;
    private final String suite;
    private long clock;

    SyntheticResults(Path runDir, String suite, long start) throws IOException {
        this.results = Files.createDirectories(runDir.resolve("allure-results"));
        this.suite = suite;
        this.clock = start;
    }

    Path dir() {
        return results;
    }

    /** A cell {@code generation.machine.firmware.mode} on {@code host}. */
    SyntheticResults cell(String generation, String machine, String firmware, String mode, String host, String status,
                          String message) throws IOException {
        String cellId = generation + "." + machine + "." + firmware + "." + mode;
        ObjectNode r = JSON.createObjectNode();
        r.put("uuid", UUID.randomUUID().toString());
        r.put("name", String.join(" · ", generation, machine, firmware, mode));
        r.put("fullName", suite + "." + cellId);
        r.put("status", status);
        if (message != null) {
            r.putObject("statusDetails").put("message", message);
        }
        r.put("start", clock);
        clock += 1000;
        r.put("stop", clock);
        ArrayNode p = r.putArray("parameters");
        p.addObject().put("name", "generation").put("value", generation);
        p.addObject().put("name", "machine").put("value", machine);
        p.addObject().put("name", "firmware").put("value", firmware);
        p.addObject().put("name", "mode").put("value", mode);
        p.addObject().put("name", "host").put("value", host);
        ArrayNode labels = r.putArray("labels");
        labels.addObject().put("name", "suite").put("value", suite);
        labels.addObject().put("name", "host").put("value", host);
        r.putArray("links");
        JSON.writeValue(results.resolve(r.get("uuid").asText() + "-result.json").toFile(), r);
        return this;
    }
}
