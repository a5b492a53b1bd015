package org.igdlab.runner.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * One line per finished cell while a long run goes: count, status, time and the cell. The total
 * comes from the plan, since data-provider rows are announced one by one as they start.
 */
final class ProgressListener implements TestExecutionListener {

    private final PrintWriter out;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    ProgressListener(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            started.put(id.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            print("SKIPPED", id, Duration.ZERO, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        Long start = started.remove(id.getUniqueId());
        Duration took = start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
        String status;
        String detail = "";
        switch (result.getStatus()) {
            case SUCCESSFUL -> status = "PASSED";
            case ABORTED -> {
                status = "SKIPPED";
                detail = result.getThrowable().map(Throwable::getMessage).orElse("");
            }
            default -> {
                Throwable t = result.getThrowable().orElse(null);
                status = t instanceof AssertionError ? "FAILED" : "BROKEN";
                detail = t == null || t.getMessage() == null ? "" : t.getMessage();
            }
        }
        print(status, id, took, detail);
    }

    private void print(String status, TestIdentifier id, Duration took, String detail) {
        int n = done.incrementAndGet();
        String firstLine = detail == null ? "" : detail.lines().findFirst().orElse("");
        synchronized (out) {
            out.printf("[%" + width() + "d/%d] %-7s %5.1fs  %s%s%n", n, total, status, took.toMillis() / 1000.0,
                    cellOf(id), firstLine.isEmpty() ? "" : "  — " + abbreviate(firstLine, 160));
            out.flush();
        }
    }

    private int width() {
        return String.valueOf(total).length();
    }

    /** The cell id is the data-provider argument: "cell(coffee-lake.pc...)" or "[3] coffee-lake.pc...". */
    private static String cellOf(TestIdentifier id) {
        String name = id.getDisplayName();
        int open = name.indexOf('(');
        int close = name.lastIndexOf(')');
        if (open >= 0 && close > open) {
            String inner = name.substring(open + 1, close);
            if (!inner.isBlank() && !inner.contains("String")) {
                return inner;
            }
        }
        return name;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
