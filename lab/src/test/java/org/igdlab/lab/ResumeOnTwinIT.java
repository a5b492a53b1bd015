package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab run} as its own JVM (the shaded jar), killed with SIGKILL while cells are running,
 * then {@code lab run --resume}: the run ends with the same per-cell outcomes as a clean run of the
 * same suite, no cell that had finished before the kill runs again, and the attempts the kill cut
 * off are reported as broken ("interrupted: the runner stopped") before their cells run again.
 */
class ResumeOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final Path JAR = HOME.resolve("lab/target/igdlab.jar");
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** 18 cells on kbl-01, cfl-01, cfl-02 (its seeded firmware fault may fail some) and adl-01. */
    private static final String SUITE = """
            version: 1
            suite: resume
            description: a few generations and axes, enough cells to kill the runner in the middle
            coverage: full
            guest: linux
            axes:
              generation: [kaby-lake, coffee-lake, alder-lake]
              machine: [q35, pc]
              firmware: [seabios]
              mode: [upt]
              x-igd-opregion: ["on", "off", default]
            """;
    private static final int CELLS = 18;

    @TempDir
    Path tmp;

    @Test
    void aRunKilledMidCellAndResumedEndsLikeACleanRunAndRunsNoFinishedCellTwice() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn -pl lab -am package)").isRegularFile();
        Path inventory = Files.copy(HOME.resolve("lab-inventory/twin.yaml"), tmp.resolve("twin.yaml"));
        Path suite = Files.writeString(tmp.resolve("resume.yaml"), SUITE);
        Path reports = tmp.resolve("reports");
        Path journal = reports.resolve("runs/killed/journal.jsonl");

        Path log = tmp.resolve("killed.log");
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Digdlab.home=" + HOME, "-jar", JAR.toString(), "run", "--inventory", inventory.toString(),
                "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "killed", "--no-html")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitUntilSomeCellsFinishedAndOthersRun(runner, journal, log);
        } finally {
            runner.destroyForcibly();
            runner.waitFor();
        }
        List<String> atKill = Files.readAllLines(journal);
        Set<String> finishedBeforeKill = cells(finals(parse(atKill)));
        Set<String> runningAtKill = running(parse(atKill));
        assertThat(finishedBeforeKill).isNotEmpty().hasSizeLessThan(CELLS);
        assertThat(runningAtKill).isNotEmpty();

        Result resumed = lab("run", "--resume", "killed", "--reports", reports.toString(), "--no-html");
        Result clean = lab("run", "--inventory", inventory.toString(), "--suite", suite.toString(),
                "--reports", reports.toString(), "--run-id", "clean", "--no-html");

        List<JsonNode> after = parse(Files.readAllLines(journal));
        Map<String, String> resumedStatuses = statuses(finals(after));
        Map<String, String> cleanStatuses = statuses(finals(parse(Files.readAllLines(reports.resolve("runs/clean/journal.jsonl")))));
        assertThat(cleanStatuses).hasSize(CELLS).containsValue("passed");
        assertThat(resumedStatuses).isEqualTo(cleanStatuses);
        assertThat(finals(after)).extracting(j -> j.path("cell").asText()).doesNotHaveDuplicates();
        assertThat(resumed.exit()).as(resumed.out()).isEqualTo(clean.exit());
        assertThat(resumed.out()).contains("resuming: " + finishedBeforeKill.size() + " cell(s) finished earlier are kept");

        List<JsonNode> sinceKill = parse(Files.readAllLines(journal).subList(atKill.size(), Files.readAllLines(journal).size()));
        assertThat(sinceKill).extracting(j -> j.path("cell").asText()).doesNotContainAnyElementsOf(finishedBeforeKill);

        for (String cell : runningAtKill) {
            assertThat(sinceKill).as(cell).filteredOn(j -> j.path("cell").asText().equals(cell)).first().satisfies(j -> {
                assertThat(j.path("event").asText()).isEqualTo("finished");
                assertThat(j.path("status").asText()).isEqualTo("broken");
                assertThat(j.path("final").asBoolean()).isFalse();
                assertThat(j.path("message").asText()).contains("interrupted: the runner stopped");
            });
        }

        Map<String, List<JsonNode>> allure = allureByCell(reports.resolve("runs/killed/allure-results"));
        assertThat(allure).hasSize(CELLS);
        allure.forEach((cell, results) -> {
            JsonNode last = results.stream().max((a, b) -> Long.compare(a.path("start").asLong(), b.path("start").asLong()))
                    .orElseThrow();
            assertThat(last.path("status").asText()).as(cell).isEqualTo(cleanStatuses.get(cell));
        });
        for (String cell : runningAtKill) {
            assertThat(allure.get(cell)).as(cell).anySatisfy(r -> {
                assertThat(r.path("status").asText()).isEqualTo("broken");
                assertThat(r.path("statusDetails").path("message").asText()).contains("interrupted: the runner stopped");
            });
        }
        // the same table; its host rows come in the order the hosts finished their first cell
        assertThat(Files.readString(reports.resolve("runs/killed/summary.txt")).lines().sorted().toList())
                .isEqualTo(Files.readString(reports.resolve("runs/clean/summary.txt")).replace("clean", "killed")
                        .lines().sorted().toList());
    }

    private record Result(int exit, String out) {
    }

    private static Result lab(String... args) {
        StringWriter out = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
        return new Result(exit, out.toString());
    }

    private static void waitUntilSomeCellsFinishedAndOthersRun(Process runner, Path journal, Path log) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            if (!runner.isAlive()) {
                fail("lab run ended (exit " + runner.exitValue() + ") before it could be killed:\n" + Files.readString(log));
            }
            if (Files.isRegularFile(journal)) {
                List<JsonNode> entries = parse(Files.readAllLines(journal));
                if (!finals(entries).isEmpty() && !running(entries).isEmpty()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail("no cell finished within " + PATIENCE + ":\n" + Files.readString(log));
    }

    /** The readable lines; a line the kill cut off is what the runner must tolerate, so the test does too. */
    private static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            try {
                entries.add(JSON.readTree(line));
            } catch (Exception e) {
                // cut off by the kill
            }
        }
        return entries;
    }

    private static List<JsonNode> finals(List<JsonNode> entries) {
        return entries.stream().filter(j -> j.path("event").asText().equals("finished") && j.path("final").asBoolean())
                .toList();
    }

    private static Set<String> cells(List<JsonNode> entries) {
        Set<String> cells = new HashSet<>();
        entries.forEach(j -> cells.add(j.path("cell").asText()));
        return cells;
    }

    /** Cells with an attempt started and not finished. */
    private static Set<String> running(List<JsonNode> entries) {
        Set<String> open = new HashSet<>();
        for (JsonNode j : entries) {
            String key = j.path("cell").asText() + "#" + j.path("attempt").asInt();
            if (j.path("event").asText().equals("started")) {
                open.add(key);
            } else {
                open.remove(key);
            }
        }
        Set<String> cells = new HashSet<>();
        open.forEach(k -> cells.add(k.substring(0, k.lastIndexOf('#'))));
        return cells;
    }

    private static Map<String, String> statuses(List<JsonNode> finals) {
        Map<String, String> statuses = new TreeMap<>();
        finals.forEach(j -> statuses.put(j.path("cell").asText(), j.path("status").asText()));
        return statuses;
    }

    private static Map<String, List<JsonNode>> allureByCell(Path results) throws Exception {
        Map<String, List<JsonNode>> byCell = new TreeMap<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList()) {
                JsonNode r = JSON.readTree(f.toFile());
                String cell = r.path("fullName").asText().substring("resume.".length());
                byCell.computeIfAbsent(cell, c -> new ArrayList<>()).add(r);
            }
        }
        return byCell;
    }
}
