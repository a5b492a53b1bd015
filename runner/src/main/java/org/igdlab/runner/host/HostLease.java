package org.igdlab.runner.host;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This runner's lease on one host (PROTOCOL.md "Leases"): taken when the host is first used,
 * renewed every TTL/3 by a task on the run's one scheduler (no thread per host) while the host is
 * in use, released on {@link #close()}. A runner that dies stops renewing, and the host frees itself
 * a TTL later.
 *
 * <p>Renewing at a third of the TTL leaves two more tries before expiry, so one slow or failed
 * renewal (a dropped connection the session is about to re-establish) costs nothing.
 */
public final class HostLease implements AutoCloseable {

    /** Long enough to ride out a reconnect; short enough that a dead runner's hosts come back within a minute. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    private static final Duration RELEASE_BUDGET = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(HostLease.class);

    private final String host;
    private final LeaseOwner owner;
    private final Duration ttl;
    private final Duration period;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    // guarded by this
    private HostAgent agent;
    private ScheduledFuture<?> renewal;
    private LeaseReply granted;
    private String lost;
    private boolean closed;

    public HostLease(String host, LeaseOwner owner, Duration ttl, ScheduledExecutorService scheduler, Clock clock) {
        this.host = Objects.requireNonNull(host, "host");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl == null || ttl.toSeconds() < 1 || ttl.toNanosPart() != 0 || ttl.toSeconds() > 99_999) {
            throw new IllegalArgumentException("lease TTL (" + ttl + ") must be whole seconds from 1 to 99999");
        }
        this.ttl = ttl;
        this.period = ttl.dividedBy(3);
    }

    public LeaseOwner owner() {
        return owner;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Takes the lease over {@code over} (again, after a reconnect: the agent answers {@code was=own}),
     * and from then on renews it over that connection.
     *
     * @throws HostLeasedException another runner holds it
     * @throws LeaseLostException  this runner held it and lost it earlier; it does not take it back
     */
    public LeaseReply acquire(HostAgent over, Deadline deadline)
            throws AgentException, RemoteException, HostLeasedException, LeaseLostException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the lease on " + host + " is closed");
            }
            throwIfLost();
        }
        LeaseReply reply = over.leaseAcquire(owner, ttl, deadline);
        synchronized (this) {
            agent = over;
            granted = reply;
            if (renewal == null && !closed) {
                renewal = scheduler.scheduleWithFixedDelay(this::renew, period.toMillis(), period.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        LOG.info("host={} leased by {} until {} ({}{})", host, owner, reply.expires(), reply.was().orElse("?"),
                reply.previousOwner().map(p -> ", taken over from " + p).orElse(""));
        return reply;
    }

    /**
     * Renews and releases over {@code over} from now on, without asking the host anything: for a
     * connection made again after the one the lease was taken over was closed.
     */
    public synchronized void reattach(HostAgent over) {
        agent = Objects.requireNonNull(over, "over");
    }

    /** Whether this runner holds the lease as far as it knows: granted, not lost, not closed. */
    public synchronized boolean held() {
        return granted != null && lost == null && !closed;
    }

    /** The lease as last granted or renewed, empty before the first acquire. */
    public synchronized Optional<LeaseReply> granted() {
        return Optional.ofNullable(granted);
    }

    /** Why the lease was lost, if it was. */
    public synchronized Optional<String> lost() {
        return Optional.ofNullable(lost);
    }

    /** @throws LeaseLostException when a renewal found the lease gone or someone else's */
    public synchronized void throwIfLost() throws LeaseLostException {
        if (lost != null) {
            throw new LeaseLostException(lost);
        }
    }

    private void renew() {
        HostAgent over;
        synchronized (this) {
            if (closed || lost != null || agent == null) {
                return;
            }
            over = agent;
        }
        try {
            LeaseReply reply = over.leaseRenew(owner, ttl, Deadline.after(clock, period));
            synchronized (this) {
                granted = reply;
            }
            LOG.debug("host={} lease renewed until {}", host, reply.expires());
        } catch (HostLeasedException e) {
            markLost("the lease on " + host + " was lost: " + e.getMessage());
        } catch (AgentException e) {
            if (e.errorCode().filter("unavailable"::equals).isPresent()) {
                markLost("the lease on " + host + " was lost: the host has no lease any more (released or removed by"
                        + " hand); this runner stops using it");
            } else {
                LOG.warn("host={} lease renewal failed, retrying in {} ms: {}", host, period.toMillis(), e.getMessage());
            }
        } catch (RemoteException | RuntimeException e) {
            // a thrown exception would cancel the schedule: log and try again next period
            LOG.warn("host={} lease renewal failed, retrying in {} ms: {}", host, period.toMillis(), e.toString());
        }
    }

    private void markLost(String why) {
        synchronized (this) {
            lost = why;
            if (renewal != null) {
                renewal.cancel(false);
            }
        }
        LOG.warn("host={} {}", host, why);
    }

    /** Stops renewing and gives the lease back (best effort: one that is not given back expires by itself). Idempotent. */
    @Override
    public void close() {
        HostAgent over;
        LeaseReply held;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (renewal != null) {
                renewal.cancel(false);
            }
            over = agent;
            held = lost == null ? granted : null;
        }
        if (over == null || held == null) {
            return;
        }
        try {
            over.leaseRelease(owner, Deadline.after(clock, RELEASE_BUDGET));
            LOG.info("host={} lease released by {}", host, owner);
        } catch (Exception e) {
            LOG.warn("host={} lease not released ({}); it expires by itself at {} (host clock)", host, e.getMessage(),
                    held.expires());
        }
    }
}
