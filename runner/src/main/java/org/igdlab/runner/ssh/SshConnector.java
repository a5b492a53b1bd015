package org.igdlab.runner.ssh;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.kex.KeyExchange;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens the one SSH connection the runner keeps per host: pinned host key, public-key
 * authentication from the target's identity file only, curve25519 key exchange preferred,
 * keepalive on. Everything else (exec, SFTP, unix sockets) runs as channels over that connection.
 */
public final class SshConnector {

    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);

    /** Key exchanges tried first, in this order: fast, and what OpenSSH offers. */
    private static final List<String> PREFERRED_KEX = List.of("curve25519-sha256", "curve25519-sha256@libssh.org");
    private static final int KEEPALIVE_SECONDS = 15;
    /** Upper bound for sshj's own internal waits (channel open, SFTP requests); our deadlines are shorter. */
    private static final Duration TRANSPORT_TIMEOUT = Duration.ofSeconds(30);

    private final Clock clock;
    private final ConnectSlots slots;

    /** A connector whose handshakes never wait for each other (one host, tests). */
    public SshConnector(Clock clock) {
        this(clock, ConnectSlots.unbounded());
    }

    /** A connector whose handshakes take one of {@code slots} each (a run's many hosts). */
    public SshConnector(Clock clock, ConnectSlots slots) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slots = Objects.requireNonNull(slots, "slots");
    }

    /** Connects, authenticates and returns the shell; waiting for a connect slot counts against {@code deadline}. */
    public RemoteShell connect(SshTarget target, Deadline deadline) throws RemoteException {
        return connect(target, deadline, deadline.remaining());
    }

    /**
     * Waits for a connect slot until {@code deadline}, then connects and authenticates within
     * {@code handshakeBudget} from the moment the slot was taken (and never past {@code deadline}).
     */
    public RemoteShell connect(SshTarget target, Deadline deadline, Duration handshakeBudget) throws RemoteException {
        if (deadline.expired()) {
            throw new RemoteTimeoutException(target.hostName(), target.endpoint(), "connect", Duration.ZERO,
                    "the deadline had passed before connecting", null);
        }
        Instant queued = clock.instant();
        ConnectSlots.Slot slot;
        try {
            slot = slots.acquire(deadline);
        } catch (ConnectSlots.SlotWaitTimeoutException e) {
            throw new RemoteTimeoutException(target.hostName(), target.endpoint(), "connect", since(queued),
                    e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(target.hostName(), target.endpoint(), "connect", since(queued),
                    "interrupted while waiting for a connect slot", e);
        }
        try (slot) {
            Duration waited = since(queued);
            if (waited.compareTo(SLOT_WAIT_WORTH_LOGGING) >= 0) {
                LOG.info("host={} waited {} for one of {} connect slots", target.hostName(), RemoteException.seconds(waited),
                        slots.slots());
            }
            return handshake(target, deadline.within(handshakeBudget));
        }
    }

    private static final Duration SLOT_WAIT_WORTH_LOGGING = Duration.ofSeconds(1);

    private RemoteShell handshake(SshTarget target, Deadline deadline) throws RemoteException {
        Instant start = clock.instant();
        DefaultConfig config = new DefaultConfig();
        config.setKeyExchangeFactories(preferCurve25519(config.getKeyExchangeFactories()));
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(target.hostKeyFingerprint());
        client.addHostKeyVerifier(verifier);
        int budgetMillis = (int) Math.min(Integer.MAX_VALUE, deadline.remainingMillisAtLeastOne());
        client.setConnectTimeout(budgetMillis);
        // A host that accepts TCP but never speaks SSH would otherwise block the identification
        // read forever: socket reads are bounded by the connect budget until the session is up.
        client.setTimeout(budgetMillis);
        client.getTransport().setTimeoutMs(budgetMillis);
        client.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_SECONDS);
        try {
            try {
                client.connect(target.address(), target.port());
            } catch (IOException e) {
                if (verifier.mismatched()) {
                    throw new HostKeyMismatchException(target.hostName(), target.address(), target.port(),
                            since(start), target.hostKeyFingerprint(), verifier.presented().orElseThrow(), e);
                }
                if (deadline.expired() || e instanceof java.net.SocketTimeoutException
                        || e.getCause() instanceof java.net.SocketTimeoutException) {
                    throw new RemoteTimeoutException(target.hostName(), target.endpoint(), "connect", since(start),
                            "no SSH session within the deadline (the host took the TCP connection but did not"
                                    + " complete the SSH handshake): " + e.getMessage(), e);
                }
                throw new RemoteException(target.hostName(), target.endpoint(), "connect", since(start),
                        "could not connect: " + e, e);
            }
            KeyProvider key;
            try {
                key = client.loadKeys(target.identityFile().toString());
            } catch (IOException e) {
                throw new AuthenticationFailedException(target.hostName(), target.endpoint(),
                        "load identity " + target.identityFile(), since(start),
                        "cannot read the private key " + target.identityFile() + ": " + e.getMessage(), e);
            }
            try {
                client.getTransport().setTimeoutMs((int) Math.min(Integer.MAX_VALUE, deadline.remainingMillisAtLeastOne()));
                client.authPublickey(target.user(), key);
            } catch (UserAuthException e) {
                throw new AuthenticationFailedException(target.hostName(), target.endpoint(),
                        "authenticate " + target.user(), since(start), "the host refused public key "
                                + target.identityFile() + " for user " + target.user() + ": " + e.getMessage(),
                        e);
            } catch (IOException e) {
                throw new ConnectionLostException(target.hostName(), target.endpoint(), "authenticate " + target.user(),
                        since(start), "the connection broke during authentication: " + e.getMessage(), e);
            }
            client.getTransport().setTimeoutMs((int) TRANSPORT_TIMEOUT.toMillis());
            client.getConnection().setTimeoutMs((int) TRANSPORT_TIMEOUT.toMillis());
            liftSocketTimeout(client, target);
            LOG.info("host={} connected to {}@{} in {}", target.hostName(), target.user(), target.endpoint(),
                    RemoteException.seconds(since(start)));
            return new SshRemoteShell(target, client, clock);
        } catch (RemoteException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /** Once the session is up, an idle connection is normal: the keepalive, not a read timeout, watches it. */
    private static void liftSocketTimeout(SSHClient client, SshTarget target) {
        try {
            client.getSocket().setSoTimeout(0);
        } catch (java.net.SocketException e) {
            LOG.debug("host={} could not lift the socket timeout: {}", target.hostName(), e.toString());
        }
    }

    private static List<Factory.Named<KeyExchange>> preferCurve25519(List<Factory.Named<KeyExchange>> defaults) {
        List<Factory.Named<KeyExchange>> ordered = new ArrayList<>(defaults);
        ordered.sort(Comparator.comparingInt(f -> {
            int i = PREFERRED_KEX.indexOf(f.getName());
            return i < 0 ? PREFERRED_KEX.size() : i;
        }));
        return ordered;
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a failed connection: {}", e.toString());
        }
    }
}
