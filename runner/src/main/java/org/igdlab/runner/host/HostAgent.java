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

    /** Runs {@code collect} and fetches every file it lists from the cell directory over SFTP. */
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
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : names) {
            files.put(name, shell.download(cellDir + "/" + name, COLLECT_FILE_CAP, d));
        }
        return new CollectReply(cellDir, files, faults, reply);
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
