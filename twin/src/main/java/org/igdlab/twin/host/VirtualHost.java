package org.igdlab.twin.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.qemu.Artifact;
import org.igdlab.twin.qemu.QemuHost;
import org.igdlab.twin.qemu.StreamEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated lab host: its file system (jimfs), kernel, IGD and driver binding, the UNIX
 * sockets its QEMUs listen on, its dmesg, and its cells. Commands arrive through {@link #exec}.
 */
public final class VirtualHost implements QemuHost, AutoCloseable {
    static final String STAND_IN_MARKER = "twin-stand-in ";
    private static final Logger log = LoggerFactory.getLogger(VirtualHost.class);
    /** The agent's "sleep 1" before the reboot, scaled: the exec reply reaches the client first. */
    static final Duration REBOOT_GRACE = Duration.ofMillis(100);
    static final Duration MIN_REBOOT_DOWNTIME = Duration.ofMillis(100);
    static final int SLOW_REBOOT_FACTOR = 20;

    private final HostSpec spec;
    private final FileSystem fs;
    private final HostIgd igd;
    private final ScheduledExecutorService scheduler;
    /** The host's wall clock: {@code date +%s} for lease expiry. Tests pass a fake one. */
    private final Clock clock;
    /** Serialises the lease verbs, as the real agent's mkdir lock does. */
    private final Object leaseLock = new Object();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, StreamEndpoint> sockets = new ConcurrentHashMap<>();
    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final List<String> dmesg = new ArrayList<>();
    private final AtomicInteger nextPid = new AtomicInteger(4200);
    private volatile String igdDriver = "i915";
    /** Boot state: the running kernel, this boot's id, the kernels on disk, the one-shot next boot. */
    private final Set<String> installedKernels = new LinkedHashSet<>();
    private final List<Runnable> goingDown = new CopyOnWriteArrayList<>();
    private volatile String kernel;
    private volatile String bootId = UUID.randomUUID().toString();
    private volatile String nextBoot;
    private volatile boolean up = true;
    private volatile boolean rebootPending;

    public VirtualHost(HostSpec spec, ScheduledExecutorService scheduler) throws IOException {
        this(spec, scheduler, Clock.systemUTC());
    }

    public VirtualHost(HostSpec spec, ScheduledExecutorService scheduler, Clock clock) throws IOException {
        this.spec = spec;
        this.scheduler = scheduler;
        this.clock = clock;
        this.fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").setWorkingDirectory(home()).build());
        this.igd = IgdHardware.build(spec);
        this.kernel = spec.kernel();
        installedKernels.add(spec.kernel());
        installedKernels.addAll(spec.kernels());
        populate();
        bootMessages();
    }

    private synchronized void bootMessages() throws IOException {
        dmesg.clear();
        Files.writeString(fs.getPath("/proc/cmdline"), cmdline() + "\n");
        Files.createDirectories(fs.getPath("/proc/sys/kernel/random"));
        Files.writeString(fs.getPath("/proc/sys/kernel/random/boot_id"), bootId + "\n");
        Files.writeString(fs.getPath("/proc/sys/kernel/osrelease"), kernel + "\n");
        dmesg("Linux version " + kernel + " (igdlab twin)");
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
        return "BOOT_IMAGE=/vmlinuz-" + kernel + " root=/dev/sda2 ro intel_iommu=on iommu=pt";
    }

    /** The running kernel ({@code uname -r}); the spec's kernel until a reboot into another. */
    public String kernel() {
        return kernel;
    }

    /** This boot's {@code /proc/sys/kernel/random/boot_id}; new on every boot. */
    public String bootId() {
        return bootId;
    }

    synchronized Set<String> installedKernels() {
        return Set.copyOf(installedKernels);
    }

    synchronized boolean installKernel(String release) {
        return installedKernels.add(release);
    }

    void setNextBoot(String release) {
        nextBoot = release;
    }

    /** Whether the host is booted: while down its SSH server closes every session at once. */
    public boolean up() {
        return up;
    }

    /** Runs {@code listener} when the host goes down (the SSH server drops its sessions). */
    public void onGoingDown(Runnable listener) {
        goingDown.add(listener);
    }

    /**
     * What the real agent's detached {@code sleep 1; systemctl reboot} does, scaled: after
     * {@link #REBOOT_GRACE} the host goes down (sessions closed, QEMUs gone), stays down for
     * {@link #rebootDowntime()} and boots the one-shot kernel if one was set, else the default,
     * with a new boot id. Same host key and port: the SSH server object never goes away.
     */
    void scheduleReboot() {
        synchronized (this) {
            if (rebootPending) return;
            rebootPending = true;
        }
        scheduler.schedule(this::goDown, REBOOT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void goDown() {
        up = false;
        log.info("host={} going down for reboot", spec.name());
        goingDown.forEach(l -> {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("host={} going-down listener failed", spec.name(), e);
            }
        });
        cells.values().forEach(Cell::kill);
        cells.clear();
        sockets.clear();
        if (spec.faults().has(Fault.NEVER_BACK_FROM_REBOOT)) {
            log.info("host={} never comes back (fault never-back-from-reboot)", spec.name());
            return;
        }
        scheduler.schedule(this::comeUp, rebootDowntime().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void comeUp() {
        String next = nextBoot;
        nextBoot = null;
        kernel = next != null ? next : spec.kernel();
        bootId = UUID.randomUUID().toString();
        igdDriver = "i915";
        try {
            bootMessages();
        } catch (IOException e) {
            log.warn("host={} boot files not written", spec.name(), e);
        }
        synchronized (this) {
            rebootPending = false;
        }
        up = true;
        log.info("host={} up again: kernel {} boot id {}", spec.name(), kernel, bootId);
    }

    /** How long a reboot keeps the host down: twice the simulated boot time, at least 100 ms; {@code slow-reboot} × 20. */
    Duration rebootDowntime() {
        Duration base = spec.bootDelay().multipliedBy(2);
        if (base.compareTo(MIN_REBOOT_DOWNTIME) < 0) base = MIN_REBOOT_DOWNTIME;
        return spec.faults().has(Fault.SLOW_REBOOT) ? base.multipliedBy(SLOW_REBOOT_FACTOR) : base;
    }

    HostIgd igd() {
        return igd;
    }

    Clock clock() {
        return clock;
    }

    Object leaseLock() {
        return leaseLock;
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
        return kernel;
    }

    @Override
    public boolean displayConnected() {
        return spec.displayConnected();
    }

    /** Ends every QEMU still running, then drops the file system. */
    @Override
    public void close() throws IOException {
        cells.values().forEach(Cell::kill);
        fs.close();
    }
}
