package org.igdlab.runner.qemu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** What a guest-exec'd process did: its exit code (128 + signal when killed) and its captured output. */
public record GuestExecResult(List<String> argv, int exitCode, byte[] stdout, byte[] stderr) {

    public GuestExecResult {
        argv = List.copyOf(argv);
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuestExecResult r && argv.equals(r.argv) && exitCode == r.exitCode
                && Arrays.equals(stdout, r.stdout) && Arrays.equals(stderr, r.stderr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, exitCode, Arrays.hashCode(stdout), Arrays.hashCode(stderr));
    }

    @Override
    public String toString() {
        return "GuestExecResult[" + argv + " exited " + exitCode + ", stdout " + stdout.length + " bytes, stderr "
                + stderr.length + " bytes]";
    }
}
