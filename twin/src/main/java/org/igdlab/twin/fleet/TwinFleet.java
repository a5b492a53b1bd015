package org.igdlab.twin.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.igdlab.twin.host.HostSpec;
import org.igdlab.twin.host.VirtualHost;
import org.igdlab.twin.server.TwinSshServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The twin lab: one virtual host behind one real SSH server per twin.yaml host. Owns every
 * thread and server it starts; {@link #close()} stops them all, in reverse order.
 */
public final class TwinFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TwinFleet.class);
    /** Simulated guest boot time when the caller does not choose one. */
    public static final Duration DEFAULT_BOOT_DELAY = Duration.ofMillis(50);

    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final List<VirtualHost> hosts = new ArrayList<>();
    private final List<TwinSshServer> servers = new ArrayList<>();
    private final List<TwinEndpoint> endpoints = new ArrayList<>();
    private boolean closed;

    private TwinFleet() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "twin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        workers = Executors.newCachedThreadPool(daemons);
        timers = Executors.newSingleThreadScheduledExecutor(daemons);
    }

    /** Starts every host of twin.yaml, in file order, with the default boot delay. */
    public static TwinFleet start(Path twinYaml, Path artifactsYaml, PublicKey authorizedClientKey) throws IOException {
        return start(twinYaml, artifactsYaml, authorizedClientKey, DEFAULT_BOOT_DELAY);
    }

    /** As {@link #start(Path, Path, PublicKey)}, with the simulated guest boot time (tests use ~0). */
    public static TwinFleet start(Path twinYaml, Path artifactsYaml, PublicKey authorizedClientKey, Duration bootDelay) throws IOException {
        List<HostSpec> specs = new FleetReader().read(twinYaml, artifactsYaml, bootDelay);
        TwinFleet fleet = new TwinFleet();
        try {
            for (HostSpec spec : specs) {
                VirtualHost host = new VirtualHost(spec, fleet.timers);
                fleet.hosts.add(host);
                TwinSshServer server = TwinSshServer.start(host, authorizedClientKey, fleet.workers);
                fleet.servers.add(server);
                fleet.endpoints.add(new TwinEndpoint(spec.name(), "127.0.0.1", server.port(), server.hostKeyFingerprint()));
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        log.info("twin fleet up: {} hosts", fleet.endpoints.size());
        return fleet;
    }

    /** In twin.yaml order. */
    public List<TwinEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** Idempotent; safe after a partial start. Stops servers, then hosts, then threads. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (IOException | RuntimeException e) {
                log.warn("stopping twin SSH server {} failed", i, e);
            }
        }
        for (int i = hosts.size() - 1; i >= 0; i--) {
            try {
                hosts.get(i).close();
            } catch (IOException | RuntimeException e) {
                log.warn("closing twin host {} failed", hosts.get(i).spec().name(), e);
            }
        }
        timers.shutdownNow();
        workers.shutdownNow();
    }
}
