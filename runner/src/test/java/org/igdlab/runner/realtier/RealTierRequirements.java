package org.igdlab.runner.realtier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * When the real-components tier may run: as root (network namespaces, one sshd per namespace),
 * with qemu-system-x86_64, sshd and ip installed, and only when asked for with
 * {@code IGDLAB_REALTIER=1} (CI sets it; developers opt in). Anything missing skips the tier with a
 * message saying what is missing and how to enable it.
 */
final class RealTierRequirements {

    static final String ENABLE_VARIABLE = "IGDLAB_REALTIER";
    static final String PACKAGES = "openssh-server openssh-client qemu-system-x86 seabios ovmf busybox-static pciutils "
            + "cpio qemu-guest-agent iproute2 kmod";

    private RealTierRequirements() {
    }

    /**
     * Aborts the calling test unless the tier can run here. Call it per test ({@code @BeforeEach}):
     * surefire shows a skip from {@code @BeforeAll} as "0 tests" without the reason.
     */
    static void assumeMet() {
        Optional<String> missing = missingHere();
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
    }

    /** What this machine and environment lack for the tier; empty when it can run. */
    static Optional<String> missingHere() {
        return missing(System.getenv(ENABLE_VARIABLE), uid(), System.getenv("PATH"));
    }

    /** Everything missing, in one sentence; empty when the tier can run. */
    static Optional<String> missing(String enable, long uid, String path) {
        List<String> problems = new ArrayList<>();
        if (!"1".equals(enable)) {
            problems.add(ENABLE_VARIABLE + " is " + (enable == null ? "unset" : "'" + enable + "'")
                    + " (set " + ENABLE_VARIABLE + "=1 to run this tier)");
        }
        if (uid != 0) {
            problems.add("not running as root (uid " + uid + "; network namespaces and sshd need root)");
        }
        for (String tool : List.of("qemu-system-x86_64", "sshd", "ip")) {
            if (find(tool, path).isEmpty()) {
                problems.add(tool + " is not installed");
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("real-components tier skipped: " + String.join("; ", problems)
                + ". To run it: as root, apt-get install -y " + PACKAGES + ", then " + ENABLE_VARIABLE
                + "=1 mvn -pl runner test -Dtest='org.igdlab.runner.realtier.**'");
    }

    /** {@code tool} on {@code PATH}, or in /usr/sbin and /sbin (sshd lives there, often off a user's PATH). */
    static Optional<Path> find(String tool, String path) {
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The real uid of this JVM, from /proc/self/status; -1 when unreadable. */
    static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
