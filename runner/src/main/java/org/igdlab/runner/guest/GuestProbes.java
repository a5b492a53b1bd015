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

    /** Where the lab's Windows image keeps pciutils' Windows build (lspci.exe, same output as on Linux). */
    public static final String WINDOWS_LSPCI = "C:\\igdlab\\pciutils\\lspci.exe";

    /**
     * The one PowerShell script the lab runs in a Windows guest. A constant: no value is ever put
     * into it. It prints, as JSON, the display-class PnP devices (status and problem code: Code 43
     * is ConfigManagerErrorCode 43), the video controllers (current mode) and the monitors WMI knows
     * (friendly name decoded from its UTF-16 code array).
     */
    public static final String WINDOWS_DISPLAY_QUERY = String.join("; ",
            "$ErrorActionPreference = 'Stop'",
            "$a = @(Get-CimInstance -ClassName Win32_PnPEntity -Filter \"PNPClass = 'Display'\" | "
                    + "Select-Object Name, PNPDeviceID, Status, ConfigManagerErrorCode)",
            "$v = @(Get-CimInstance -ClassName Win32_VideoController | Select-Object Name, PNPDeviceID, Status, "
                    + "ConfigManagerErrorCode, CurrentHorizontalResolution, CurrentVerticalResolution)",
            "$m = @(Get-CimInstance -Namespace root/wmi -ClassName WmiMonitorID -ErrorAction SilentlyContinue | "
                    + "ForEach-Object { [pscustomobject]@{ InstanceName = $_.InstanceName; Active = $_.Active; "
                    + "UserFriendlyName = (($_.UserFriendlyName | Where-Object { $_ -ne 0 } | ForEach-Object { [char]$_ }) -join '') } })",
            "[pscustomobject]@{ displayAdapters = $a; videoControllers = $v; monitors = $m } | ConvertTo-Json -Depth 4 -Compress");

    /** The argv of the Windows display query: fixed, the script last. */
    static final List<String> WINDOWS_DISPLAY_ARGV = List.of("powershell.exe", "-NoProfile", "-NonInteractive",
            "-ExecutionPolicy", "Bypass", "-Command", WINDOWS_DISPLAY_QUERY);

    private final GuestAgent agent;
    private final String os;

    /** Probes of a Linux guest. */
    public GuestProbes(GuestAgent agent) {
        this(agent, "linux");
    }

    /** Probes of a guest running {@code os} ({@code linux} or {@code windows}: the cell's guest). */
    public GuestProbes(GuestAgent agent, String os) {
        this.agent = Objects.requireNonNull(agent, "agent");
        if (!List.of("linux", "windows").contains(os)) {
            throw new IllegalArgumentException("os (" + os + ") is not one of [linux, windows]");
        }
        this.os = os;
    }

    /**
     * The Linux guest's kernel log ({@code dmesg}), for i915's and the early quirk's lines
     * (igd-model.md §5.3).
     */
    public KernelLog dmesg(Deadline d) throws GuestAgentException {
        List<String> argv = List.of("dmesg");
        GuestExecResult result = agent.exec(argv, d);
        if (result.exitCode() != 0) {
            throw new GuestAgentException("guest-exec", "dmesg exited " + result.exitCode() + "; stderr: " + tail(result.stderrText()));
        }
        return KernelLog.parse(result.stdoutText());
    }

    /** The raw output of the Windows display query (for the report), and what it says. */
    public record WindowsDisplayRead(String json, WindowsDisplay display) {
    }

    /**
     * A Windows guest's display adapter status and problem code, video controllers and monitors
     * (igd-model.md §5.4), from {@link #WINDOWS_DISPLAY_QUERY} run by powershell.exe.
     */
    public WindowsDisplayRead windowsDisplay(Deadline d) throws GuestAgentException {
        GuestExecResult result = agent.exec(WINDOWS_DISPLAY_ARGV, d);
        if (result.exitCode() != 0) {
            throw new GuestAgentException("guest-exec", "powershell.exe (the display query) exited " + result.exitCode()
                    + "; stderr: " + tail(result.stderrText()));
        }
        try {
            return new WindowsDisplayRead(result.stdoutText(), WindowsDisplay.parse(result.stdoutText()));
        } catch (IllegalArgumentException e) {
            throw new GuestAgentException("guest-exec", e.getMessage());
        }
    }

    /**
     * The full config space of one guest function, as {@code lspci -xxxx -s BDF} prints it (the
     * text the oracle reads registers 0xFC, 0x5C/0xC0 and 0x50 from).
     */
    public String lspciConfig(String guestBdf, Deadline d) throws GuestAgentException {
        if (guestBdf == null || !GUEST_BDF.matcher(guestBdf).matches()) {
            throw new IllegalArgumentException("guestBdf (" + guestBdf + ") must match ^" + GUEST_BDF.pattern() + "$");
        }
        List<String> argv = List.of(os.equals("windows") ? WINDOWS_LSPCI : "lspci", "-xxxx", "-s", guestBdf);
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
