package org.igdlab.runner.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Allure's history (the trend charts' data), carried from one run to the next.
 *
 * <p>The single-file report keeps its history inside index.html and writes no {@code history/}
 * directory, so each run also generates the standard report into a temporary directory, keeps
 * only its {@code history/} as {@code <run>/allure-history/}, and deletes the rest. The next run
 * copies the previous run's {@code allure-history/*} into its {@code allure-results/history/}
 * before generating; Allure then adds its own point to every trend.
 *
 * <p>The previous run is the newest other directory under the same {@code runs/} whose
 * {@code run.json} names the same suite and started before this run, and that has a history to give.
 */
final class AllureHistory {

    static final String DIR = "allure-history";

    private AllureHistory() {
    }

    /** A run directory and its record. */
    record Run(Path dir, RunRecord record) {
    }

    /**
     * The other runs of the same suite under the same {@code runs/} that started before
     * {@code current}, oldest first. A trend mixes no suites: a 24-cell run is no point on the
     * nightly's chart.
     */
    static List<Run> earlierRuns(Path runDir, RunRecord current) throws IOException {
        Path runs = runDir.toAbsolutePath().normalize().getParent();
        if (runs == null || !Files.isDirectory(runs)) {
            return List.of();
        }
        Path self = runDir.toAbsolutePath().normalize();
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.toAbsolutePath().normalize().equals(self))
                    .flatMap(d -> RunRecord.read(d).map(r -> new Run(d, r)).stream())
                    .filter(r -> r.record().suite().equals(current.suite()))
                    .filter(r -> r.record().start().isBefore(current.start()))
                    .sorted(Comparator.comparing(r -> r.record().start()))
                    .toList();
        }
    }

    /** The newest earlier run that kept a history, if any. */
    static Optional<Path> previousWithHistory(Path runDir, RunRecord current) throws IOException {
        List<Run> earlier = earlierRuns(runDir, current);
        for (int i = earlier.size() - 1; i >= 0; i--) {
            Path dir = earlier.get(i).dir();
            if (Files.isRegularFile(dir.resolve(DIR).resolve("history-trend.json"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** Replaces {@code results/history} with the previous run's kept history. */
    static void carryIn(Path previousRun, Path results) throws IOException {
        Path target = results.resolve("history");
        deleteTree(target);
        copyTree(previousRun.resolve(DIR), target);
    }

    /** Keeps the {@code history/} of a standard report as {@code runDir/allure-history}. */
    static void keep(Path standardReport, Path runDir) throws IOException {
        Path target = runDir.resolve(DIR);
        deleteTree(target);
        copyTree(standardReport.resolve("history"), target);
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
