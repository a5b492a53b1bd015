package org.igdlab.twin.guest;

import java.util.List;
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

    public VirtualGuest(List<PciConfigAccess> devices, String kernelRelease) {
        this.devices = List.copyOf(devices);
        this.kernelRelease = kernelRelease;
    }

    public void bootCompleted() {
        booted.complete(null);
    }

    /** The VM stopped: whoever waits for the guest stops waiting. */
    public void halted() {
        booted.completeExceptionally(new IllegalStateException("the VM stopped"));
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
            default -> new ExecResult(127, "", "");
        };
    }

    public String kernelRelease() {
        return kernelRelease;
    }
}
