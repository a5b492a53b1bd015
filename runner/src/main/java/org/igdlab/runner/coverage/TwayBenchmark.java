package org.igdlab.runner.coverage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prints a markdown table comparing igdlab's covering arrays with PICT's and the best known, for
 * every model in a directory and t = 2, 3. Every output is verified by {@link CoverageCheck}.
 * Usage: {@code TwayBenchmark MODEL_DIR [EXTRA_SECONDS_PER_RUN]}.
 */
public final class TwayBenchmark {

    /**
     * PICT and best-known figures from /work/shared/bench/tway-models.md (PICT default, PICT best
     * of 100 seeds, best known, lower bound), keyed by "file:t".
     */
    private static final Map<String, List<String>> REFERENCE = Map.ofEntries(
            Map.entry("a_3p4.txt:2", List.of("12", "9", "9", "9")),
            Map.entry("a_3p4.txt:3", List.of("33", "27", "27", "27")),
            Map.entry("b_3p13.txt:2", List.of("19", "18", "15", "15")),
            Map.entry("b_3p13.txt:3", List.of("74", "73", "45", "45")),
            Map.entry("c_2p10.txt:2", List.of("8", "8", "6", "6")),
            Map.entry("c_2p10.txt:3", List.of("19", "15", "12", "12")),
            Map.entry("d_2p100.txt:2", List.of("16", "15", "10", "10")),
            Map.entry("d_2p100.txt:3", List.of("48", "—", "33", "20")),
            Map.entry("e_4p15_3p17_2p29.txt:2", List.of("38", "37", "28", "16")),
            Map.entry("e_4p15_3p17_2p29.txt:3", List.of("217", "—", "≤ 235", "64")),
            Map.entry("f_10p20.txt:2", List.of("213", "211", "155", "101")),
            Map.entry("f_10p20.txt:3", List.of("3429", "—", "2250", "1010")),
            Map.entry("g_igd.txt:2", List.of("31", "28", "27", "27")),
            Map.entry("g_igd.txt:3", List.of("137", "132", "≤ 108", "81")),
            Map.entry("h_igd_constrained.txt:2", List.of("35", "31", "≤ 28", "27")),
            Map.entry("h_igd_constrained.txt:3", List.of("129", "120", "≤ 102", "78")));

    private TwayBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: TwayBenchmark MODEL_DIR [EXTRA_SECONDS_PER_RUN]");
            System.exit(2);
        }
        Duration extra = args.length == 2 ? Duration.ofMillis((long) (Double.parseDouble(args[1]) * 1000)) : Duration.ZERO;
        long work = args.length == 3 ? Long.parseLong(args[2]) : CoveringArrays.DEFAULT_WORK;
        System.exit(run(Path.of(args[0]), extra, work, System.out) ? 0 : 1);
    }

    static boolean run(Path dir, Duration extra, long work, PrintStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        out.println("| model | t | igdlab rows | igdlab s | PICT rows (default) | PICT best of 100 | best known "
                + "| lower bound | covered ✓ |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        boolean allGood = true;
        for (Path file : files) {
            PictModel model = PictModel.parse(file);
            for (int t = 2; t <= 3; t++) {
                long start = System.nanoTime();
                CoveringArray array = CoveringArrays.generate(model, t, 0, work, extra);
                double seconds = (System.nanoTime() - start) / 1e9;
                CoverageReport report = CoverageCheck.check(model, t, array.rows());
                String name = file.getFileName().toString();
                List<String> ref = REFERENCE.getOrDefault(name + ":" + t, List.of("?", "?", "?", "?"));
                boolean beatsPict = !ref.get(0).matches("\\d+") || array.rows().size() <= Integer.parseInt(ref.get(0));
                allGood &= report.complete() && beatsPict;
                out.printf("| %s | %d | %d | %.2f | %s | %s | %s | %s | %s |%n", name, t, array.rows().size(), seconds,
                        ref.get(0), ref.get(1), ref.get(2), ref.get(3),
                        report.complete() ? "✓ (" + report.coverableTuples() + " tuples)"
                                : "✗ " + report.uncovered().size() + " uncovered, " + report.violations().size()
                                        + " violations");
                out.flush();
            }
        }
        return allGood;
    }
}
