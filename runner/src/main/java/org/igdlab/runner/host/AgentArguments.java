package org.igdlab.runner.host;

import java.util.List;
import java.util.regex.Pattern;

/** The protocol's allow-lists, checked on the runner side before anything is sent (the agent checks them again). */
final class AgentArguments {

    static final Pattern CELL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern BDF = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");
    static final Pattern SECONDS = Pattern.compile("[0-9]{1,5}");
    /** A file name inside a cell directory, as {@code collect} lists it. */
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    /** An absolute path on the host (SOURCE, BASE, PACKAGE_PATH). */
    static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/+-]+");
    /** A file staged into a cell directory. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern RESERVED_NAME = Pattern.compile("qemu\\..*|dmesg\\.start|host-dmesg\\.txt");
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A kernel release, as {@code uname -r} prints it. */
    static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    /** A runner holding a lease: user@runner-host:pid:run-id (PROTOCOL.md "Leases"). */
    static final Pattern OWNER = Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9._-]{0,31}@[A-Za-z0-9][A-Za-z0-9.-]{0,63}:[0-9]{1,10}:[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Lease seconds, 1..99999, no leading zero (the agent's sh arithmetic would read it as octal). */
    static final Pattern TTL = Pattern.compile("[1-9][0-9]{0,4}");

    private AgentArguments() {
    }

    static String cellId(String value) {
        return check("CELL_ID", CELL_ID, value);
    }

    static String bdf(String value) {
        return check("BDF", BDF, value);
    }

    static String seconds(int value) {
        return check("SECONDS", SECONDS, Integer.toString(value));
    }

    static String path(String what, String value) {
        return check(what, PATH, value);
    }

    static String name(String value) {
        check("NAME", NAME, value);
        if (RESERVED_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("NAME (" + value + ") is reserved for the agent's own cell files");
        }
        return value;
    }

    static String sha256(String value) {
        return check("SHA256", SHA256, value);
    }

    static String release(String value) {
        return check("RELEASE", RELEASE, value);
    }

    static String owner(String value) {
        return check("OWNER", OWNER, value);
    }

    static String ttl(long seconds) {
        return check("TTL", TTL, Long.toString(seconds));
    }

    static String check(String what, Pattern pattern, String value) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " (" + printable(value) + ") must match ^" + pattern.pattern() + "$");
        }
        return value;
    }

    /** The QEMU argv for {@code launch}: one argument per line, so no element may contain a line break or NUL. */
    static List<String> qemuArgv(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("the QEMU argv must not be empty");
        }
        if (!argv.get(0).startsWith("/")) {
            throw new IllegalArgumentException("the QEMU argv must start with the binary's absolute path, not ("
                    + printable(argv.get(0)) + ")");
        }
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.indexOf('\n') >= 0 || arg.indexOf('\r') >= 0 || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("QEMU argument " + i + " (" + printable(arg)
                        + ") contains a newline, carriage return or NUL; arguments go one per line");
            }
        }
        return List.copyOf(argv);
    }

    private static String printable(String value) {
        return value == null ? "null" : value.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0");
    }
}
