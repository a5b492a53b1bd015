package org.igdlab.runner.run;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.qameta.allure.Allure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the steps of one cell: each step is an Allure step (with its duration) and one INFO log
 * line, and remembers which step is current so that a lab fault names the step it broke in.
 */
final class CellSteps {

    /** A step body; it may throw anything, and what it throws decides passed, failed or broken. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CellSteps.class);

    private final Clock clock;
    private final String host;
    private volatile String current = "start";

    CellSteps(Clock clock, String host) {
        this.clock = clock;
        this.host = host;
    }

    /** The step running now, or the last one that ran. */
    String current() {
        return current;
    }

    <T> T step(String name, Body<T> body) throws Exception {
        current = name;
        MDC.put("step", name);
        Instant start = clock.instant();
        try {
            T result = Allure.step(name, body::run);
            LOG.info("host={} step='{}' ok in {} ms", host, name, Duration.between(start, clock.instant()).toMillis());
            return result;
        } catch (Exception | Error e) {
            LOG.info("host={} step='{}' ended after {} ms: {}", host, name,
                    Duration.between(start, clock.instant()).toMillis(), e.toString());
            throw e;
        } finally {
            MDC.remove("step");
        }
    }

    void run(String name, Body<Void> body) throws Exception {
        step(name, body);
    }

    static void attachText(String name, String text) {
        Allure.addAttachment(name, "text/plain", text == null ? "" : text, ".txt");
    }

    static void attachBytes(String name, byte[] bytes) {
        attachText(name, new String(bytes, StandardCharsets.UTF_8));
    }
}
