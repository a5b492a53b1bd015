package org.igdlab.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The files a benchmark runs on: a twin.yaml of copies of the fleet's healthy hosts (each
 * generation once, cycled until there are as many hosts as asked, renamed {@code NAME-NNN}), and
 * a suite that gives each of those hosts the same number of cells.
 *
 * <p>Why copies of the fault-free hosts: a seeded fault (cfl-02's firmware) would make some cells
 * cheaper than others, and two hosts of one generation per cycle would unbalance the cells per
 * host. Why exclusions: the planner gives a generation's cells to its hosts round-robin, so a
 * generation with k hosts and c cells per host needs exactly k × c cells; the suite's product has {@link #CELLS_PER_GENERATION}
 * per generation and the rest are excluded by constraints (they become skipped rows of the run).
 *
 * @param twinYaml    the synthesised twin inventory
 * @param hostsByGeneration generation id → how many hosts of it, in fleet order
 */
record BenchFleet(Path twinYaml, Map<String, Integer> hostsByGeneration) {

    /**
     * The axes every bench cell varies on top of its generation, chosen so that every cell boots a
     * guest: UPT only (legacy mode depends on the host's ROM and generation), nothing QEMU refuses.
     */
    static final Map<String, List<String>> AXES = axes();
    static final int CELLS_PER_GENERATION = AXES.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);

    BenchFleet {
        hostsByGeneration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hostsByGeneration));
        if (hostsByGeneration.isEmpty()) {
            throw new IllegalArgumentException("a bench fleet needs at least one host");
        }
    }

    /** The same twin.yaml, counted as one host per generation: a suite for it runs on each generation's first host. */
    BenchFleet firstHostOfEachGeneration() {
        Map<String, Integer> one = new LinkedHashMap<>();
        hostsByGeneration.keySet().forEach(g -> one.put(g, 1));
        return new BenchFleet(twinYaml, one);
    }

    int hosts() {
        return hostsByGeneration.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Writes {@code target}: {@code hosts} copies of the fault-free hosts of {@code source}
     * (only those of {@code generation} when given), in the source's order, cycled.
     */
    static BenchFleet synthesise(Path source, Path target, int hosts, Optional<String> generation) throws IOException {
        if (hosts < 1) {
            throw new IllegalArgumentException("hosts (" + hosts + ") must be at least 1");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        ObjectNode root = (ObjectNode) yaml.readTree(source.toFile());
        List<ObjectNode> healthy = new ArrayList<>();
        List<String> generations = new ArrayList<>();
        for (JsonNode host : root.withArray("hosts")) {
            boolean faulty = host.path("twin").path("faults").size() > 0;
            String gen = host.path("generation").asText();
            if (!faulty && !generations.contains(gen) && generation.map(gen::equals).orElse(true)) {
                healthy.add((ObjectNode) host);
                generations.add(gen);
            }
        }
        if (healthy.isEmpty()) {
            throw new IllegalArgumentException(source + " has no fault-free host"
                    + generation.map(g -> " of generation " + g).orElse("") + " to copy");
        }
        int most = (hosts + healthy.size() - 1) / healthy.size();
        if (most > CELLS_PER_GENERATION) {
            throw new IllegalArgumentException("hosts (" + hosts + ") is more than this bench can give one cell each: at most "
                    + CELLS_PER_GENERATION * healthy.size() + " (" + CELLS_PER_GENERATION + " per generation, "
                    + healthy.size() + " generations)");
        }
        ArrayNode copies = root.putArray("hosts");
        Map<String, Integer> byGeneration = new LinkedHashMap<>();
        for (int i = 0; i < hosts; i++) {
            ObjectNode original = healthy.get(i % healthy.size());
            ObjectNode copy = original.deepCopy();
            copy.put("name", String.format("%s-%03d", original.get("name").asText(), i / healthy.size() + 1));
            copies.add(copy);
            byGeneration.merge(original.get("generation").asText(), 1, Integer::sum);
        }
        Files.writeString(target, "# synthesised by `lab bench` from " + source + ": " + hosts + " copies of its fault-free hosts\n"
                + yaml.writeValueAsString(root));
        return new BenchFleet(target, byGeneration);
    }

    /**
     * A full-coverage suite with exactly {@code cellsPerHost} cells for each host: a generation
     * with k hosts gets k × cellsPerHost cells, which the planner deals out round-robin.
     */
    void writeSuite(Path target, String name, int cellsPerHost) throws IOException {
        int most = hostsByGeneration.values().stream().mapToInt(Integer::intValue).max().orElse(0) * cellsPerHost;
        if (cellsPerHost < 1 || most > CELLS_PER_GENERATION) {
            throw new IllegalArgumentException("cells per host (" + cellsPerHost + ") must be 1.." + CELLS_PER_GENERATION
                    + " / hosts per generation (" + most / Math.max(1, cellsPerHost) + ")");
        }
        StringBuilder s = new StringBuilder();
        s.append("# synthesised by `lab bench`: ").append(cellsPerHost).append(" cell(s) per host of ")
                .append(twinYaml.getFileName()).append('\n');
        s.append("version: 1\nsuite: ").append(name).append("\ncoverage: full\nguest: linux\naxes:\n");
        s.append("  generation: [").append(String.join(", ", hostsByGeneration.keySet())).append("]\n");
        AXES.forEach((axis, values) -> s.append("  ").append(axis).append(": [")
                .append(String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList())).append("]\n"));
        List<Map<String, String>> excluded = new ArrayList<>();
        for (Map.Entry<String, Integer> e : hostsByGeneration.entrySet()) {
            List<Map<String, String>> cells = product(e.getKey());
            excluded.addAll(cells.subList(e.getValue() * cellsPerHost, cells.size()));
        }
        if (!excluded.isEmpty()) {
            s.append("constraints:\n");
            for (int i = 0; i < excluded.size(); i++) {
                s.append("  - id: beyond-one-cell-per-host-").append(i + 1).append("\n    when: {");
                s.append(String.join(", ", excluded.get(i).entrySet().stream()
                        .map(c -> c.getKey() + ": \"" + c.getValue() + "\"").toList()));
                s.append("}\n    exclude: true\n    reason: beyond the bench's cells per host\n");
            }
        }
        Files.writeString(target, s);
    }

    /** The generation's cells in suite order (first axis slowest), as the planner enumerates them. */
    private static List<Map<String, String>> product(String generation) {
        List<Map<String, String>> rows = new ArrayList<>();
        Map<String, String> first = new LinkedHashMap<>();
        first.put("generation", generation);
        rows.add(first);
        for (Map.Entry<String, List<String>> axis : AXES.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> row : rows) {
                for (String value : axis.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(row);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            rows = next;
        }
        return rows;
    }

    private static Map<String, List<String>> axes() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("machine", List.of("q35", "pc"));
        axes.put("firmware", List.of("ovmf", "seabios"));
        axes.put("mode", List.of("upt"));
        axes.put("x-igd-opregion", List.of("on", "default", "off"));
        // not x-igd-lpc=on: QEMU refuses it on q35 (expectations.yaml lpc-on-q35), a cell with no guest
        axes.put("x-igd-lpc", List.of("default", "off"));
        axes.put("rom", List.of("rombar", "none"));
        return java.util.Collections.unmodifiableMap(axes);
    }
}
