package org.igdlab.runner.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.igdlab.runner.host.AgentException;
import org.igdlab.runner.host.AgentReply;
import org.igdlab.runner.host.DeployOutcome;
import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.host.HostFacts;
import org.igdlab.runner.host.HostLease;
import org.igdlab.runner.host.HostState;
import org.igdlab.runner.host.LeaseLostException;
import org.igdlab.runner.host.StateGraph;
import org.igdlab.runner.host.TransitionException;
import org.igdlab.runner.host.PowerControl;
import org.igdlab.runner.host.RebootException;
import org.igdlab.runner.host.Reboots;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Identity;
import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.ssh.SshConnector;
import org.igdlab.runner.ssh.SshTarget;
import org.igdlab.runner.time.Deadline;

/**
 * One lab host for the length of a run: one SSH connection (cheap channels over it, as the
 * real-tier measurements advise), the agent deployed once, the host's lease held and renewed, and a
 * lock so that a host works on one cell at a time.
 *
 * <p>The way to a usable host is a {@link StateGraph} (connect → agent → lease → checks → bind), so
 * the second cell on a host that is still reachable and bound runs none of it, and a lab fault
 * ({@link #reset()}) sends the next cell back through all of it.
 */
final class HostSession implements AutoCloseable {

    private final Host host;
    private final SshConnector connector;
    private final byte[] agentScript;
    private final HostLease lease;
    private final Clock clock;
    /**
     * How long a host may wait for one of the run's connect slots before its connect step fails:
     * 200 hosts queued behind 8 slots at ~0.3 s a handshake wait under 10 s; this leaves room for a
     * loaded runner without hiding a runner that cannot handshake at all.
     */
    static final Duration SLOT_WAIT = Duration.ofMinutes(2);
    /** How long closing may spend reconnecting to give a lease back. */
    private static final Duration RELEASE_RECONNECT = Duration.ofSeconds(10);

    private final ReentrantLock busy = new ReentrantLock(true);
    private final Object connectLock = new Object();
    private final StateGraph<HostState> graph;
    private RemoteShell shell;
    private HostAgent agent;
    private DeployOutcome deployOutcome;
    /** The kernel the host ran at its last check (the check edge reads it; a reboot makes it stale until the next). */
    private volatile String kernelRelease = "";
    private volatile java.util.Optional<String> lpcId = java.util.Optional.empty();
    private static final java.util.regex.Pattern LPC_ID = java.util.regex.Pattern.compile("[0-9a-f]{4}:[0-9a-f]{4}");

    HostSession(Host host, SshConnector connector, byte[] agentScript, Clock clock, RunBudgets budgets, HostLease lease) {
        this.host = host;
        this.connector = connector;
        this.agentScript = agentScript;
        this.lease = lease;
        this.clock = clock;
        String name = host.name();
        this.graph = StateGraph.builder("host " + name, HostState.UNKNOWN, EnumSet.allOf(HostState.class), clock)
                // the edge's budget adds the longest wait for a connect slot; the handshake itself
                // still gets budgets.connect() from the moment it has one
                .edge(HostState.UNKNOWN, HostState.REACHABLE, budgets.connect().plus(SLOT_WAIT), "connect to " + name,
                        d -> shell = connector.connect(target(), d, budgets.connect()))
                .edge(HostState.REACHABLE, HostState.AGENT_READY, budgets.connect(), "bring the agent up to date on " + name,
                        d -> {
                            HostAgent fresh = new HostAgent(shell, host.agentRoot(), agentScript);
                            deployOutcome = fresh.ensureDeployed(d);
                            agent = fresh;
                        })
                .edge(HostState.AGENT_READY, HostState.LEASED, budgets.hostStep(), "lease " + name,
                        d -> lease.acquire(agent, d))
                .edge(HostState.LEASED, HostState.CHECKED, budgets.hostStep(), "check host " + name,
                        d -> {
                            HostFacts facts = agent.facts(d);
                            checkHost(host, facts);
                            kernelRelease = facts.kernelRelease();
                            lpcId = facts.raw().first("lpc.id").filter(id -> LPC_ID.matcher(id).matches());
                        })
                .edge(HostState.CHECKED, HostState.VFIO_BOUND, budgets.hostStep(),
                        "bind " + host.igd().bdf() + " and its IOMMU group to vfio-pci",
                        d -> {
                            AgentReply reply = agent.bind(host.igd().bdf(), d);
                            CellSteps.attachText("bind", reply.exec().stdoutText());
                        })
                .build();
    }

    Host host() {
        return host;
    }

    ReentrantLock busy() {
        return busy;
    }

    /**
     * The host ready for a cell (leased, checked, and for an IGD cell the IGD on vfio-pci: {@code needed}),
     * running only the steps it lacks,
     * each through {@code runner} (a cell's Allure step). A dropped connection is noticed up front
     * and the host is brought up again from the start.
     *
     * @throws LeaseLostException this runner lost the host's lease earlier in the run and keeps off it
     */
    HostAgent ready(HostState needed, Deadline deadline, StateGraph.EdgeRunner<HostState> runner)
            throws TransitionException, LeaseLostException {
        return bringTo(needed, deadline, runner);
    }

