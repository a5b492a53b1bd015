package org.igdlab.runner.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Allure command line (the allure-commandline distribution from Maven Central, unpacked by
 * the build): turns allure-results into an HTML report. The report is a single file, so it opens
 * straight from disk; Allure's default multi-file report needs an HTTP server.
 */
public final class AllureCommandLine {

    private static final long TIMEOUT_MINUTES = 5;
    private static final int OUTPUT_TAIL = 4000;

    private final Path home;

    public AllureCommandLine(Path home) {
        this.home = home;
    }

    /** The {@code bin/allure} launcher; checked before use so a missing build gives a clear error. */
    Path executable() throws IOException {
        Path bin = home.resolve("bin").resolve("allure");
        if (!Files.isExecutable(bin)) {
            throw new IOException("Allure command line not found at " + bin
                    + "; build it with `mvn -B -q -DskipTests package` (it is unpacked into lab/target/allure)");
        }
        return bin;
    }

    /** The single-file report, which opens straight from disk. */
    public void generate(Path results, Path report) throws IOException {
        generate(results, report, true);
    }

    /**
     * {@code allure generate}; the standard (multi-file) report is the one that writes
     * {@code history/} to disk, which the next run's trend needs.
     */
    void generate(Path results, Path report, boolean singleFile) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of(executable().toString(), "generate", results.toString(),
                "-o", report.toString(), "--clean"));
        if (singleFile) {
            argv.add("--single-file");
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = Files.createTempFile("allure-generate", ".log");
        pb.redirectOutput(log.toFile());
        Process process = pb.start();
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("allure generate did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                String output = Files.readString(log, StandardCharsets.UTF_8);
                throw new IOException("allure generate exited " + process.exitValue() + ": "
                        + output.substring(Math.max(0, output.length() - OUTPUT_TAIL)));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the Allure report", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
