package org.igdlab.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a run's cells spent their time, read back from the run's Allure results (each cell step
 * is an Allure step with its start and stop): the median of each step over the cells that ran.
 */
final class StepTimes {

    private final Map<String, CellTimes> byStep;

    private StepTimes(Map<String, CellTimes> byStep) {
        this.byStep = byStep;
    }

    /** Steps of every passed or failed cell in {@code allureResults}, the host name in a step's name as HOST. */
    static StepTimes read(Path allureResults) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Long>> steps = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(allureResults)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                JsonNode result = json.readTree(file.toFile());
                String status = result.path("status").asText();
                if (!status.equals("passed") && !status.equals("failed")) {
                    continue;
                }
                String host = "";
                for (JsonNode label : result.path("labels")) {
                    if (label.path("name").asText().equals("host")) {
                        host = label.path("value").asText();
                    }
                }
                for (JsonNode step : result.path("steps")) {
                    String name = host.isEmpty() ? step.path("name").asText() : step.path("name").asText().replace(host, "HOST");
                    steps.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(step.path("stop").asLong() - step.path("start").asLong());
                }
            }
        }
        Map<String, CellTimes> times = new LinkedHashMap<>();
        steps.forEach((name, millis) -> times.put(name, new CellTimes(millis)));
        return new StepTimes(times);
    }

    /** The {@code how} slowest steps by median, e.g. "connect to HOST … 16686 ms, collect logs 13082 ms". */
    String slowest(int how) {
        return byStep.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, CellTimes> e) -> e.getValue().median()).reversed())
                .limit(how)
                .map(e -> String.format("%s %.0f ms", e.getKey(), e.getValue().median()))
                .collect(Collectors.joining(", "));
    }
}
