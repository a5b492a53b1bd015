package org.igdlab.runner.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.igdlab.runner.inventory.YamlSource;
import org.igdlab.runner.scenario.Cell;

/**
 * How long the planner assumes each step takes: one cell, one reboot into another kernel, and
 * optionally the measured time of individual cells (by cell id) from an earlier run. The planner
 * balances hosts with these figures and {@code lab plan --estimate} prints them; nothing waits on them.
 *
 * @param cell    a cell not measured: launch, guest boot, probes, teardown
 * @param reboot  one reboot into another kernel: next-boot, reboot, down, up, checks
 * @param perCell measured cell durations by cell id (reboot time excluded)
 */
public record Durations(Duration cell, Duration reboot, Map<String, Duration> perCell) {

    /** Real hardware: a guest with a real IGD boots in about a minute, a host reboots in about three. */
    public static final Duration DEFAULT_CELL = Duration.ofSeconds(120);
    public static final Duration DEFAULT_REBOOT = Duration.ofSeconds(180);
    /** The inventory's top-level block: {@code durations: {cell: SECONDS, reboot: SECONDS}}. */
    public static final String BLOCK = "durations";

    private static final ObjectMapper JSON = new ObjectMapper();

    public Durations {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(reboot, "reboot");
        if (cell.isNegative() || cell.isZero()) {
            throw new IllegalArgumentException("durations.cell (" + cell.toSeconds() + "s) must be positive");
        }
        if (reboot.isNegative()) {
            throw new IllegalArgumentException("durations.reboot (" + reboot.toSeconds() + "s) must not be negative");
        }
        perCell = Collections.unmodifiableMap(new HashMap<>(perCell));
    }

    public static Durations defaults() {
        return new Durations(DEFAULT_CELL, DEFAULT_REBOOT, Map.of());
    }

    /** The estimated time of {@code cell}: its measured time if there is one, else {@link #cell()}. */
    public Duration of(Cell c) {
        return perCell.getOrDefault(c.id(), cell);
    }

    /**
     * The {@code durations:} block of an inventory file, or the defaults when it has none.
     *
     * @throws IllegalArgumentException naming file, line and what was wrong
     */
    public static Durations fromInventory(Path inventory) throws IOException {
        try {
            YamlSource.Mapping root = YamlSource.read(inventory).asMapping("an inventory mapping");
            if (root.get(BLOCK).isEmpty()) {
                return defaults();
            }
            YamlSource.Mapping block = root.get(BLOCK).get()
                    .asMapping("a mapping {cell: SECONDS, reboot: SECONDS} (estimates for lab plan --estimate)");
            block.onlyKeys(java.util.Set.of("cell", "reboot"));
            Duration cell = block.get("cell").isPresent()
                    ? Duration.ofSeconds(block.get("cell").get().integer(1, 86_400, "cell seconds, 1..86400"))
                    : DEFAULT_CELL;
            Duration reboot = block.get("reboot").isPresent()
                    ? Duration.ofSeconds(block.get("reboot").get().integer(0, 86_400, "reboot seconds, 0..86400"))
                    : DEFAULT_REBOOT;
            return new Durations(cell, reboot, Map.of());
        } catch (YamlSource.Invalid e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * These durations with each cell of an earlier run measured from its allure-results: a cell's
     * stop minus start, less the time of its reboot steps; the reboot figure becomes the mean of the
     * measured reboot steps when there were any. Skipped cells (no time on a host) are left out.
     *
     * @throws IllegalArgumentException when {@code runDir} has no allure-results or no timed cell
     */
    public Durations measuredIn(Path runDir) throws IOException {
        Path results = runDir.resolve("allure-results");
        if (!Files.isDirectory(results)) {
            throw new IllegalArgumentException("--from-run " + runDir + ": no allure-results directory in it");
        }
        Map<String, Duration> measured = new HashMap<>();
        List<Long> reboots = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(results)) {
            files = list.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode node = JSON.readTree(file.toFile());
            long start = node.path("start").asLong(0);
            long stop = node.path("stop").asLong(0);
            if ("skipped".equals(node.path("status").asText()) || start <= 0 || stop < start) {
                continue;
            }
            String suite = "";
            for (JsonNode l : node.path("labels")) {
                if ("suite".equals(l.path("name").asText())) {
                    suite = l.path("value").asText();
                }
            }
            String fullName = node.path("fullName").asText("");
            String id = !suite.isEmpty() && fullName.startsWith(suite + ".") ? fullName.substring(suite.length() + 1) : fullName;
            long rebootMillis = 0;
            for (JsonNode step : node.path("steps")) {
                if (step.path("name").asText().startsWith(Planner.REBOOT_STEP)) {
                    long d = step.path("stop").asLong(0) - step.path("start").asLong(0);
                    if (d > 0) {
                        rebootMillis += d;
                        reboots.add(d);
                    }
                }
            }
            measured.put(id, Duration.ofMillis(Math.max(1, stop - start - rebootMillis)));
        }
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("--from-run " + runDir + ": no timed cell in " + results);
        }
        Duration rebootFigure = reboots.isEmpty() ? reboot
                : Duration.ofMillis(reboots.stream().mapToLong(Long::longValue).sum() / reboots.size());
        Map<String, Duration> all = new HashMap<>(perCell);
        all.putAll(measured);
        return new Durations(cell, rebootFigure, all);
    }
}
