package org.igdlab.twin.guest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.igd.GuestMemory;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * A guest: it boots (when the virtual QEMU says so), then runs the few commands the lab's probes
 * use. Before boot completes nothing answers; when the VM goes away it never will. A Linux guest
 * (the default) answers lspci, uname, ls, cat and dmesg; a Windows guest ({@link #windows}) its own
 * commands (see WindowsGuest).
 */
public final class VirtualGuest {
    private final List<PciConfigAccess> devices;
    private final FirmwareFiles files;
    private final String kernelRelease;
    private final CompletableFuture<Void> booted = new CompletableFuture<>();
    private static final String DRM = "/sys/class/drm";
    /** /sys/class/drm: entry name → connector status (null for a non-connector); null until i915 probed. */
    private volatile Map<String, String> drm;
    /** The kernel log (`dmesg`); empty until the drivers probed. */
    private volatile List<String> kernelLog = List.of();
    /** Non-null for a Windows guest. */
    private final WindowsGuest windows;

    /** A guest whose firmware left no memory map and whose QEMU made no fw_cfg files (for tests of other probes). */
    public VirtualGuest(List<PciConfigAccess> devices, String kernelRelease) {
        this(devices, kernelRelease, null, Map.of());
    }

    /**
     * A Linux guest on this VM's memory (its firmware's memory map, /sys/firmware/memmap) and fw_cfg
     * files (/sys/firmware/qemu_fw_cfg/by_name, module qemu_fw_cfg).
     */
    public VirtualGuest(List<PciConfigAccess> devices, String kernelRelease, GuestMemory memory, Map<String, byte[]> fwCfg) {
        this(devices, kernelRelease, memory, fwCfg, false);
    }

    private VirtualGuest(List<PciConfigAccess> devices, String kernelRelease, GuestMemory memory, Map<String, byte[]> fwCfg,
                         boolean windows) {
        // copy-on-write: a hotplugged device (QMP device_add) joins while the guest agent reads the list
        this.devices = new java.util.concurrent.CopyOnWriteArrayList<>(devices);
        this.kernelRelease = kernelRelease;
        this.files = new FirmwareFiles(memory, fwCfg);
        this.windows = windows ? new WindowsGuest(this.devices) : null;
    }

    /**
     * A Windows guest on these devices (the guest image's artifact says {@code os: windows}); the
     * lab's Windows probes do not read its memory map or fw_cfg files.
     */
    public static VirtualGuest windows(List<PciConfigAccess> devices) {
        return new VirtualGuest(devices, "10.0.26100", null, Map.of(), true);
    }

    public boolean isWindows() {
        return windows != null;
    }

    /**
     * The guest's drivers have probed the IGD it was given (igd-model.md §5.3, §5.4): a Linux guest
     * logs its early-quirk and i915 lines; a Windows guest's driver starts the adapter or stops it
     * with Code 43. {@code hostAsls} / {@code hostGgc}: the host's own ASLS and GGC (what 0xFC reads
     * when passed through; the stolen memory the host BIOS allocated); {@code monitor}: a monitor on the port;
     * {@code faults}: the host's seeded faults (the guest-model mutations).
     */
    public void driversProbed(long hostAsls, long hostGgc, boolean monitor, Faults faults) {
        probed(hostAsls, hostGgc, monitor, faults, true);
    }

    /**
     * The drivers probe an IGD hot-added to the running guest (QMP device_add): as {@link
     * #driversProbed}, but the x86 early quirk, which scans the PCI bus once at early boot, never
     * saw the device, so it reserves nothing and logs no stolen-memory line.
     */
    public void driversProbedAfterHotplug(long hostAsls, long hostGgc, boolean monitor, Faults faults) {
        probed(hostAsls, hostGgc, monitor, faults, false);
    }

    private void probed(long hostAsls, long hostGgc, boolean monitor, Faults faults, boolean presentAtBoot) {
        Optional<GuestIgd> igd = GuestIgd.find(devices);
        if (windows != null) {
            igd.ifPresent(g -> {
                Optional<String> cause = WindowsIgdDriver.code43Cause(g, hostAsls, hostGgc);
                windows.driverProbed(new WindowsGuest.DisplayState(g, cause, monitor));
            });
        } else {
            kernelLog = LinuxKernelLog.boot(kernelRelease, igd, hostAsls, faults.has(Fault.GUEST_EARLY_QUIRK_READS_0X5C),
                    presentAtBoot);
        }
    }

    /** A device hot-added to the running VM (QMP device_add): the guest's PCI scan sees it from now on. */
    public void hotAdd(PciConfigAccess device) {
        devices.add(device);
    }

    public void bootCompleted() {
        booted.complete(null);
    }

    /** The VM stopped: whoever waits for the guest stops waiting. */
    public void halted() {
        booted.completeExceptionally(new IllegalStateException("the VM stopped"));
    }

    /**
     * i915 has probed the IGD's outputs. With a VBT it registers the board's connectors (HDMI-A-1
     * carries the monitor when one is attached); without one it registers none (igd-model.md §5.3,
     * "outputs may be wrong or missing", read strictly as missing; see OsOutput).
     */
    public void drmProbed(boolean vbtFound, boolean monitorAttached) {
        Map<String, String> entries = new TreeMap<>();
        entries.put("card0", null);
        entries.put("renderD128", null);
        if (vbtFound) {
            entries.put("card0-DP-1", "disconnected");
            entries.put("card0-HDMI-A-1", monitorAttached ? "connected" : "disconnected");
        }
        drm = entries;
    }

    public boolean isBooted() {
        return booted.isDone() && !booted.isCompletedExceptionally();
    }

    /** Waits until the guest has booted; false when the VM stopped first or the wait ran out. */
    public boolean awaitBoot(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            booted.get(timeout, unit);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    public boolean hasHalted() {
        return booted.isCompletedExceptionally();
    }

    public ExecResult exec(String path, List<String> args) {
        if (windows != null) return windows.exec(path, args);
        String command = path.substring(path.lastIndexOf('/') + 1);
        boolean known = path.equals(command) || path.equals("/usr/bin/" + command) || path.equals("/sbin/" + command)
                || path.equals("/usr/sbin/" + command) || path.equals("/bin/" + command);
        if (!known) return new ExecResult(127, "", "");
        return switch (command) {
            case "lspci" -> new Lspci(devices).run(args);
            case "uname" -> new ExecResult(0, (args.contains("-r") ? kernelRelease : "Linux") + "\n", "");
            case "true" -> new ExecResult(0, "", "");
            case "ls" -> ls(args);
            case "cat" -> cat(args);
            case "od" -> files.od(args);
            case "dmesg" -> dmesg(args);
            default -> new ExecResult(127, "", "");
        };
    }

    /** util-linux dmesg without options: the kernel log, one line each. */
    private ExecResult dmesg(List<String> args) {
        if (!args.isEmpty()) return new ExecResult(1, "", "igdlab twin: dmesg is modelled without options\n");
        StringBuilder out = new StringBuilder();
        kernelLog.forEach(l -> out.append(l).append('\n'));
        return new ExecResult(0, out.toString(), "");
    }

    private ExecResult ls(List<String> args) {
        List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (paths.size() == 1 && paths.get(0).startsWith(FirmwareFiles.ROOT)) return files.ls(paths.get(0));
        Map<String, String> entries = drm;
        if (paths.size() != 1 || !paths.get(0).replaceAll("/+$", "").equals(DRM) || entries == null) {
            return new ExecResult(2, "", "ls: cannot access '" + String.join(" ", paths) + "': No such file or directory\n");
        }
        StringBuilder out = new StringBuilder();
        entries.keySet().forEach(e -> out.append(e).append('\n'));
        return new ExecResult(0, out.toString(), "");
    }

    private ExecResult cat(List<String> args) {
        Map<String, String> entries = drm;
        StringBuilder out = new StringBuilder();
        if (!args.isEmpty() && args.stream().allMatch(a -> a.startsWith(FirmwareFiles.ROOT))) return files.cat(args);
        for (String path : args) {
            String status = null;
            if (entries != null && path.startsWith(DRM + "/") && path.endsWith("/status")) {
                status = entries.get(path.substring(DRM.length() + 1, path.length() - "/status".length()));
            }
            if (status == null) return new ExecResult(1, out.toString(), "cat: " + path + ": No such file or directory\n");
            out.append(status).append('\n');
        }
        return new ExecResult(0, out.toString(), "");
    }

    public String kernelRelease() {
        return kernelRelease;
    }
}
