package org.igdlab.runner.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one power command as argv (ProcessBuilder, no shell) within a deadline, keeping a tail of its output. */
final class PowerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(PowerProcess.class);
    static final int OUTPUT_TAIL = 4096;

    private PowerProcess() {
    }

    static PowerResult run(List<String> argv, Deadline deadline) {
        Clock clock = deadline.clock();
        Instant start = clock.instant();
        LOG.info("power: {}", String.join(" ", argv));
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new PowerResult(argv, OptionalInt.empty(), "", since(clock, start), "could not be started: " + e.getMessage());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> drain(process.getInputStream(), output), "power-output");
        drain.setDaemon(true);
        drain.start();
        try {
            if (!process.waitFor(deadline.remainingMillisAtLeastOne(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                drain.join(1000);
                return new PowerResult(argv, OptionalInt.empty(), tail(output), since(clock, start),
                        "did not finish within its deadline and was killed");
            }
            drain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new PowerResult(argv, OptionalInt.empty(), tail(output), since(clock, start), "interrupted");
        }
        return new PowerResult(argv, OptionalInt.of(process.exitValue()), tail(output), since(clock, start), "");
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                    if (out.size() > 4 * OUTPUT_TAIL) {
                        byte[] keep = out.toByteArray();
                        out.reset();
                        out.write(keep, keep.length - OUTPUT_TAIL, OUTPUT_TAIL);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is the output
        }
    }

    private static String tail(ByteArrayOutputStream out) {
        synchronized (out) {
            String text = out.toString(StandardCharsets.UTF_8);
            return text.length() > OUTPUT_TAIL ? text.substring(text.length() - OUTPUT_TAIL) : text;
        }
    }

    private static Duration since(Clock clock, Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
