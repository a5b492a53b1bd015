package org.igdlab.runner.guest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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

    private static final String MEMMAP = "/sys/firmware/memmap";
    /** A memory map entry's directory name: its index. */
    private static final Pattern MEMMAP_INDEX = Pattern.compile("[0-9]{1,4}");
    private static final String FW_CFG_ETC = "/sys/firmware/qemu_fw_cfg/by_name/etc";
    private static final Pattern OD_BYTE = Pattern.compile("[0-9a-f]{2}");
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

    /**
     * The firmware memory map: {@code ls /sys/firmware/memmap}, then one {@code cat} of every
     * entry's start, end and type (two guest-exec calls, whatever the number of entries). Entry
     * names are checked to be indices before they become part of an argument.
     */
    public MemoryMap memoryMap(Deadline d) throws GuestAgentException {
        String listing = run(List.of("ls", MEMMAP), d);
        List<Integer> indices = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            String name = line.strip();
            if (MEMMAP_INDEX.matcher(name).matches()) {
                indices.add(Integer.parseInt(name));
            }
        }
        if (indices.isEmpty()) {
            throw new GuestAgentException("guest-exec", "ls " + MEMMAP + " listed no entries: " + tail(listing));
        }
        Collections.sort(indices);
        List<String> argv = new ArrayList<>(List.of("cat"));
        for (int i : indices) {
            for (String file : List.of("start", "end", "type")) {
                argv.add(MEMMAP + "/" + i + "/" + file);
            }
        }
        String out = run(argv, d);
        try {
            MemoryMap parsed = MemoryMap.parse(out);
            return new MemoryMap(parsed.entries(), "$ ls " + MEMMAP + "\n" + listing + "$ cat " + MEMMAP + "/N/{start,end,type}\n" + out);
        } catch (IllegalArgumentException e) {
            throw new GuestAgentException("guest-exec", "cat of " + MEMMAP + " entries: " + e.getMessage());
        }
    }

    /**
     * The IGD fw_cfg files: {@code ls} of the fw_cfg {@code etc} directory, then {@code od} of
     * {@code igd-bdsm-size} (8 bytes) and of the first bytes of {@code igd-opregion}, each only when
     * listed (one to three guest-exec calls). No {@code etc} directory (module qemu_fw_cfg absent)
     * is an error: the lab's guest image has it.
     */
    public FwCfgFiles fwCfgFiles(Deadline d) throws GuestAgentException {
        String listing = run(List.of("ls", FW_CFG_ETC), d);
        StringBuilder raw = new StringBuilder("$ ls " + FW_CFG_ETC + "\n" + listing);
        Set<String> igd = new LinkedHashSet<>();
        for (String line : listing.split("\\R")) {
            String name = line.strip();
            if (name.equals(FwCfgFiles.OPREGION) || name.equals(FwCfgFiles.BDSM_SIZE)) {
                igd.add(name);
            }
        }
        OptionalLong size = OptionalLong.empty();
        if (igd.contains(FwCfgFiles.BDSM_SIZE)) {
            byte[] b = od(FW_CFG_ETC + "/" + FwCfgFiles.BDSM_SIZE + "/raw", 8, raw, d);
            if (b.length != 8) {
                throw new GuestAgentException("guest-exec", "etc/" + FwCfgFiles.BDSM_SIZE + " has " + b.length + " bytes, not 8");
            }
            size = OptionalLong.of(java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        }
        Optional<OpRegionHeader> header = Optional.empty();
        if (igd.contains(FwCfgFiles.OPREGION)) {
            byte[] b = od(FW_CFG_ETC + "/" + FwCfgFiles.OPREGION + "/raw", OpRegionHeader.LENGTH, raw, d);
            if (b.length < OpRegionHeader.LENGTH) {
                throw new GuestAgentException("guest-exec", "etc/" + FwCfgFiles.OPREGION + " has only " + b.length + " bytes");
            }
            header = Optional.of(OpRegionHeader.parse(b));
        }
        return new FwCfgFiles(igd, size, header, raw.toString());
    }

    /**
     * What {@code lspci -n -s BDF} says of one guest function: {@code 00:1f.0 0601: 8086:a305 (rev 10)},
     * or an empty string when the guest has no function there.
     */
    public String lspciNumeric(String guestBdf, Deadline d) throws GuestAgentException {
        if (guestBdf == null || !GUEST_BDF.matcher(guestBdf).matches()) {
            throw new IllegalArgumentException("guestBdf (" + guestBdf + ") must match ^" + GUEST_BDF.pattern() + "$");
        }
        return run(List.of("lspci", "-n", "-s", guestBdf), d);
    }

    private byte[] od(String path, int count, StringBuilder raw, Deadline d) throws GuestAgentException {
        List<String> argv = List.of("od", "-A", "n", "-t", "x1", "-v", "-N", Integer.toString(count), path);
        String out = run(argv, d);
        raw.append("$ ").append(String.join(" ", argv)).append('\n').append(out);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String token : out.strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!OD_BYTE.matcher(token).matches()) {
                throw new GuestAgentException("guest-exec", String.join(" ", argv) + " printed '" + token + "', not a byte in hex");
            }
            bytes.write(Integer.parseInt(token, 16));
        }
        return bytes.toByteArray();
    }

    /** Runs {@code argv}; its stdout, or an exception with the exit status and stderr when it fails. */
    private String run(List<String> argv, Deadline d) throws GuestAgentException {
        GuestExecResult result = agent.exec(argv, d);
        if (result.exitCode() != 0) {
            throw new GuestAgentException("guest-exec", String.join(" ", argv) + " exited " + result.exitCode()
                    + "; stderr: " + tail(result.stderrText()));
        }
        return result.stdoutText();
    }

    private static String tail(String text) {
        String stripped = text.strip();
        return stripped.length() > STDERR_CAP ? "..." + stripped.substring(stripped.length() - STDERR_CAP) : stripped;
    }

    private static String tailOrEmpty(String text) {
        return text.isBlank() ? "" : "; stderr: " + tail(text);
    }
}
