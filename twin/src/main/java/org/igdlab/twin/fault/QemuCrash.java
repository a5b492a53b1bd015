package org.igdlab.twin.fault;

import java.time.Duration;

/**
 * {@code qemu-crash} / {@code {qemu-crash: {after-ms: N}}} (N defaults to 200): N ms after its
 * vCPUs start (at launch without {@code -S}, else at QMP {@code cont}) the virtual QEMU dies by
 * SIGSEGV. Like a real segfault it writes nothing to its stderr; the host kernel logs a
 * {@code segfault at …} line to dmesg.
 */
public record QemuCrash(Duration after) {
    public static final Duration DEFAULT_AFTER = Duration.ofMillis(200);

    public QemuCrash {
        if (after.isNegative()) throw new IllegalArgumentException("after (" + after + ") must not be negative");
    }

    static QemuCrash read(FaultParameters p) {
        return new QemuCrash(Duration.ofMillis(p.number("after-ms", 0, DEFAULT_AFTER.toMillis())));
    }

    /** The host kernel's line for the crashed process (comm is truncated to 15 characters, as the kernel does). */
    public static String dmesgLine(String program, int pid) {
        String comm = program.length() > 15 ? program.substring(0, 15) : program;
        return String.format("%s[%d]: segfault at 8 ip 000055d3c41e2f6a sp 00007ffc8b1e9c40 error 4 in %s[55d3c3e00000+6b2000]",
                comm, pid, program);
    }
}
