package org.igdlab.runner.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * Who holds a host's lease: {@code user@runner-host:pid:run-id}, so a person who finds a lease on
 * a host knows which machine, process and run to ask about. Each part is validated when built
 * against the protocol's allow-list (PROTOCOL.md "Leases").
 */
public record LeaseOwner(String user, String runnerHost, long pid, String runId) {

    public LeaseOwner {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(runnerHost, "runnerHost");
        Objects.requireNonNull(runId, "runId");
        if (pid < 0) {
            throw new IllegalArgumentException("pid (" + pid + ") must not be negative");
        }
        AgentArguments.owner(user + "@" + runnerHost + ":" + pid + ":" + runId);
    }

    /** This runner process: its OS user, its machine's name and pid, for the run {@code runId}. */
    public static LeaseOwner thisProcess(String runId) {
        String user = sanitize(System.getProperty("user.name", "runner"), 32, "[^A-Za-z0-9._-]", "runner");
        if (!Character.isLetterOrDigit(user.charAt(0)) && user.charAt(0) != '_') {
            user = "_" + user.substring(0, Math.min(user.length(), 31));
        }
        String machine;
        try {
            machine = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // the machine's own name does not resolve; the shell's idea of it still tells a person where to look
            machine = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
        }
        machine = sanitize(machine.toLowerCase(Locale.ROOT), 64, "[^a-z0-9.-]", "localhost");
        if (!Character.isLetterOrDigit(machine.charAt(0))) {
            machine = "h" + machine.substring(0, Math.min(machine.length(), 63));
        }
        return new LeaseOwner(user, machine, ProcessHandle.current().pid(), runId);
    }

    private static String sanitize(String value, int max, String disallowed, String fallback) {
        String clean = value.replaceAll(disallowed, "-");
        clean = clean.length() > max ? clean.substring(0, max) : clean;
        return clean.isEmpty() ? fallback : clean;
    }

    /** The agent's OWNER argument. */
    public String text() {
        return user + "@" + runnerHost + ":" + pid + ":" + runId;
    }

    @Override
    public String toString() {
        return text();
    }
}
