package org.igdlab.lab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.igdlab.runner.time.Deadline;

/**
 * A twin fleet served by a child JVM ({@code lab bench serve-twin}), so that what the bench
 * measures in its own JVM is the runner alone. Started from this JVM's own class path; stopped by
 * closing the child's stdin, then, if it lingers, by destroying it.
 */
final class ChildTwin implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final Path inventory;
    private final Path log;

    private ChildTwin(Process process, Path inventory, Path log) {
        this.process = process;
        this.inventory = inventory;
        this.log = log;
    }

    /** Starts the child and waits, until {@code startup} runs out, for it to publish its inventory. */
    static ChildTwin start(Path home, Path twinYaml, Path artifacts, Path workDir, Clock clock, Duration startup)
            throws IOException {
        Path published = workDir.resolve("published.yaml");
        Path log = workDir.resolve("twin.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Digdlab.home=" + home);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.igdlab.lab.Main");
        command.addAll(List.of("bench", "serve-twin", "--twin", twinYaml.toString(), "--artifacts", artifacts.toString(),
                "--publish", published.toString()));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        ChildTwin child = new ChildTwin(process, published, log);
        try {
            child.awaitReady(Deadline.after(clock, startup));
            return child;
        } catch (IOException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    private void awaitReady(Deadline deadline) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(ServeTwinCommand.READY)) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = ready.get(deadline.remainingMillisAtLeastOne(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IOException("the bench's twin fleet exited before it was ready" + exitAndLogTail());
            }
        } catch (TimeoutException e) {
            throw new IOException("the bench's twin fleet was not ready in time" + exitAndLogTail(), e);
        } catch (ExecutionException e) {
            throw new IOException("reading the bench's twin fleet failed" + exitAndLogTail(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the bench's twin fleet started", e);
        }
    }

    /** Diagnose before reporting: is the child alive, and what did it say last? */
    private String exitAndLogTail() {
        String state = process.isAlive() ? "; it still runs" : "; it exited " + process.exitValue();
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return state + "; last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return state + "; no log at " + log;
        }
    }

    /** The published inventory: the fleet's hosts with address, port, pinned host key and login key. */
    Path inventory() {
        return inventory;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
