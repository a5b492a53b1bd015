package org.igdlab.runner.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.igdlab.runner.run.CellOutcome;
import org.igdlab.runner.run.RunResult;

/**
 * The plain-text summary a run prints at its end: counts per host, then every cell that did not
 * pass with the reason, so the terminal alone tells what happened.
 */
public final class SummaryTable {

    private static final String[] STATUSES = {"passed", "failed", "known", "broken", "skipped"};

    private SummaryTable() {
    }

    public static String render(RunResult result) {
        Map<String, long[]> byHost = new LinkedHashMap<>();
        for (CellOutcome o : result.outcomes()) {
            long[] counts = byHost.computeIfAbsent(o.hostName(), h -> new long[STATUSES.length]);
            counts[index(o.status())]++;
        }
        StringBuilder out = new StringBuilder();
        out.append('\n').append("Run ").append(result.runId()).append(" — suite ").append(result.suite()).append('\n');
        String header = String.format("%-12s %7s %7s %6s %7s %8s %6s%n", "host", "passed", "failed", "known", "broken", "skipped", "total");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        long[] total = new long[STATUSES.length];
        byHost.forEach((host, counts) -> {
            out.append(row(host, counts));
            for (int i = 0; i < counts.length; i++) {
                total[i] += counts[i];
            }
        });
        out.append("-".repeat(header.length() - 1)).append('\n').append(row("all", total));

        List<CellOutcome> notPassed = new ArrayList<>();
        result.outcomes().stream().filter(o -> !(o instanceof CellOutcome.Passed)).forEach(notPassed::add);
        if (!notPassed.isEmpty()) {
            out.append('\n').append("Cells that did not pass:\n");
            for (CellOutcome o : notPassed) {
                out.append(String.format("  %-7s %-10s %s%n", o.status().toUpperCase(), o.hostName(), o.cellId()));
                out.append("          ").append(reason(o).replace("\n", "\n          ")).append('\n');
            }
        }
        out.append('\n');
        return out.toString();
    }

    private static String reason(CellOutcome o) {
        if (o instanceof CellOutcome.Failed f) {
            return String.join("\n", f.mismatches());
        }
        if (o instanceof CellOutcome.Known k) {
            return "known issue " + k.issueId() + " (" + k.url() + "): " + String.join("\n", k.mismatches());
        }
        if (o instanceof CellOutcome.Broken b) {
            return b.message().lines().findFirst().orElse("");
        }
        if (o instanceof CellOutcome.Skipped s) {
            return s.reason();
        }
        return "";
    }

    private static String row(String host, long[] c) {
        return String.format("%-12s %7d %7d %6d %7d %8d %6d%n", host, c[0], c[1], c[2], c[3], c[4],
                c[0] + c[1] + c[2] + c[3] + c[4]);
    }

    private static int index(String status) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i].equals(status)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown status " + status);
    }
}
