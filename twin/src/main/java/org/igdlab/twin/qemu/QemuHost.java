package org.igdlab.twin.qemu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.PciAddress;

/** What a virtual QEMU needs from the host it runs on. */
public interface QemuHost {
    /** The host's IGD when `address` is it. */
    Optional<HostIgd> pciDevice(PciAddress address);

    /** The driver bound to a host PCI function ("vfio-pci", "i915", …). */
    String driverOf(PciAddress address);

    /** An absolute path in the host's file system. */
    Path path(String absolute);

    /** Which artifact a host file is (by its content), if any. */
    Optional<Artifact> identify(Path file);

    void listen(String socketPath, StreamEndpoint endpoint);

    void unlisten(String socketPath);

    void dmesg(String line);

    ScheduledExecutorService scheduler();

    /** Simulated guest boot time (scaled; near zero in tests). */
    Duration bootDelay();

    Faults faults();

    String hostKernelRelease();

    /** Whether a monitor (and a capture device) hangs on the IGD's port (inventory {@code display.connected}). */
    default boolean displayConnected() {
        return false;
    }
}
