package org.igdlab.runner.guest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** A DRM connector's sysfs name: card0-HDMI-A-1, card1-eDP-1, card0-DP-3 … (not card0, renderD128, version). */
    private static final Pattern DRM_CONNECTOR = Pattern.compile("card[0-9]{1,3}-[A-Za-z0-9-]{1,32}");

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

    /**
     * The guest's DRM connectors and their status ({@code card0-HDMI-A-1 → connected}), read as
     * {@code ls /sys/class/drm} then {@code cat /sys/class/drm/NAME/status} per connector: two plain
     * commands, so no guest shell expands a glob. Names the guest returns are checked against
     * {@code cardN-CONNECTOR} before they become an argument. An empty map: the guest has no DRM
     * device at all (no /sys/class/drm).
     */
    public Map<String, String> drmConnectors(Deadline d) throws GuestAgentException {
        GuestExecResult listing = agent.exec(List.of("ls", "/sys/class/drm"), d);
        Map<String, String> out = new LinkedHashMap<>();
        if (listing.exitCode() != 0) {
            return out;
        }
        for (String name : listing.stdoutText().split("\\R")) {
            String entry = name.strip();
            if (!DRM_CONNECTOR.matcher(entry).matches()) {
                continue;
            }
            List<String> argv = List.of("cat", "/sys/class/drm/" + entry + "/status");
            GuestExecResult status = agent.exec(argv, d);
            if (status.exitCode() != 0) {
                throw new GuestAgentException("guest-exec", String.join(" ", argv) + " exited " + status.exitCode()
                        + "; stderr: " + tail(status.stderrText()));
            }
            out.put(entry, status.stdoutText().strip());
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
