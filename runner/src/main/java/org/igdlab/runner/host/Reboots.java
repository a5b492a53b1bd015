package org.igdlab.runner.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.igdlab.runner.ssh.AuthenticationFailedException;
import org.igdlab.runner.ssh.HostKeyMismatchException;
import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reboots one host into a kernel and proves it: {@code next-boot} (one-shot, so a bad kernel falls
 * back), {@code reboot}, wait for the old connection to drop, wait for a new connection (each
 * attempt its own small deadline, pauses growing), a new boot id, then {@code facts}: the release
 * and every required command-line option. A host that does not come back gets one power cycle
 * through its {@link PowerControl} and a second wait.
 *
 * <p>It owns no connection: the caller's {@link Reconnect} opens new ones (the runner's
 * {@code SshConnector.connect(target, deadline)}), and the caller closes the old one and owns the
 * new one it gets back in {@link Rebooted}.
 */
public final class Reboots {

    private static final Logger LOG = LoggerFactory.getLogger(Reboots.class);

    /** Opens a new connection to the same host (same address, port and pinned host key). */
    @FunctionalInterface
    public interface Reconnect {
        RemoteShell connect(Deadline deadline) throws RemoteException;
    }

    /**
     * The limits of one reboot: how long the host may take to drop the connection and to come back
     * (each inside the caller's deadline), each connection attempt's own budget, the pauses
     * between attempts, the power action's budget, and the command-line options the new boot must have.
     */
    public record Policy(Duration downWithin, Duration upWithin, Duration attempt, Duration firstPause,
            Duration maxPause, Duration powerWithin, List<String> requiredCmdline) {

        public Policy {
            for (Duration d : List.of(downWithin, upWithin, attempt, firstPause, maxPause, powerWithin)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("reboot policy durations must be positive, got " + d);
                }
            }
            requiredCmdline = List.copyOf(requiredCmdline);
        }

        /** Real hosts: 2 min to go down, 10 min to come back, 15 s a connection attempt, 2 s..15 s pauses, 1 min power. */
        public static Policy defaults() {
            return new Policy(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofSeconds(15), Duration.ofSeconds(2),
                    Duration.ofSeconds(15), Duration.ofMinutes(1), List.of("intel_iommu=on"));
        }

