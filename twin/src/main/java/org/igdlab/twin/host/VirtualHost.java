package org.igdlab.twin.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.qemu.Artifact;
import org.igdlab.twin.qemu.QemuHost;
import org.igdlab.twin.qemu.StreamEndpoint;

/**
 * One simulated lab host: its file system (jimfs), kernel, IGD and driver binding, the UNIX
 * sockets its QEMUs listen on, its dmesg, and its cells. Commands arrive through {@link #exec}.
 */
public final class VirtualHost implements QemuHost, AutoCloseable {
    static final String STAND_IN_MARKER = "twin-stand-in ";

    private final HostSpec spec;
    private final FileSystem fs;
    private final HostIgd igd;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, StreamEndpoint> sockets = new ConcurrentHashMap<>();
    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final List<String> dmesg = new ArrayList<>();
    private final AtomicInteger nextPid = new AtomicInteger(4200);
    private volatile String igdDriver = "i915";

    public VirtualHost(HostSpec spec, ScheduledExecutorService scheduler) throws IOException {
        this.spec = spec;
        this.scheduler = scheduler;
        this.fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").setWorkingDirectory(home()).build());
        this.igd = IgdHardware.build(spec);
        populate();
        dmesg("Linux version " + spec.kernel() + " (igdlab twin)");
        dmesg("Command line: " + cmdline());
        dmesg("DMAR: IOMMU enabled");
        dmesg("i915 " + spec.igd().bdf() + ": [drm] Initialized i915 1.6.0 for " + spec.igd().bdf() + " on minor 0");
    }

    private String home() {
        return "/home/" + spec.user();
    }

    private void populate() throws IOException {
        Files.createDirectories(fs.getPath(home()));
        Files.createDirectories(fs.getPath(spec.agentRoot(), "bin"));
        Files.createDirectories(fs.getPath("/proc"));
        Files.writeString(fs.getPath("/proc/cmdline"), cmdline() + "\n");
        Files.createDirectories(fs.getPath("/etc"));
        Files.writeString(fs.getPath("/etc/hostname"), spec.name() + "\n");
        for (var e : spec.installed().entrySet()) {
            Path p = fs.getPath(e.getKey());
            if (p.getParent() != null) Files.createDirectories(p.getParent());
            Artifact a = e.getValue();
            Files.writeString(p, STAND_IN_MARKER + a.name() + "\nkind=" + a.kind() + "\nversion=" + a.version() + "\n");
        }
    }

    public HostSpec spec() {
        return spec;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    String cmdline() {
        return "BOOT_IMAGE=/vmlinuz-" + spec.kernel() + " root=/dev/sda2 ro intel_iommu=on iommu=pt";
    }

    HostIgd igd() {
        return igd;
    }

    ObjectMapper json() {
        return json;
    }

    Map<String, Cell> cells() {
        return cells;
    }

    int nextPid() {
        return nextPid.incrementAndGet();
    }

    void setIgdDriver(String driver) {
        igdDriver = driver;
    }

    String igdDriver() {
        return igdDriver;
    }

    synchronized List<String> dmesgLines() {
        return List.copyOf(dmesg);
    }

    /** Runs one exec request (already split into words). */
    public CommandResult exec(List<String> argv, Stdin stdin) {
        return new HostShell(this).run(argv, stdin);
    }

    /** The endpoint a QEMU listens on at this UNIX socket path, if any. */
    public Optional<StreamEndpoint> socket(String path) {
        return Optional.ofNullable(sockets.get(fs.getPath(path).normalize().toString()));
    }

    @Override
    public Optional<HostIgd> pciDevice(PciAddress address) {
        return address.equals(igd.hostAddress()) ? Optional.of(igd) : Optional.empty();
    }

    @Override
    public String driverOf(PciAddress address) {
        return address.equals(igd.hostAddress()) ? igdDriver : "none";
    }

    @Override
    public Path path(String absolute) {
        return fs.getPath(absolute);
    }

    @Override
    public Optional<Artifact> identify(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 4096) return Optional.empty();
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (!first.startsWith(STAND_IN_MARKER)) return Optional.empty();
            String name = first.substring(STAND_IN_MARKER.length()).trim();
            return spec.catalog().stream().filter(a -> a.name().equals(name)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
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
    public synchronized void dmesg(String line) {
        dmesg.add(String.format("[%8.6f] %s", dmesg.size() * 0.25, line));
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Duration bootDelay() {
        return spec.bootDelay();
    }

    @Override
    public Faults faults() {
        return spec.faults();
    }

    @Override
    public String hostKernelRelease() {
        return spec.kernel();
    }

    /** Ends every QEMU still running, then drops the file system. */
    @Override
    public void close() throws IOException {
        cells.values().forEach(Cell::kill);
        fs.close();
    }
}