    /** The agent, up to date on the host (no lease taken yet if this is the first use). */
    HostAgent agent(Deadline deadline) throws TransitionException, LeaseLostException {
        return bringTo(HostState.AGENT_READY, deadline, StateGraph.EdgeRunner.direct());
    }

    private HostAgent bringTo(HostState target, Deadline deadline, StateGraph.EdgeRunner<HostState> runner)
            throws TransitionException, LeaseLostException {
        synchronized (connectLock) {
            lease.throwIfLost();
            if (shell != null && !shell.connected()) {
                dropConnection();
            }
            graph.transition(target, deadline, runner);
            return agent;
        }
    }

    /** The connected shell, connecting on first use; a lost connection is re-established. */
    RemoteShell shell(Deadline deadline) throws RemoteException {
        synchronized (connectLock) {
            if (shell == null) {
                shell = connector.connect(target(), deadline);
            }
            return shell;
        }
    }

    /** Where the host is on its way to a cell. */
    HostState state() {
        return graph.current();
    }

    /**
     * Reboots the host into {@code release} (one-shot next boot, so a bad kernel falls back) and
     * carries on over the new connection: the old one is closed, the new agent is this session's.
     * Returns the host's facts in the new boot.
     */
    HostFacts rebootInto(String release, Reboots.Policy policy, Clock clock, Deadline deadline)
            throws RemoteException, AgentException, RebootException, InterruptedException, TransitionException,
            LeaseLostException {
        synchronized (connectLock) {
            HostAgent current = agent(deadline);
            SshTarget target = target();
            Reboots reboots = new Reboots(current, d -> connector.connect(target, d), host.power().map(PowerControl::of),
                    policy, clock);
            Reboots.Rebooted up = reboots.rebootInto(release, deadline);
            closeQuietly();
            shell = up.shell();
            agent = up.agent();
            // connected with the agent, but the lease, the check and the vfio binding belong to the old boot
            graph.force(HostState.AGENT_READY);
            kernelRelease = "";
            return up.facts();
        }
    }

    /**
     * The host LPC bridge's {@code vendor:device} (00:1f.0, agent fact {@code lpc.id}) at the last
     * check; empty from an agent that does not report it or a host without one.
     */
    java.util.Optional<String> lpcId() {
        return lpcId;
    }

    /** The kernel release the host ran at its last check, or "" before one (or since a reboot). */
    String kernelRelease() {
        return kernelRelease;
    }

    /** What deploying the agent did this run (null until it ran). */
    DeployOutcome deployOutcome() {
        synchronized (connectLock) {
            return deployOutcome;
        }
    }

    /** Forget the connection after a lab fault, so the next cell on this host starts from the root. */
    void reset() {
        synchronized (connectLock) {
            dropConnection();
        }
    }

    private void dropConnection() {
        closeQuietly();
        shell = null;
        agent = null;
        graph.force(HostState.UNKNOWN);
    }

    /** Host checks: the lab must be what the inventory says before a cell may blame the product. */
    private static void checkHost(Host host, HostFacts facts) {
        List<String> problems = new ArrayList<>();
        if (!facts.iommuEnabled()) {
            problems.add("IOMMU is off (kernel cmdline: " + facts.kernelCmdline() + ")");
        }
        String expectedDevice = host.igd().deviceId().toLowerCase();
        String device = facts.igdDevice().orElse("none");
        if (!expectedDevice.equals(device)) {
            problems.add("IGD device id is " + device + ", the inventory says " + expectedDevice);
        }
        if (facts.cellsRunning() > 0) {
            problems.add(facts.cellsRunning() + " QEMU process(es) from earlier cells still run");
        }
        if (!problems.isEmpty()) {
            throw new LabFaultException("host " + host.name() + " is not fit for cells: " + String.join("; ", problems),
                    null);
        }
    }

    private SshTarget target() throws RemoteException {
        if (!(host.identity() instanceof Identity.KeyFile keyFile)) {
            throw refused("identity " + host.identity() + " is not supported by this runner yet;"
                    + " name a key file with identity: {file: PATH}");
        }
        String pin = host.hostKey().orElseThrow(() -> refused(
                "no pinned host key (host-key: SHA256:...); the runner never trusts an unpinned host"));
        Path identity = keyFile.file();
        return new SshTarget(host.name(), host.address(), host.port(), host.user(), identity, pin);
    }

    private RemoteException refused(String why) {
        return new RemoteException(host.name(), host.address() + ":" + host.port(), "connect", Duration.ZERO, why, null);
    }

    private void closeQuietly() {
        if (shell != null) {
            shell.close();
        }
    }

    /**
     * Gives the lease back, then closes the connection. Idempotent. When a lab fault closed the
     * connection the lease was taken over, one short reconnect gives it back rather than leave the
     * host locked until the lease expires.
     */
    @Override
    public void close() {
        synchronized (connectLock) {
            if (lease.held() && (shell == null || !shell.connected())) {
                closeQuietly();
                try {
                    shell = connector.connect(target(), Deadline.after(clock, RELEASE_RECONNECT));
                    lease.reattach(new HostAgent(shell, host.agentRoot(), agentScript));
                } catch (RemoteException e) {
                    shell = null; // the lease expires by itself; HostLease.close says when
                }
            }
            lease.close();
            closeQuietly();
            shell = null;
            agent = null;
            graph.force(HostState.UNKNOWN);
        }
    }
}