        public Policy withRequiredCmdline(List<String> options) {
            return new Policy(downWithin, upWithin, attempt, firstPause, maxPause, powerWithin, options);
        }
    }

    /** The host up in the new boot: the new connection (the caller's to close) and agent, its facts, and how long each phase took. */
    public record Rebooted(RemoteShell shell, HostAgent agent, HostFacts facts, String previousBootId,
            Duration downAfter, Duration upAfter, Optional<PowerResult> powerCycle) {
        public Rebooted {
            Objects.requireNonNull(shell, "shell");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(previousBootId, "previousBootId");
            Objects.requireNonNull(powerCycle, "powerCycle");
        }
    }

    private final HostAgent agent;
    private final Reconnect reconnect;
    private final Optional<PowerControl> power;
    private final Policy policy;
    private final Clock clock;
    private final Waiter waiter;

    public Reboots(HostAgent agent, Reconnect reconnect, Optional<PowerControl> power, Policy policy, Clock clock) {
        this(agent, reconnect, power, policy, clock, Waiter.Sleeper.REAL);
    }

    Reboots(HostAgent agent, Reconnect reconnect, Optional<PowerControl> power, Policy policy, Clock clock,
            Waiter.Sleeper sleeper) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
        this.power = Objects.requireNonNull(power, "power");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.waiter = new Waiter(sleeper, policy.attempt(), policy.firstPause(), policy.maxPause());
    }

    /**
     * Reboots into {@code release} and returns the host up in it, or throws: {@link HostNotBackException}
     * (did not go down, or did not come back even after a power cycle), {@link WrongKernelException}
     * (back in another kernel or without a required option); an agent or SSH error of the
     * {@code next-boot}/{@code reboot} calls, or a definite refusal after the boot (host key changed,
     * key refused), is thrown as it is.
     */
    public Rebooted rebootInto(String release, Deadline deadline)
            throws RebootException, AgentException, RemoteException, InterruptedException {
        AgentArguments.release(release);
        String host = agent.hostName();
        Instant start = clock.instant();
        AgentReply next = agent.nextBoot(release, deadline.within(policy.attempt()));
        String oldBootId = agent.reboot(deadline.within(policy.attempt()));
        LOG.info("host={} step=reboot: rebooting into {} ({}), boot id {}", host, release,
                next.first("method").orElse("?"), oldBootId);

        Waiter.Outcome<Boolean> down = waiter.until(deadline.within(policy.downWithin()), this::connectionDropped);
        Duration downAfter = since(start);
        if (!(down.last() instanceof Poll.Done)) {
            throw new HostNotBackException(host, release, downAfter, false, Optional.empty(),
                    prefix(host, release) + "the host did not go down within " + seconds(down.waited())
                            + " after reboot (the connection still answered " + down.attempts() + " times; boot id "
                            + oldBootId + ")", null);
        }
        LOG.info("host={} step=reboot: down after {}", host, seconds(downAfter));

        Instant downAt = clock.instant();
        Waiter.Outcome<Up> up = waiter.until(deadline.within(policy.upWithin()), d -> newBoot(oldBootId, d));
        Optional<PowerResult> cycled = Optional.empty();
        if (up.last() instanceof Poll.NotYet<Up> notYet) {
            String firstWait = "not back within " + seconds(up.waited()) + " after going down (" + up.attempts()
                    + " attempts; last: " + notYet.why() + ")";
            if (power.isEmpty()) {
                throw new HostNotBackException(host, release, since(start), true, Optional.empty(),
                        prefix(host, release) + firstWait + "; no power control is configured, so no power cycle was tried",
                        null);
            }
            LOG.warn("host={} step=reboot: {}; power-cycling with {}", host, firstWait, power.get().describe());
            PowerResult result = power.get().cycle(deadline.within(policy.powerWithin()));
            cycled = Optional.of(result);
            if (!result.succeeded()) {
                throw new HostNotBackException(host, release, since(start), true, cycled,
                        prefix(host, release) + firstWait + "; the power cycle was tried and failed: " + result.summary(),
                        null);
            }
            up = waiter.until(deadline.within(policy.upWithin()), d -> newBoot(oldBootId, d));
            if (up.last() instanceof Poll.NotYet<Up> again) {
                throw new HostNotBackException(host, release, since(start), true, cycled,
                        prefix(host, release) + firstWait + "; the power cycle was tried (" + result.summary()
                                + ") and the host was still not back " + seconds(up.waited()) + " later ("
                                + up.attempts() + " attempts; last: " + again.why() + ")",
                        null);
            }
        }
        if (up.last() instanceof Poll.Failed<Up> failed) {
            rethrow(failed.cause());
        }
        Up back = ((Poll.Done<Up>) up.last()).value();
        Duration upAfter = Duration.between(downAt, clock.instant());
        check(release, back, since(start), cycled);
        LOG.info("host={} step=reboot: up in {} after {} (down after {}, boot id {})", host, release,
                seconds(since(start)), seconds(downAfter), back.facts().bootId().orElse("?"));
        return new Rebooted(back.shell(), back.agent(), back.facts(), oldBootId, downAfter, upAfter, cycled);
    }

    private record Up(RemoteShell shell, HostAgent agent, HostFacts facts) {
    }

    /** Done once the connection the reboot was asked over no longer answers. */
    private Poll<Boolean> connectionDropped(Deadline d) {
        try {
            agent.shell().exec(List.of("true"), null, d);
            return Poll.notYet("the old connection still answers");
        } catch (RemoteException e) {
            return Poll.done(true);
        }
    }

    /** Done when a new connection works and the agent reports a boot id other than {@code oldBootId}. */
    private Poll<Up> newBoot(String oldBootId, Deadline d) {
        RemoteShell shell;
        try {
            shell = reconnect.connect(d);
        } catch (HostKeyMismatchException | AuthenticationFailedException e) {
            return Poll.failed(e); // definite: waiting longer will not change the key
        } catch (RemoteException e) {
            return Poll.notYet(e.getMessage());
        }
        HostAgent fresh = agent.over(shell);
        try {
            HostFacts facts = fresh.facts(d);
            Optional<String> bootId = facts.bootId();
            if (bootId.isPresent() && bootId.get().equals(oldBootId)) {
                shell.close();
                return Poll.notYet("the host answers with the old boot id " + oldBootId + " (it has not rebooted)");
            }
            return Poll.done(new Up(shell, fresh, facts));
        } catch (RemoteException e) {
            shell.close();
            return Poll.notYet(e.getMessage());
        } catch (AgentException e) {
            shell.close();
            return Poll.failed(e);
        }
    }

    private void check(String release, Up back, Duration elapsed, Optional<PowerResult> cycled) throws WrongKernelException {
        HostFacts facts = back.facts();
        List<String> missing = new ArrayList<>();
        for (String option : policy.requiredCmdline()) {
            if (!facts.cmdlineHas(option)) {
                missing.add(option);
            }
        }
        if (facts.kernelRelease().equals(release) && missing.isEmpty()) {
            return;
        }
        back.shell().close();
        StringBuilder why = new StringBuilder(prefix(agent.hostName(), release)).append("the host came back after ")
                .append(seconds(elapsed));
        cycled.ifPresent(p -> why.append(" (after a power cycle, which boots the default entry: ").append(p.summary())
                .append(')'));
        if (!facts.kernelRelease().equals(release)) {
            why.append(" in kernel ").append(facts.kernelRelease()).append(", expected ").append(release);
        } else {
            why.append(" in ").append(release);
        }
        if (!missing.isEmpty()) {
            why.append("; its command line lacks ").append(String.join(" ", missing));
        }
        why.append(" (cmdline: ").append(facts.kernelCmdline()).append(')');
        throw new WrongKernelException(agent.hostName(), release, elapsed, facts.kernelRelease(), facts.kernelCmdline(),
                missing, why.toString());
    }

    private static void rethrow(Exception cause) throws AgentException, RemoteException {
        if (cause instanceof AgentException a) {
            throw a;
        }
        if (cause instanceof RemoteException r) {
            throw r;
        }
        throw new IllegalStateException(cause);
    }

    private static String prefix(String host, String release) {
        return "host=" + host + " step=reboot into " + release + ": ";
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private static String seconds(Duration d) {
        return RemoteException.seconds(d);
    }
}
