package org.igdlab.runner.guest;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.igdlab.runner.qemu.GuestAgent;
import org.igdlab.runner.qemu.GuestAgentException;
import org.igdlab.runner.qemu.GuestExecResult;
import org.igdlab.runner.time.Deadline;

/** What the guest sees, asked through the guest agent so it works without guest networking. */
public final class GuestProbes {

    /** A guest PCI address as lspci takes it: {@code 00:02.0}, optionally with a domain. */
    private static final Pattern GUEST_BDF = Pattern.compile("([0-9a-f]{4}:)?[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");
    private static final int STDERR_CAP = 2000;

    private final GuestAgent agent;

    public GuestProbes(GuestAgent agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /**
     * The full config space of one guest function, as {@code lspci -xxxx -s BDF} prints it (the
     * text the oracle reads registers 0xFC, 0x5C/0xC0 and 0x50 from).
     */
    public String lspciConfig(String guestBdf, Deadline d) throws GuestAgentException {
        if (guestBdf == null || !GUEST_BDF.matcher(guestBdf).matches()) {
            throw new IllegalArgumentException("guestBdf (" + guestBdf + ") must match ^" + GUEST_BDF.pattern() + "$");
        }
        List<String> argv = List.of("lspci", "-xxxx", "-s", guestBdf);
        GuestExecResult result = agent.exec(argv, d);
        if (result.exitCode() != 0) {
            throw new GuestAgentException("guest-exec", String.join(" ", argv) + " exited " + result.exitCode()
                    + "; stderr: " + tail(result.stderrText()));
        }
        String out = result.stdoutText();
        if (out.isBlank()) {
            throw new GuestAgentException("guest-exec", String.join(" ", argv)
                    + " printed nothing: the guest has no PCI function " + guestBdf + tailOrEmpty(result.stderrText()));
        }
        return out;
    }

    private static String tail(String text) {
        String stripped = text.strip();
        return stripped.length() > STDERR_CAP ? "..." + stripped.substring(stripped.length() - STDERR_CAP) : stripped;
    }

    private static String tailOrEmpty(String text) {
        return text.isBlank() ? "" : "; stderr: " + tail(text);
    }
}
