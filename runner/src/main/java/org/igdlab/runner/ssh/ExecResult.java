package org.igdlab.runner.ssh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a remote command did. A value, not a verdict: the caller decides what counts as failure.
 * sshj may report no exit status and an exit signal instead.
 */
public record ExecResult(List<String> argv, OptionalInt exitStatus, Optional<String> exitSignal, byte[] stdout,
        String stderrTail, Duration duration) {

    public ExecResult {
        argv = List.copyOf(argv);
        Objects.requireNonNull(exitStatus, "exitStatus");
        Objects.requireNonNull(exitSignal, "exitSignal");
        stdout = stdout.clone();
        Objects.requireNonNull(stderrTail, "stderrTail");
        Objects.requireNonNull(duration, "duration");
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    /** Exit status 0. */
    public boolean succeeded() {
        return exitStatus.isPresent() && exitStatus.getAsInt() == 0;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** "exited 1", "killed by KILL", or "ended without an exit status", for messages. */
    public String outcome() {
        if (exitStatus.isPresent()) {
            return "exited " + exitStatus.getAsInt();
        }
        return exitSignal.map(s -> "killed by " + s).orElse("ended without an exit status");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecResult r && argv.equals(r.argv) && exitStatus.equals(r.exitStatus)
                && exitSignal.equals(r.exitSignal) && java.util.Arrays.equals(stdout, r.stdout)
                && stderrTail.equals(r.stderrTail) && duration.equals(r.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, exitStatus, exitSignal, java.util.Arrays.hashCode(stdout), stderrTail, duration);
    }

    @Override
    public String toString() {
        return "ExecResult[" + ShellWords.quote(argv) + " " + outcome() + " after " + RemoteException.seconds(duration)
                + ", stdout " + stdout.length + " bytes, stderr tail " + stderrTail.length() + " chars]";
    }
}
