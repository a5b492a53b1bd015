package org.igdlab.twin.guest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * A Linux guest: it boots (when the virtual QEMU says so), then runs the few commands the lab's
 * probes use. Before boot completes nothing answers; when the VM goes away it never will.
 */
public final class VirtualGuest {
    private final List<PciConfigAccess> devices;
    private final String kernelRelease;
    private final CompletableFuture<Void> booted = new CompletableFuture<>();
    private static final String DRM = "/sys/class/drm";
    /** /sys/class/drm: entry name → connector status (null for a non-connector); null until i915 probed. */
    private volatile Map<String, String> drm;

    public VirtualGuest(List<PciConfigAccess> devices, String kernelRelease) {
        // copy-on-write: a hotplugged device (QMP device_add) joins while the guest agent reads the list
        this.devices = new java.util.concurrent.CopyOnWriteArrayList<>(devices);
        this.kernelRelease = kernelRelease;
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
            default -> new ExecResult(127, "", "");
        };
    }

    private ExecResult ls(List<String> args) {
        List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
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
