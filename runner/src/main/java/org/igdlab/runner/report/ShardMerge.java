package org.igdlab.runner.report;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Joins the run directories of a sharded run ({@code lab run --shard K/N}, one per CI job) into
 * one run directory: every shard's allure-results (results, containers, attachments: their file
 * names are UUIDs, so they do not collide) and JUnit XML (prefixed with the shard's directory
 * name, since every shard writes the same file names), and the union of their
 * {@code environment.properties}. A shard's carried-in trend history is left out: the merged run
 * gets its own from the runs beside it when it is reported.
 *
 * <p>Refused, before anything is written: a directory without allure-results, shards of different
 * suites, a cell in two shards, and an output directory that already has results.
 */
public final class ShardMerge {

    /** What was merged: the suite, how many cells, from which run directories, into which. */
    public record Merged(String suite, int cells, List<Path> shards, Path runDir) {
        public Merged {
            Objects.requireNonNull(suite, "suite");
            shards = List.copyOf(shards);
            Objects.requireNonNull(runDir, "runDir");
        }
    }

    private static final String ENVIRONMENT = "environment.properties";
    /** Written again for the merged run by {@link RunReport#prepare}; a shard's copy would be stale. */
    private static final List<String> REWRITTEN = List.of("executor.json", "categories.json", ENVIRONMENT);

    private ShardMerge() {
    }

    /**
     * @throws IllegalArgumentException naming the directories, suites or cell that make the merge impossible
     */
    public static Merged merge(List<Path> shards, Path out) throws IOException {
        if (shards.size() < 2) {
            throw new IllegalArgumentException("--merge needs at least two shard run directories, got " + shards.size());
        }
        Map<Path, List<CellResult>> read = new LinkedHashMap<>();
        Map<String, Path> suites = new LinkedHashMap<>();
        Map<String, Path> cellIn = new LinkedHashMap<>();
        for (Path dir : shards) {
            Path results = dir.resolve("allure-results");
            if (!Files.isDirectory(results)) {
                throw new IllegalArgumentException("--merge " + dir + ": no allure-results in it; name run directories"
                        + " (reports/runs/<run-id>) written by lab run --shard K/N");
            }
            if (read.containsKey(dir.toRealPath())) {
                throw new IllegalArgumentException("--merge names " + dir + " twice");
            }
            List<CellResult> cells = ResultFiles.read(results);
            read.put(dir.toRealPath(), cells);
            if (!cells.isEmpty()) {   // an empty shard (more shards than generations) has no suite to compare
                suites.putIfAbsent(ResultFiles.suite(results).orElse("unknown"), dir);
            }
            for (CellResult c : cells) {
                Path other = cellIn.putIfAbsent(c.cellId(), dir);
                if (other != null) {
                    throw new IllegalArgumentException("--merge: cell " + c.cellId() + " is in both " + other + " and "
                            + dir + "; shards of one run never share a cell (the same shard twice, or runs of different"
                            + " shardings?)");
                }
            }
        }
        if (suites.size() > 1) {
            StringBuilder which = new StringBuilder();
            suites.forEach((s, d) -> which.append(which.isEmpty() ? "" : ", ").append(d).append(" is suite ").append(s));
            throw new IllegalArgumentException("--merge: the shards are of different suites (" + which
                    + "); merge only the shards of one run");
        }
        Map<String, Path> copies = new TreeMap<>();
        for (Path dir : read.keySet()) {
            try (Stream<Path> files = Files.list(dir.resolve("allure-results"))) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = f.getFileName().toString();
                    Path earlier = copies.putIfAbsent(name, f);
                    if (earlier != null && !REWRITTEN.contains(name) && Files.mismatch(earlier, f) != -1) {
                        throw new IllegalArgumentException("--merge: " + earlier + " and " + f + " have the same name"
                                + " and different contents; Allure result files are named by UUID, so these are not"
                                + " shards of one run");
                    }
                }
            }
        }
        Path results = out.resolve("allure-results");
        if (Files.exists(results)) {
            throw new IllegalArgumentException("--out " + out + " already has allure-results; name a new directory");
        }
        Files.createDirectories(results);
        Properties environment = new Properties();
        for (Path dir : read.keySet()) {
            Path from = dir.resolve("allure-results");
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (name.equals(ENVIRONMENT)) {
                        environment.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
                    } else if (!REWRITTEN.contains(name) && !Files.exists(results.resolve(name))) {
                        Files.copy(f, results.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            Path junit = dir.resolve("junit");
            if (Files.isDirectory(junit)) {
                Path to = Files.createDirectories(out.resolve("junit"));
                try (Stream<Path> files = Files.list(junit)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        Files.copy(f, to.resolve(dir.getFileName() + "-" + f.getFileName()));
                    }
                }
            }
        }
        if (!environment.isEmpty()) {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(environment).forEach((k, v) -> text.append(k).append('=')
                    .append(String.valueOf(v).replace("\\", "\\\\")).append('\n'));
            Files.writeString(results.resolve(ENVIRONMENT), text, StandardCharsets.UTF_8);
        }
        return new Merged(suites.keySet().stream().findFirst().orElse("unknown"), cellIn.size(),
                new ArrayList<>(read.keySet()), out);
    }
}
