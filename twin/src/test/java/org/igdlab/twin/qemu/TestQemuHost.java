package org.igdlab.twin.qemu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.guest.VirtualGuest;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.PciAddress;

/**
 * The host a virtual QEMU runs on, for the qemu package's tests: files under {@code root}, the
 * sockets QEMU listens on and the dmesg lines it logs kept for the test to read. Built with the
 * defaults of a vfio-bound IGD host (no IGD unless given, no artifacts identified, a guest that
 * takes an hour to boot, no faults, kernel 6.16.3-igdlab); the {@code with…} methods change one.
 */
final class TestQemuHost implements QemuHost {
    private final Path root;
    private final ScheduledExecutorService scheduler;
    final Map<String, StreamEndpoint> sockets = new HashMap<>();
    final List<String> dmesg = new ArrayList<>();
    private Optional<HostIgd> igd = Optional.empty();
    private String driver = "vfio-pci";
    private Function<Path, Optional<Artifact>> identify = file -> Optional.empty();
    private Duration bootDelay = Duration.ofHours(1);
    private Faults faults = Faults.none();
    private String kernel = "6.16.3-igdlab";

    TestQemuHost(Path root, ScheduledExecutorService scheduler) {
        this.root = root;
        this.scheduler = scheduler;
    }

    TestQemuHost withIgd(HostIgd device) {
        this.igd = Optional.of(device);
        return this;
    }

    TestQemuHost withDriver(String name) {
        this.driver = name;
        return this;
    }

    TestQemuHost identifying(Function<Path, Optional<Artifact>> artifacts) {
        this.identify = artifacts;
        return this;
    }

    TestQemuHost withBootDelay(Duration delay) {
        this.bootDelay = delay;
        return this;
    }

    TestQemuHost withFaults(Faults seeded) {
        this.faults = seeded;
        return this;
    }

    TestQemuHost withKernel(String release) {
        this.kernel = release;
        return this;
    }

    /** The guest behind the guest-agent socket QEMU opened in {@code cell} (as qga.sock). */
    VirtualGuest guest(Path cell) {
        return ((GuestAgentChardev) sockets.get(cell.resolve("qga.sock").toString())).agent().guest();
    }

    @Override
    public Optional<HostIgd> pciDevice(PciAddress address) {
        return igd.filter(d -> d.hostAddress().equals(address));
    }

    @Override
    public String driverOf(PciAddress address) {
        return driver;
    }

    @Override
    public Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    @Override
    public Optional<Artifact> identify(Path file) {
        return identify.apply(file);
    }

    @Override
    public void listen(String socketPath, StreamEndpoint endpoint) {
        sockets.put(socketPath, endpoint);
    }

    @Override
    public void unlisten(String socketPath) {
        sockets.remove(socketPath);
    }

    @Override
    public void dmesg(String line) {
        dmesg.add(line);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Duration bootDelay() {
        return bootDelay;
    }

    @Override
    public Faults faults() {
        return faults;
    }

    @Override
    public String hostKernelRelease() {
        return kernel;
    }
}
