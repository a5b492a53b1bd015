package org.igdlab.twin.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.igdlab.twin.fault.DmarStorm;
import org.igdlab.twin.fault.DroppedConnection;
import org.igdlab.twin.qemu.Artifact;
import org.igdlab.twin.qemu.LaunchOutcome;
import org.igdlab.twin.qemu.VirtualQemu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host agent's verbs, natively (scripts/host/PROTOCOL.md, version 1). ROOT = dirname(dirname($0)). */
final class Agent {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final Pattern CELL_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    private static final Pattern BDF = Pattern.compile("^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]$");
    private static final Pattern SECONDS = Pattern.compile("^[0-9]{1,5}$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9._/+-]+$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern RESERVED_NAME = Pattern.compile("^(qemu\\..*|dmesg\\.start|host-dmesg\\.txt)$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern RELEASE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$");
    static final Pattern OWNER = Pattern.compile(
            "^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}@[A-Za-z0-9][A-Za-z0-9.-]{0,63}:[0-9]{1,10}:[A-Za-z0-9][A-Za-z0-9_-]{0,63}$");
    private static final Pattern TTL = Pattern.compile("^[1-9][0-9]{0,4}$");
    /** What a twin overlay file holds (the twin does not model qcow2 internals). */
    static final String OVERLAY_MARKER = "twin-qcow2-overlay backing=";
    static final String VERSION = "1.0.0";
    /** The twin's capture device, when a monitor hangs on the IGD's port. */
    static final String CAPTURE_DEVICE = "/dev/video0";
    static final String DEFAULT_FRAME = "frame.ppm";

    private final VirtualHost host;
    private final Path root;

    Agent(VirtualHost host, Path root) {
        this.host = host;
        this.root = root;
    }

    CommandResult run(List<String> args, Stdin stdin) {
        if (args.isEmpty()) return AgentReply.usage("no verb given");
        String verb = args.get(0);
        List<String> rest = args.subList(1, args.size());
        Optional<String> transientFailure = host.faults().transientFailure(verb);
        if (transientFailure.isPresent()) {
            log.info("host={} agent verb {} fails (fault flaky): {}", host.spec().name(), verb, transientFailure.get());
            return AgentReply.failed("failed", verb + ": " + transientFailure.get());
        }
        CommandResult result = dispatch(verb, rest, stdin);
        if (host.faults().dropsConnection(verb)) {
            log.info("host={} agent verb {} done; dropping the SSH session before the reply (fault drop-connection)", host.spec().name(), verb);
            throw new DroppedConnection("host " + host.spec().name() + ": connection dropped during agent verb " + verb);
        }
        return result;
    }

    private CommandResult dispatch(String verb, List<String> rest, Stdin stdin) {
        try {
            return switch (verb) {
                case "version" -> arity(rest, 0, 0).orElse(() -> new AgentReply().put("agent.version", VERSION).ok());
                case "facts" -> arity(rest, 0, 0).orElse(this::facts);
                case "bind" -> arity(rest, 1, 1).orElse(() -> bdf(rest.get(0), this::bind));
                case "unbind" -> arity(rest, 1, 1).orElse(() -> bdf(rest.get(0), this::unbind));
                case "launch" -> arity(rest, 1, 1).orElse(() -> cell(rest.get(0), id -> {
                    synchronized (host.cells()) {
                        return launch(id, stdin);
                    }
                }));
                case "status" -> arity(rest, 1, 1).orElse(() -> cell(rest.get(0), this::status));
                case "stop" -> arity(rest, 1, 2).orElse(() -> cell(rest.get(0), id -> stop(id, rest.size() > 1 ? rest.get(1) : "10")));
                case "collect" -> arity(rest, 1, 1).orElse(() -> cell(rest.get(0), this::collect));
                case "capture" -> arity(rest, 1, 2).orElse(() -> capture(rest.get(0), rest.size() > 1 ? rest.get(1) : DEFAULT_FRAME));
                case "stage" -> arity(rest, 3, 4).orElse(() -> stage(rest));
                case "stage-overlay" -> arity(rest, 3, 3).orElse(() -> stageOverlay(rest));
                case "health" -> arity(rest, 0, 0).orElse(this::health);
                case "kernel-install" -> arity(rest, 2, 2).orElse(() -> kernelInstall(rest.get(0), rest.get(1)));
                case "next-boot" -> arity(rest, 1, 1).orElse(() -> nextBoot(rest.get(0)));
                case "reboot" -> arity(rest, 0, 0).orElse(this::reboot);
                case "lease-acquire" -> arity(rest, 2, 2).orElse(() -> lease(verb, rest.get(0), rest.get(1)));
                case "lease-renew" -> arity(rest, 2, 2).orElse(() -> lease(verb, rest.get(0), rest.get(1)));
                case "lease-release" -> arity(rest, 1, 1).orElse(() -> lease(verb, rest.get(0), null));
                case "lease-show" -> arity(rest, 0, 0).orElse(this::leaseShow);
                default -> AgentReply.usage("unknown verb '" + verb + "'");
            };
        } catch (IOException | RuntimeException e) {
            log.warn("host={} agent verb {} failed", host.spec().name(), verb, e);
            return AgentReply.failed("failed", verb + ": " + e);
        }
    }

    @FunctionalInterface
    private interface Verb {
        CommandResult run() throws IOException;
    }

    @FunctionalInterface
    private interface CellVerb {
        CommandResult run(String id) throws IOException;
    }

    private record Arity(CommandResult refusal) {
        CommandResult orElse(Verb verb) throws IOException {
            return refusal != null ? refusal : verb.run();
        }
    }

    private static Arity arity(List<String> rest, int min, int max) {
        if (rest.size() < min || rest.size() > max) {
            return new Arity(AgentReply.usage("wrong number of arguments: expected " + (min == max ? min : min + " to " + max)
                    + ", got " + rest.size()));
        }
        return new Arity(null);
    }

    private static CommandResult cell(String id, CellVerb verb) throws IOException {
        if (!CELL_ID.matcher(id).matches()) return AgentReply.badArgument("CELL_ID '" + id + "' is not allowed");
        return verb.run(id);
    }

    private static CommandResult bdf(String bdf, CellVerb verb) throws IOException {
        if (!BDF.matcher(bdf).matches()) return AgentReply.badArgument("BDF '" + bdf + "' is not allowed");
        return verb.run(bdf);
    }

    private CommandResult facts() {
        HostSpec spec = host.spec();
        AgentReply r = new AgentReply()
                .put("kernel.release", host.kernel())
                .put("kernel.cmdline", host.cmdline())
                .put("iommu.enabled", 1)
                .put("boot.id", host.bootId());
        var igd = host.igd();
        if (igd.lpcDeviceId() != 0) r.put("lpc.id", String.format("8086:%04x", igd.lpcDeviceId()));
        r.put("igd.bdf", igd.hostAddress().fullForm())
                .put("igd.vendor", String.format("%04x", igd.vendorId()))
                .put("igd.device", String.format("%04x", igd.deviceId()))
                .put("igd.class", String.format("%06x", igd.classCode()))
                .put("igd.driver", host.igdDriver())
                .put("igd.iommu-group", 0)
                .put("igd.group.member", igd.hostAddress().fullForm())
                .put("igd.reg.asls", String.format("0x%08x", igd.hardware().read(0xfc, 4)))
                .put("igd.reg.bdsm", String.format("0x%08x", igd.hardware().read(0x5c, 4)));
        if (spec.igd().bdsm64() != null) r.put("igd.reg.bdsm64", String.format("0x%016x", igd.hardware().read(0xc0, 8)));
        r.put("igd.reg.ggc", String.format("0x%04x", igd.hardware().read(0x50, 2)))
                .put("igd.rom.size", igd.romSize());
        List<Map.Entry<String, Artifact>> qemus = qemuBinaries();
        qemus.forEach(q -> r.put("qemu.binary", q.getKey()));
        if (!qemus.isEmpty()) r.put("qemu.version", qemus.get(0).getValue().version());
        long running = host.cells().values().stream().filter(Cell::running).count();
        if (spec.displayConnected()) r.put("display.capture", CAPTURE_DEVICE);
        r.put("mem.available.kib", Math.max(0, spec.memoryMib() * 1024 * 9 / 10 - running * 4L * 1024 * 1024))
                .put("cells.running", running);
        return r.ok();
    }

    private List<Map.Entry<String, Artifact>> qemuBinaries() {
        return host.spec().installed().entrySet().stream()
                .filter(e -> e.getValue().kind().equals("qemu") && Files.isRegularFile(host.path(e.getKey())))
                .sorted(Map.Entry.comparingByKey()).toList();
    }

    private CommandResult bind(String bdf) throws IOException {
        if (!bdf.equals(host.igd().hostAddress().fullForm())) return AgentReply.unavailable("no PCI device " + bdf);
        Path state = root.resolve("state").resolve("original-driver." + bdf);
        Files.createDirectories(state.getParent());
        if (!Files.exists(state)) Files.writeString(state, host.igdDriver() + "\n");
        String previous = Files.readString(state).trim();
        if (!host.igdDriver().equals("vfio-pci")) {
            host.setIgdDriver("vfio-pci");
            host.dmesg("vfio-pci " + bdf + ": vgaarb: deactivate vga console");
        }
        return new AgentReply().put("bound", bdf).put("previous-driver." + bdf, previous).ok();
    }

    private CommandResult unbind(String bdf) throws IOException {
        if (!bdf.equals(host.igd().hostAddress().fullForm())) return AgentReply.unavailable("no PCI device " + bdf);
        if (host.cells().values().stream().anyMatch(Cell::running)) return AgentReply.failed("failed", bdf + " is in use by a running QEMU");
        Path state = root.resolve("state").resolve("original-driver." + bdf);
        if (Files.exists(state)) {
            host.setIgdDriver(Files.readString(state).trim());
            Files.delete(state);
        }
        return new AgentReply().put("restored", bdf).ok();
    }

    private CommandResult launch(String id, Stdin stdin) throws IOException {
        List<String> argv = Arrays.stream(new String(stdin.readAll(), StandardCharsets.UTF_8).split("\n", -1))
                .map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).toList();
        if (!argv.isEmpty() && argv.get(argv.size() - 1).isEmpty()) argv = argv.subList(0, argv.size() - 1);
        if (argv.isEmpty()) return AgentReply.usage("launch: no QEMU arguments on stdin");
        String binary = argv.get(0);
        Artifact qemu = host.spec().installed().get(binary);
        if (qemu == null || !qemu.kind().equals("qemu") || !Files.isRegularFile(host.path(binary))) {
            return AgentReply.unavailable("no qemu binary at '" + binary + "'");
        }
        Cell existing = host.cells().get(id);
        if (existing != null && existing.running()) return AgentReply.failed("busy", "cell " + id + " still runs QEMU pid " + existing.pid());
        Path dir = cellDir(id);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("qemu.args"), String.join("\n", argv) + "\n");
        Files.deleteIfExists(dir.resolve("qemu.stderr"));
        Files.writeString(dir.resolve("qemu.stdout"), "");
        Files.writeString(dir.resolve("dmesg.start"), host.dmesgLines().size() + "\n");
        int pid = host.nextPid();
        Files.writeString(dir.resolve("qemu.pid"), pid + "\n");
        log.info("host={} cell={} launching pid {}: {}", host.spec().name(), id, pid, String.join(" ", argv));
        LaunchOutcome outcome = new VirtualQemu(host, host.json()).launch(pid, qemu, argv, dir, dir.resolve("qemu.stderr"));
        Cell cell = new Cell(id, dir, pid, outcome);
        host.cells().put(id, cell);
        AgentReply r = new AgentReply().put("cell.dir", dir).put("pid", pid);
        if (cell.running()) {
            host.dmesg("vfio-pci " + host.igd().hostAddress().fullForm() + ": enabling device (0000 -> 0003)");
            host.faults().setting(DmarStorm.class).ifPresent(storm -> {
                log.info("host={} cell={} {} DMAR fault lines (fault dmar-storm)", host.spec().name(), id, storm.lines());
                storm.lines(host.igd().hostAddress().shortForm()).forEach(host::dmesg);
            });
            return r.put("state", "running").ok();
        }
        r.put("state", "exited");
        cell.exitCode().ifPresent(c -> r.put("exit-code", c));
        cell.exitSignal().ifPresent(s -> r.put("exit-signal", s));
        return r.ok();
    }

    private CommandResult status(String id) {
        Cell cell = host.cells().get(id);
        if (cell == null) return new AgentReply().put("state", "absent").ok();
        AgentReply r = new AgentReply().put("state", cell.running() ? "running" : "exited").put("pid", cell.pid());
        if (!cell.running()) {
            cell.exitCode().ifPresent(c -> r.put("exit-code", c));
            cell.exitSignal().ifPresent(s -> r.put("exit-signal", s));
        }
        return r.ok();
    }

    private CommandResult stop(String id, String seconds) {
        if (!SECONDS.matcher(seconds).matches()) return AgentReply.badArgument("SECONDS '" + seconds + "' is not allowed");
        Cell cell = host.cells().get(id);
        String was = cell == null ? "absent" : cell.running() ? "running" : "exited";
        if (cell != null && cell.running()) cell.signal("TERM");
        return new AgentReply().put("state", "stopped").put("was", was).ok();
    }

    private CommandResult collect(String id) throws IOException {
        Path dir = cellDir(id);
        if (!Files.isDirectory(dir)) return AgentReply.unavailable("no such cell " + id);
        int start = 0;
        Path startFile = dir.resolve("dmesg.start");
        if (Files.exists(startFile)) start = Integer.parseInt(Files.readString(startFile).trim());
        List<String> lines = host.dmesgLines();
        List<String> since = lines.subList(Math.min(start, lines.size()), lines.size());
        Files.writeString(dir.resolve("host-dmesg.txt"), since.isEmpty() ? "" : String.join("\n", since) + "\n");
        long faults = since.stream().filter(l -> l.contains("DMAR:") && l.contains("fault")).count();
        AgentReply r = new AgentReply();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().forEach(f -> r.put("file", f));
        }
        return r.put("cell.dir", dir).put("dmar.faults", faults).ok();
    }

    /**
     * The frame the capture device on the IGD's port records now, as a PPM in the cell directory.
     * The picture is the cell's QEMU's (firmware, guest console, or black); a cell whose QEMU no
     * longer runs leaves the port dark.
     */
    private CommandResult capture(String id, String name) throws IOException {
        CommandResult refusal = firstRefusal(refuse("CELL_ID", CELL_ID, id), refuseName(name));
        if (refusal != null) return refusal;
        if (!host.spec().displayConnected()) return AgentReply.unavailable("no capture device: no monitor on the IGD's port");
        Path dir = cellDir(id);
        if (!Files.isDirectory(dir)) return AgentReply.unavailable("no such cell " + id);
        Cell cell = host.cells().get(id);
        var screen = cell == null ? org.igdlab.twin.display.TextScreen.black()
                : cell.process().map(p -> p.screen()).orElse(org.igdlab.twin.display.TextScreen.black());
        var frame = screen.render();
        byte[] ppm = frame.toPpm();
        Path tmp = dir.resolve("." + name + ".new");
        Files.write(tmp, ppm);
        Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        log.info("host={} cell={} captured {} ({})", host.spec().name(), id, name, screen.isBlack() ? "black" : "picture");
        return new AgentReply().put("frame", name).put("file", dir.resolve(name)).put("size", ppm.length)
                .put("width", frame.width()).put("height", frame.height()).put("device", CAPTURE_DEVICE).ok();
    }

    /** The allow-list refusal for VALUE, or null when it passes. */
    private static CommandResult refuse(String what, Pattern pattern, String value) {
        return pattern.matcher(value).matches() ? null : AgentReply.badArgument(what + " '" + value + "' is not allowed");
    }

    private static CommandResult firstRefusal(CommandResult... refusals) {
        for (CommandResult r : refusals) if (r != null) return r;
        return null;
    }

    private static CommandResult refuseName(String name) {
        CommandResult r = refuse("NAME", NAME, name);
        if (r == null && RESERVED_NAME.matcher(name).matches()) {
            r = AgentReply.badArgument("NAME " + name + " is reserved for the agent's own cell files");
        }
        return r;
    }

    private CommandResult stage(List<String> args) throws IOException {
        String id = args.get(0), source = args.get(1), name = args.get(2);
        String want = args.size() > 3 ? args.get(3) : null;
        CommandResult refusal = firstRefusal(refuse("CELL_ID", CELL_ID, id), refuse("SOURCE", PATH, source), refuseName(name),
                want == null ? null : refuse("SHA256", SHA256, want));
        if (refusal != null) return refusal;
        Path src = host.path(source);
        if (!Files.isRegularFile(src)) return AgentReply.unavailable("no regular file " + source);
        byte[] bytes = Files.readAllBytes(src);
        String have = sha256(bytes);
        if (want != null && !want.equals(have)) {
            return AgentReply.failed("checksum", source + " has sha256 " + have + ", expected " + want);
        }
        Path dir = cellDir(id);
        Files.createDirectories(dir);
        Path dst = dir.resolve(name);
        if (!Files.isRegularFile(dst) || !Arrays.equals(Files.readAllBytes(dst), bytes)) {
            Path tmp = dir.resolve("." + name + ".new");
            Files.write(tmp, bytes);
            Files.move(tmp, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new AgentReply().put("staged", name).put("sha256", have).put("size", bytes.length).ok();
    }

    private CommandResult stageOverlay(List<String> args) throws IOException {
        String id = args.get(0), base = args.get(1), name = args.get(2);
        CommandResult refusal = firstRefusal(refuse("CELL_ID", CELL_ID, id), refuse("BASE", PATH, base), refuseName(name));
        if (refusal != null) return refusal;
        if (!Files.isRegularFile(host.path(base))) return AgentReply.unavailable("no base image " + base);
        Path dir = cellDir(id);
        Path dst = dir.resolve(name);
        String content = OVERLAY_MARKER + base + "\n";
        if (Files.exists(dst)) {
            String was = Files.readString(dst);
            if (!was.equals(content)) {
                return AgentReply.failed("failed", name + " exists with backing file '"
                        + (was.startsWith(OVERLAY_MARKER) ? was.substring(OVERLAY_MARKER.length()).strip() : "none") + "', not " + base);
            }
        } else {
            Files.createDirectories(dir);
            Files.writeString(dst, content);
        }
        return new AgentReply().put("overlay", name).put("backing", base).ok();
    }

    private CommandResult health() {
        long running = host.cells().values().stream().filter(Cell::running).count();
        var igd = host.igd();
        AgentReply r = new AgentReply()
                .put("check.iommu", "ok").put("detail.iommu", "units: dmar0")
                .put("check.vfio-pci", "ok").put("detail.vfio-pci", "driver loaded")
                .put("check.igd", "ok").put("detail.igd", igd.hostAddress().fullForm() + " "
                        + String.format("%04x:%04x", igd.vendorId(), igd.deviceId()) + " driver " + host.igdDriver())
                .put("check.stale-qemu", running == 0 ? "ok" : "fail")
                .put("detail.stale-qemu", running == 0 ? "no cell runs QEMU" : running + " cells still run QEMU")
                .put("check.disk", "ok").put("detail.disk", "free.kib=52428800 under " + root)
                .put("check.load", "ok").put("detail.load", "load1=0.10 cpus=8");
        return r.put("healthy", running == 0 ? 1 : 0).ok();
    }

    private CommandResult kernelInstall(String release, String packagePath) {
        CommandResult refusal = firstRefusal(refuse("RELEASE", RELEASE, release), refuse("PACKAGE_PATH", PATH, packagePath));
        if (refusal != null) return refusal;
        if (host.installedKernels().contains(release)) {
            return new AgentReply().put("installed", release).put("was", "present").ok();
        }
        if (!packagePath.endsWith(".deb") && !packagePath.endsWith(".rpm")) {
            return AgentReply.badArgument("PACKAGE_PATH must end in .deb or .rpm");
        }
        if (!Files.isRegularFile(host.path(packagePath))) return AgentReply.unavailable("no package file " + packagePath);
        host.installKernel(release);
        log.info("host={} installed kernel {} from {}", host.spec().name(), release, packagePath);
        return new AgentReply().put("installed", release).put("was", "absent").ok();
    }

    private CommandResult nextBoot(String release) {
        CommandResult refusal = refuse("RELEASE", RELEASE, release);
        if (refusal != null) return refusal;
        if (!host.installedKernels().contains(release)) {
            return AgentReply.unavailable("kernel " + release + " is not installed (no /lib/modules/" + release
                    + " or /boot/vmlinuz-" + release + ")");
        }
        host.setNextBoot(release);
        return new AgentReply().put("next-boot", release).put("method", "grub-reboot")
                .put("entry", "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux " + release).ok();
    }

    private CommandResult reboot() {
        String bootId = host.bootId();
        host.scheduleReboot();
        return new AgentReply().put("rebooting", 1).put("boot-id", bootId).ok();
    }

    /** The lease file's content (PROTOCOL.md "Leases"); an unparsable file reads as owner unknown, expired. */
    private record Lease(String owner, long expires, long acquired) {
        static Optional<Lease> read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) return Optional.empty();
            String owner = "unknown";
            long expires = 0, acquired = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq < 0) continue;
                String key = line.substring(0, eq), value = line.substring(eq + 1);
                switch (key) {
                    case "owner" -> owner = OWNER.matcher(value).matches() ? value : "unknown";
                    case "expires" -> expires = epoch(value);
                    case "acquired" -> acquired = epoch(value);
                    default -> { }
                }
            }
            return Optional.of(new Lease(owner, expires, acquired));
        }

        private static long epoch(String value) {
            return value.matches("[1-9][0-9]{0,17}") ? Long.parseLong(value) : 0;
        }

        void write(Path file) throws IOException {
            Path tmp = file.resolveSibling(".lease.new");
            Files.writeString(tmp, "owner=" + owner + "\nexpires=" + expires + "\nacquired=" + acquired + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Path leaseFile() {
        return root.resolve("state").resolve("lease");
    }

    /** lease-acquire, lease-renew, lease-release: read, decide and write under the host's lease lock. */
    private CommandResult lease(String verb, String owner, String ttl) throws IOException {
        CommandResult refusal = firstRefusal(OWNER.matcher(owner).matches() ? null
                        : AgentReply.badArgument("OWNER must be user@runner-host:pid:run-id matching " + OWNER.pattern()),
                ttl == null || TTL.matcher(ttl).matches() ? null : AgentReply.badArgument("TTL must match " + TTL.pattern()));
        if (refusal != null) return refusal;
        synchronized (host.leaseLock()) {
            long now = host.clock().instant().getEpochSecond();
            Path file = leaseFile();
            Files.createDirectories(file.getParent());
            Optional<Lease> current = Lease.read(file);
            boolean mine = current.isPresent() && current.get().owner().equals(owner);
            AgentReply r = new AgentReply();
            switch (verb) {
                case "lease-acquire" -> {
                    String was;
                    if (current.isEmpty()) was = "free";
                    else if (mine) was = "own";
                    else if (current.get().expires() <= now) was = "expired";
                    else return leased(verb, current.get(), now);
                    if (was.equals("expired")) r.put("lease.previous-owner", current.get().owner());
                    long acquired = mine && current.get().acquired() != 0 ? current.get().acquired() : now;
                    Lease lease = new Lease(owner, now + Long.parseLong(ttl), acquired);
                    lease.write(file);
                    r.put("lease.was", was);
                    put(r, lease);
                }
                case "lease-renew" -> {
                    if (current.isEmpty()) {
                        return AgentReply.unavailable("lease-renew refused: the host has no lease (released, or removed by hand)");
                    }
                    if (!mine) return leased(verb, current.get(), now);
                    Lease lease = new Lease(owner, now + Long.parseLong(ttl), current.get().acquired());
                    lease.write(file);
                    put(r, lease);
                }
                default -> {
                    if (current.isPresent() && !mine) return leased(verb, current.get(), now);
                    Files.deleteIfExists(file);
                    r.put("lease.was", mine ? "held" : "absent").put("lease.state", "free");
                }
            }
            log.debug("host={} {} {} ok", host.spec().name(), verb, owner);
            return r.put("now", now).ok();
        }
    }

    private CommandResult leaseShow() throws IOException {
        long now = host.clock().instant().getEpochSecond();
        Optional<Lease> current = Lease.read(leaseFile());
        AgentReply r = new AgentReply();
        if (current.isEmpty()) {
            r.put("lease.state", "free");
        } else {
            Lease lease = current.get();
            r.put("lease.state", lease.expires() <= now ? "expired" : "held");
            put(r, lease);
            r.put("lease.remaining", Math.max(0, lease.expires() - now));
        }
        return r.put("now", now).ok();
    }

    private static void put(AgentReply r, Lease lease) {
        r.put("lease.owner", lease.owner()).put("lease.expires", lease.expires()).put("lease.acquired", lease.acquired());
    }

    private static CommandResult leased(String verb, Lease holder, long now) {
        return AgentReply.refusal(75, "leased", verb + " refused: the lease is held by " + holder.owner() + " until "
                + holder.expires() + " (epoch seconds; now " + now + ")",
                new AgentReply().put("lease.holder", holder.owner()).put("lease.expires", holder.expires()));
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private Path cellDir(String id) {
        return root.resolve("cells").resolve(id);
    }
}
