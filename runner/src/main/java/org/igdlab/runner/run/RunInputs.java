package org.igdlab.runner.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.igdlab.runner.plan.Shard;

/**
 * {@code run.inputs.json}: what a run was made from (absolute paths and budgets), written when
 * it starts so that {@code lab run --resume RUN_ID} needs nothing but the run id.
 */
record RunInputs(Path inventory, Path artifacts, Path suite, Path expectations, RunBudgets budgets, Shard shard) {

    static final String FILE = "run.inputs.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    RunInputs {
        inventory = inventory.toAbsolutePath().normalize();
        artifacts = artifacts.toAbsolutePath().normalize();
        suite = suite.toAbsolutePath().normalize();
        expectations = expectations.toAbsolutePath().normalize();
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(shard, "shard");
    }

    static RunInputs of(RunRequest request) {
        return new RunInputs(request.inventory(), request.artifacts(), request.suite(), request.expectations(),
                request.budgets(), request.shard());
    }

    void write(Path runDir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("inventory", inventory.toString()).put("artifacts", artifacts.toString())
                .put("suite", suite.toString()).put("expectations", expectations.toString())
                .put("shard", shard.toString());
        ObjectNode b = root.putObject("budgets");
        b.put("connect", budgets.connect().toString()).put("hostStep", budgets.hostStep().toString())
                .put("qmp", budgets.qmp().toString()).put("guestBoot", budgets.guestBoot().toString())
                .put("probe", budgets.probe().toString()).put("cell", budgets.cell().toString());
        Files.writeString(runDir.resolve(FILE), JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the run directory has no readable inputs file, saying why */
    static RunInputs read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot resume: " + file + " does not exist (only runs started by this"
                    + " version of lab run write it)");
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            JsonNode b = n.path("budgets");
            RunBudgets budgets = new RunBudgets(duration(b, "connect"), duration(b, "hostStep"), duration(b, "qmp"),
                    duration(b, "guestBoot"), duration(b, "probe"), duration(b, "cell"));
            // a resumed shard must run the same slice (runs written before sharding have no field: the whole plan)
            Shard shard = n.hasNonNull("shard") ? Shard.parse(n.get("shard").asText()) : Shard.whole();
            return new RunInputs(path(n, "inventory"), path(n, "artifacts"), path(n, "suite"), path(n, "expectations"),
                    budgets, shard);
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot resume: " + file + " is not readable: " + e.getMessage(), e);
        }
    }

    private static Path path(JsonNode n, String field) {
        String value = n.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return Path.of(value);
    }

    private static Duration duration(JsonNode b, String field) {
        return Duration.parse(b.path(field).asText("missing " + field));
    }
}
