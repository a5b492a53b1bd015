package org.igdlab.runner.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.igdlab.runner.host.AgentException;
import org.igdlab.runner.host.DeployOutcome;
import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.host.HostFacts;
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
 * real-tier measurements advise), the agent deployed once, and a lock so that a host works on
 * one cell at a time.
 */
final class HostSession implements AutoCloseable {

    private final Host host;
    private final SshConnector connector;
    private final byte[] agentScript;
    private final ReentrantLock busy = new ReentrantLock(true);
    private final Object connectLock = new Object();
    private RemoteShell shell;
    private HostAgent agent;
    private DeployOutcome deployOutcome;

    HostSession(Host host, SshConnector connector, byte[] agentScript) {
        this.host = host;
        this.connector = connector;
        this.agentScript = agentScript;
    }

    Host host() {
        return host;
    }

    ReentrantLock busy() {
        return busy;
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

    /** The agent, up to date on the host: the hash is checked once per run, the upload only when it differs. */
    HostAgent agent(Deadline deadline) throws RemoteException, AgentException {
        synchronized (connectLock) {
            if (agent == null) {
                HostAgent fresh = new HostAgent(shell(deadline), host.agentRoot(), agentScript);
                deployOutcome = fresh.ensureDeployed(deadline);
                agent = fresh;
            }
            return agent;
        }
    }

    /**
     * Reboots the host into {@code release} (one-shot next boot, so a bad kernel falls back) and
     * carries on over the new connection: the old one is closed, the new agent is this session's.
     * Returns the host's facts in the new boot.
     */
    HostFacts rebootInto(String release, Reboots.Policy policy, Clock clock, Deadline deadline)
            throws RemoteException, AgentException, RebootException, InterruptedException {
        synchronized (connectLock) {
            HostAgent current = agent(deadline);
            SshTarget target = target();
            Reboots reboots = new Reboots(current, d -> connector.connect(target, d), host.power().map(PowerControl::of),
                    policy, clock);
            Reboots.Rebooted up = reboots.rebootInto(release, deadline);
            closeQuietly();
            shell = up.shell();
            agent = up.agent();
            return up.facts();
        }
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
            closeQuietly();
            shell = null;
            agent = null;
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

    @Override
    public void close() {
        synchronized (connectLock) {
            closeQuietly();
            shell = null;
            agent = null;
        }
    }
}
