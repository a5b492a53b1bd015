package org.igdlab.runner.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.igdlab.runner.ssh.ExecResult;
import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's side of the host agent protocol (scripts/host/PROTOCOL.md): deploys the agent over
 * SFTP when its hash differs, and calls one verb per exec request with every argument validated
 * against the protocol's allow-lists first and passed as argv, bulk input on stdin.
 */
public final class HostAgent {

    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);

    static final String RESOURCE = "org/igdlab/runner/host/agent/igdlab-agent";
    /** The largest frame fetched: a 4K RGB frame is 24 MiB. */
    private static final long CAPTURE_FILE_CAP = 64L << 20;
    /** The most collect fetches of one cell file. */
    static final long COLLECT_FILE_CAP = 16L * 1024 * 1024;

    private final RemoteShell shell;
    private final String agentRoot;
    private final String agentPath;
    private final byte[] agentScript;

    public HostAgent(RemoteShell shell, String agentRoot, byte[] agentScript) {
        this.shell = Objects.requireNonNull(shell, "shell");
        Objects.requireNonNull(agentRoot, "agentRoot");
        if (!agentRoot.matches("/[A-Za-z0-9._/-]*") || agentRoot.contains("/../") || agentRoot.endsWith("/..")) {
            throw new IllegalArgumentException("agentRoot (" + agentRoot
                    + ") must be an absolute path of letters, digits, '.', '_', '-' and '/'");
        }
        this.agentRoot = agentRoot.length() > 1 && agentRoot.endsWith("/")
                ? agentRoot.substring(0, agentRoot.length() - 1)
                : agentRoot;
        this.agentPath = this.agentRoot + "/bin/igdlab-agent";
        this.agentScript = agentScript.clone();
    }

    /** The agent shipped in the runner jar (copied from scripts/host by the build). */
    public static byte[] bundledAgent() {
        try (InputStream in = HostAgent.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the classpath has no " + RESOURCE
                        + "; the build copies it from scripts/host (run mvn process-resources)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    /** Where the agent lives on the host. */
    public String agentPath() {
        return agentPath;
    }

    /**
     * Makes the host's agent this runner's agent: compares SHA-256 sums, uploads when missing or
     * different, then checks that {@code version} speaks protocol 1.
     */
    public DeployOutcome ensureDeployed(Deadline d) throws AgentException, RemoteException {
        String wanted = sha256(agentScript);
        ExecResult sum = shell.exec(List.of("sha256sum", "--", agentPath), null, d);
        String present = sum.succeeded() ? sum.stdoutText().strip().split("\\s+", 2)[0] : "";
        DeployOutcome outcome;
        if (present.equalsIgnoreCase(wanted)) {
            outcome = DeployOutcome.UP_TO_DATE;
        } else {
            LOG.info("host={} deploying agent {} (sha256 {}; host has {})", shell.hostName(), agentPath, wanted,
                    present.isEmpty() ? "none" : present);
            shell.upload(agentScript, agentPath, 0755, d);
            outcome = DeployOutcome.UPLOADED;
        }
        AgentReply version = call("version", List.of(), null, d);
        LOG.info("host={} agent {} ({})", shell.hostName(), version.first("agent.version").orElse("?"), outcome);
        return outcome;
    }

    public HostFacts facts(Deadline d) throws AgentException, RemoteException {
        AgentReply reply = call("facts", List.of(), null, d);
        try {
            return HostFacts.from(reply);
        } catch (IllegalArgumentException e) {
            throw new AgentException(shell.hostName(), "facts", reply.exec(), Optional.empty(), Optional.empty(),
                    "unreadable facts: " + e.getMessage());
        }
    }

    public AgentReply bind(String bdf, Deadline d) throws AgentException, RemoteException {
        return call("bind", List.of(AgentArguments.bdf(bdf)), null, d);
    }

    public AgentReply unbind(String bdf, Deadline d) throws AgentException, RemoteException {
        return call("unbind", List.of(AgentArguments.bdf(bdf)), null, d);
    }

    /** Starts QEMU with exactly {@code qemuArgv} (first element the binary's absolute path), one argument per stdin line. */
    public LaunchReply launch(String cellId, List<String> qemuArgv, Deadline d) throws AgentException, RemoteException {
        AgentArguments.cellId(cellId);
        List<String> argv = AgentArguments.qemuArgv(qemuArgv);
        byte[] stdin = (String.join("\n", argv) + "\n").getBytes(StandardCharsets.UTF_8);
        AgentReply reply = call("launch", List.of(cellId), stdin, d);
        try {
            String state = reply.first("state").orElse("");
            if (!state.equals("running") && !state.equals("exited")) {
                throw new IllegalArgumentException("state=" + state + " is neither running nor exited");
            }
            return new LaunchReply(reply.first("cell.dir").orElse(cellDir(cellId)), state.equals("running"),
                    HostFacts.optionalLong(reply, "pid"), HostFacts.optionalInt(reply, "exit-code"),
                    reply.first("exit-signal"), reply);
        } catch (IllegalArgumentException e) {
            throw new AgentException(shell.hostName(), "launch", reply.exec(), Optional.empty(), Optional.empty(),
                    "unreadable launch reply: " + e.getMessage());
        }
    }

    public AgentReply status(String cellId, Deadline d) throws AgentException, RemoteException {
        return call("status", List.of(AgentArguments.cellId(cellId)), null, d);
    }

    public AgentReply stop(String cellId, int graceSeconds, Deadline d) throws AgentException, RemoteException {
        return call("stop", List.of(AgentArguments.cellId(cellId), AgentArguments.seconds(graceSeconds)), null, d);
    }

    /**
     * Per cell, the frames {@link #capture} already fetched: {@link #collect} does not fetch them a
     * second time (a frame is the largest file of a cell). Files the agent did not capture, such as
     * a QMP screendump written into the cell directory, are collected as usual.
     */
    private final Map<String, Set<String>> captured = new ConcurrentHashMap<>();

    /**
     * Runs {@code collect} and fetches the files it lists from the cell directory over SFTP, one
     * session for all, except the frames {@link #capture} fetched already.
     */
    public CollectReply collect(String cellId, Deadline d) throws AgentException, RemoteException {
        AgentReply reply = call("collect", List.of(AgentArguments.cellId(cellId)), null, d);
        String cellDir = reply.first("cell.dir").orElse(cellDir(cellId));
        int faults;
        List<String> names = new ArrayList<>();
        try {
            faults = HostFacts.optionalInt(reply, "dmar.faults").orElse(0);
            for (String name : reply.all("file")) {
                if (name.equals(".") || name.equals("..")) {
                    throw new IllegalArgumentException("file=" + name + " is not a file name");
                }
                names.add(AgentArguments.check("file", AgentArguments.FILE_NAME, name));
            }
        } catch (IllegalArgumentException e) {
            throw new AgentException(shell.hostName(), "collect", reply.exec(), Optional.empty(), Optional.empty(),
                    "unreadable collect reply: " + e.getMessage());
        }
        // frames are fetched by capture when taken; fetching them again here cost a second a cell
        Set<String> fetched = Optional.ofNullable(captured.remove(cellId)).orElse(Set.of());
        names.removeIf(fetched::contains);
        List<String> paths = names.stream().map(name -> cellDir + "/" + name).toList();
        Map<String, byte[]> byPath = shell.downloadAll(paths, COLLECT_FILE_CAP, d);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            files.put(names.get(i), byPath.get(paths.get(i)));
        }
        return new CollectReply(cellDir, files, faults, reply);
    }

    /**
     * Runs {@code capture}: the host's capture device records the IGD's port into the cell directory
     * as the PPM {@code name}, which is then fetched over SFTP.
     */
    public CaptureReply capture(String cellId, String name, Deadline d) throws AgentException, RemoteException {
        AgentReply reply = call("capture", List.of(AgentArguments.cellId(cellId), AgentArguments.name(name)), null, d);
        String file;
        String device;
        try {
            String frame = reply.first("frame").orElseThrow(() -> new IllegalArgumentException("no frame= line"));
            if (!frame.equals(name)) {
                throw new IllegalArgumentException("frame=" + frame + " is not the frame asked for, " + name);
            }
            file = AgentArguments.path("file", reply.first("file").orElse(cellDir(cellId) + "/" + frame));
            // the runner fetches only from the cell's own directory, whatever the reply says
            if (!file.endsWith("/cells/" + cellId + "/" + frame) || file.contains("/../") || file.contains("/./")) {
                throw new IllegalArgumentException("file=" + file + " is not " + frame + " in the directory of cell " + cellId);
            }
            device = reply.first("device").orElse("unknown");
        } catch (IllegalArgumentException e) {
            throw new AgentException(shell.hostName(), "capture", reply.exec(), Optional.empty(), Optional.empty(),
                    "unreadable capture reply: " + e.getMessage());
        }
        byte[] content = shell.download(file, CAPTURE_FILE_CAP, d);
        captured.computeIfAbsent(cellId, c -> ConcurrentHashMap.newKeySet()).add(name);
        return new CaptureReply(file, device, content, reply);
    }

    /** The quick checks of {@code health}; a failed check is a value in the result, not an exception. */
    public HostHealth health(Deadline d) throws AgentException, RemoteException {
        AgentReply reply = call("health", List.of(), null, d);
        try {
            return HostHealth.from(reply);
        } catch (IllegalArgumentException e) {
            throw new AgentException(shell.hostName(), "health", reply.exec(), Optional.empty(), Optional.empty(),
                    "unreadable health reply: " + e.getMessage());
        }
    }

    /**
     * Copies {@code source} (a file already on the host) into the cell directory as {@code name};
     * with {@code sha256}, a different file is refused ({@code error.code=checksum}).
     */
    public StageReply stage(String cellId, String source, String name, Optional<String> sha256, Deadline d)
            throws AgentException, RemoteException {
        List<String> args = new ArrayList<>(List.of(AgentArguments.cellId(cellId), AgentArguments.path("SOURCE", source),
                AgentArguments.name(name)));
        sha256.map(s -> AgentArguments.sha256(s.toLowerCase(java.util.Locale.ROOT))).ifPresent(args::add);
        AgentReply reply = call("stage", args, null, d);
        try {
            String staged = reply.first("staged").orElseThrow(() -> new IllegalArgumentException("no staged= line"));
            String hash = AgentArguments.sha256(reply.first("sha256").orElse(""));
            long size = HostFacts.optionalLong(reply, "size").orElseThrow(() -> new IllegalArgumentException("no size= line"));
            return new StageReply(staged, hash, size, reply);
        } catch (IllegalArgumentException e) {
            throw new AgentException(shell.hostName(), "stage", reply.exec(), Optional.empty(), Optional.empty(),
                    "unreadable stage reply: " + e.getMessage());
        }
    }

    /** Creates the qcow2 overlay {@code name} in the cell directory, backed by {@code base} (never written). */
    public AgentReply stageOverlay(String cellId, String base, String name, Deadline d) throws AgentException, RemoteException {
        return call("stage-overlay", List.of(AgentArguments.cellId(cellId), AgentArguments.path("BASE", base),
                AgentArguments.name(name)), null, d);
    }

    /** Installs the kernel package {@code packagePath} (already on the host) unless {@code release} is installed. */
    public AgentReply kernelInstall(String release, String packagePath, Deadline d) throws AgentException, RemoteException {
        return call("kernel-install", List.of(AgentArguments.release(release),
                AgentArguments.path("PACKAGE_PATH", packagePath)), null, d);
    }

    /** Makes the next boot, and only that one, start {@code release}; the reply names the method. */
    public AgentReply nextBoot(String release, Deadline d) throws AgentException, RemoteException {
        return call("next-boot", List.of(AgentArguments.release(release)), null, d);
    }

    /** Asks the host to reboot (detached, about a second later) and returns the boot id of the boot that ends. */
    public String reboot(Deadline d) throws AgentException, RemoteException {
        AgentReply reply = call("reboot", List.of(), null, d);
        return reply.first("boot-id").filter(id -> !id.isBlank())
                .orElseThrow(() -> new AgentException(shell.hostName(), "reboot", reply.exec(), Optional.empty(),
                        Optional.empty(), "the reply has no boot-id"));
    }

    /**
     * Takes the host's lease for {@code owner} for {@code ttl} (whole seconds, at least one), when it is
     * free, already {@code owner}'s, or expired.
     *
     * @throws HostLeasedException another runner holds it
     */
    public LeaseReply leaseAcquire(LeaseOwner owner, java.time.Duration ttl, Deadline d)
            throws AgentException, RemoteException, HostLeasedException {
        return lease("lease-acquire", List.of(owner.text(), AgentArguments.ttl(ttlSeconds(ttl))), d);
    }

    /**
     * Moves the expiry of {@code owner}'s lease to the host's now + {@code ttl}.
     *
     * @throws HostLeasedException another runner holds it now
     * @throws AgentException      {@code error.code=unavailable}: there is no lease (released or removed by hand)
     */
    public LeaseReply leaseRenew(LeaseOwner owner, java.time.Duration ttl, Deadline d)
            throws AgentException, RemoteException, HostLeasedException {
        return lease("lease-renew", List.of(owner.text(), AgentArguments.ttl(ttlSeconds(ttl))), d);
    }

    /** Gives {@code owner}'s lease back; the reply says {@code lease.was=held|absent}. */
    public AgentReply leaseRelease(LeaseOwner owner, Deadline d) throws AgentException, RemoteException, HostLeasedException {
        try {
            return call("lease-release", List.of(owner.text()), null, d);
        } catch (AgentException e) {
            throw leasedOrSame("lease-release", e);
        }
    }

    /** The host's lease as {@code lease-show} prints it ({@code lease.state=free|held|expired}, owner, expiry). */
    public AgentReply leaseShow(Deadline d) throws AgentException, RemoteException {
        return call("lease-show", List.of(), null, d);
    }

    private LeaseReply lease(String verb, List<String> args, Deadline d)
            throws AgentException, RemoteException, HostLeasedException {
        AgentReply reply;
        try {
            reply = call(verb, args, null, d);
        } catch (AgentException e) {
            throw leasedOrSame(verb, e);
        }
        try {
            return LeaseReply.from(reply);
        } catch (IllegalArgumentException e) {
            throw new AgentException(shell.hostName(), verb, reply.exec(), Optional.empty(), Optional.empty(),
                    "unreadable " + verb + " reply: " + e.getMessage());
        }
    }

    /**
     * A {@code leased} refusal as the exception that names the holder; any other failure as it was.
     * Always throws; the return type only lets callers write {@code throw leasedOrSame(...)}.
     */
    private RuntimeException leasedOrSame(String verb, AgentException e) throws AgentException, HostLeasedException {
        if (e.errorCode().filter("leased"::equals).isEmpty()) {
            throw e;
        }
        Optional<AgentReply> reply = e.reply();
        String holder = reply.flatMap(r -> r.first("lease.holder")).orElse("another runner");
        Optional<java.time.Instant> expires;
        try {
            expires = reply.isPresent() && reply.get().first("lease.expires").isPresent()
                    ? Optional.of(LeaseReply.epoch(reply.get(), "lease.expires"))
                    : Optional.empty();
        } catch (IllegalArgumentException unreadable) {
            expires = Optional.empty();
        }
        throw new HostLeasedException(shell.hostName(), verb, holder, expires, e);
    }

    private static long ttlSeconds(java.time.Duration ttl) {
        long seconds = ttl.toSeconds();
        if (seconds < 1 || ttl.toNanosPart() != 0) {
            throw new IllegalArgumentException("lease TTL (" + ttl + ") must be whole seconds, at least 1");
        }
        return seconds;
    }

    public String hostName() {
        return shell.hostName();
    }

    /** The connection this agent talks over (for {@link Reboots}, which watches it drop). */
    RemoteShell shell() {
        return shell;
    }

    /** The same agent (root, script) over another connection to the same host, e.g. after a reboot. */
    public HostAgent over(RemoteShell other) {
        return new HostAgent(other, agentRoot, agentScript);
    }

    private String cellDir(String cellId) {
        return agentRoot + "/cells/" + cellId;
    }

    private AgentReply call(String verb, List<String> args, byte[] stdin, Deadline d)
            throws AgentException, RemoteException {
        List<String> argv = new ArrayList<>();
        argv.add(agentPath);
        argv.add(verb);
        argv.addAll(args);
        ExecResult exec = shell.exec(argv, stdin, d);
        return AgentOutput.read(shell.hostName(), verb, exec);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
