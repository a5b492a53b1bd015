package org.igdlab.runner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HostLease over scripted agents: what it asks the host, when it renews, and what it does with refusals. */
class HostLeaseTest {

    private static final String AGENT = "/var/lib/igdlab/bin/igdlab-agent";
    private static final LeaseOwner ME = new LeaseOwner("ci", "runner-1", 4242, "nightly-1");
    private static final long T0 = 1_796_000_000L;

    /** Records what is scheduled and never runs it: the test runs the renewal by hand. */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            tasks.add(command);
            delays.add(unit.toMillis(delay));
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    }

    private final RebootsTest.FakeClock clock = new RebootsTest.FakeClock();
    private final RecordingScheduler scheduler = new RecordingScheduler();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static String granted(String was, long expires) {
        return "protocol=1\n" + (was == null ? "" : "lease.was=" + was + "\n") + "lease.owner=" + ME.text()
                + "\nlease.expires=" + expires + "\nlease.acquired=" + T0 + "\nnow=" + (expires - 60) + "\nstatus=ok\n";
    }

    private static String leased(String holder, long expires) {
        return "protocol=1\nlease.holder=" + holder + "\nlease.expires=" + expires
                + "\nerror.code=leased\nerror.message=held by " + holder + "\nstatus=error\n";
    }

    private Deadline soon() {
        return Deadline.after(clock, Duration.ofSeconds(10));
    }

    @Test
    void acquiresRenewsEveryThirdOfTheTtlOverTheLatestConnectionAndReleasesOnCloseOnce() throws Exception {
        ScriptedShell first = new ScriptedShell().reply(0, granted("free", T0 + 60), "");
        HostLease lease = new HostLease("kbl-01", ME, Duration.ofSeconds(60), scheduler, clock);

        LeaseReply reply = lease.acquire(new HostAgent(first, "/var/lib/igdlab", new byte[0]), soon());

        assertThat(reply.was()).contains("free");
        assertThat(reply.expires()).isEqualTo(Instant.ofEpochSecond(T0 + 60));
        assertThat(first.calls.get(0).argv()).containsExactly(AGENT, "lease-acquire", "ci@runner-1:4242:nightly-1", "60");
        assertThat(scheduler.delays).containsExactly(20_000L);

        // the connection was dropped and re-made: the same lease is taken again over the new one, not scheduled twice
        ScriptedShell second = new ScriptedShell().reply(0, granted("own", T0 + 90), "")
                .reply(0, granted(null, T0 + 110), "")
                .reply(0, "protocol=1\nlease.was=held\nlease.state=free\nnow=" + T0 + "\nstatus=ok\n", "");
        lease.acquire(new HostAgent(second, "/var/lib/igdlab", new byte[0]), soon());
        assertThat(scheduler.tasks).hasSize(1);

        scheduler.tasks.get(0).run();
        assertThat(second.calls.get(1).argv()).containsExactly(AGENT, "lease-renew", ME.text(), "60");
        assertThat(lease.granted()).get().extracting(LeaseReply::expires).isEqualTo(Instant.ofEpochSecond(T0 + 110));

        lease.close();
        lease.close();
        assertThat(second.calls).hasSize(3);
        assertThat(second.calls.get(2).argv()).containsExactly(AGENT, "lease-release", ME.text());
        assertThat(first.calls).hasSize(1);
    }

    @Test
    void aHostHeldByAnotherRunnerIsRefusedNamingTheHolderAndTheExpiry() {
        ScriptedShell shell = new ScriptedShell().reply(75, leased("qa@runner-2:77:nightly-2", T0 + 45), "held\n");
        HostLease lease = new HostLease("kbl-01", ME, Duration.ofSeconds(60), scheduler, clock);

        HostLeasedException e = catchThrowableOfType(
                () -> lease.acquire(new HostAgent(shell, "/var/lib/igdlab", new byte[0]), soon()), HostLeasedException.class);

        assertThat(e.holder()).isEqualTo("qa@runner-2:77:nightly-2");
        assertThat(e.expires()).contains(Instant.ofEpochSecond(T0 + 45));
        assertThat(e.getMessage()).startsWith("host kbl-01 is leased by qa@runner-2:77:nightly-2 until "
                + Instant.ofEpochSecond(T0 + 45));
        assertThat(scheduler.tasks).isEmpty();
        lease.close();
        assertThat(shell.calls).hasSize(1); // nothing to release
    }

    @Test
    void aRenewalThatFindsAnotherHolderLosesTheLeaseAndTheRunnerKeepsOffTheHost() throws Exception {
        ScriptedShell shell = new ScriptedShell().reply(0, granted("free", T0 + 60), "")
                .reply(75, leased("qa@runner-2:77:nightly-2", T0 + 200), "held\n");
        HostLease lease = new HostLease("kbl-01", ME, Duration.ofSeconds(60), scheduler, clock);
        HostAgent agent = new HostAgent(shell, "/var/lib/igdlab", new byte[0]);
        lease.acquire(agent, soon());

        scheduler.tasks.get(0).run();

        assertThat(lease.lost()).get().asString().contains("lost", "qa@runner-2:77:nightly-2");
        assertThatThrownBy(lease::throwIfLost).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> lease.acquire(agent, soon())).isInstanceOf(LeaseLostException.class);
        lease.close();
        assertThat(shell.calls).hasSize(2); // no re-acquire, and no release of someone else's lease
    }

    @Test
    void aLeaseRemovedByHandIsLostAtTheNextRenewal() throws Exception {
        ScriptedShell shell = new ScriptedShell().reply(0, granted("free", T0 + 60), "")
                .reply(69, "protocol=1\nerror.code=unavailable\nerror.message=no lease\nstatus=error\n", "no lease\n");
        HostLease lease = new HostLease("kbl-01", ME, Duration.ofSeconds(60), scheduler, clock);
        lease.acquire(new HostAgent(shell, "/var/lib/igdlab", new byte[0]), soon());

        scheduler.tasks.get(0).run();

        assertThat(lease.lost()).get().asString().contains("no lease any more");
    }

    @Test
    void aRenewalThatFailsForAnotherReasonIsRetriedNextPeriodNotTakenAsLost() throws Exception {
        ScriptedShell shell = new ScriptedShell().reply(0, granted("free", T0 + 60), "")
                .reply(70, "protocol=1\nerror.code=failed\nerror.message=disk full\nstatus=error\n", "disk full\n")
                .reply(0, granted(null, T0 + 100), "");
        HostLease lease = new HostLease("kbl-01", ME, Duration.ofSeconds(60), scheduler, clock);
        lease.acquire(new HostAgent(shell, "/var/lib/igdlab", new byte[0]), soon());

        scheduler.tasks.get(0).run();
        assertThat(lease.lost()).isEmpty();
        scheduler.tasks.get(0).run();

        assertThat(lease.granted()).get().extracting(LeaseReply::expires).isEqualTo(Instant.ofEpochSecond(T0 + 100));
    }

    @Test
    void ownersAndTtlsOutsideTheProtocolsAllowListsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new LeaseOwner("ci", "runner 1", 1, "run")).hasMessageContaining("OWNER (ci@runner 1:1:run)");
        assertThatThrownBy(() -> new LeaseOwner("ci", "runner", 1, "run;reboot")).hasMessageContaining("must match");
        assertThatThrownBy(() -> new HostLease("kbl-01", ME, Duration.ofMillis(1500), scheduler, clock))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> new HostLease("kbl-01", ME, Duration.ofSeconds(100_000), scheduler, clock))
                .hasMessageContaining("from 1 to 99999");
        assertThat(LeaseOwner.thisProcess("run-1").text()).endsWith(":" + ProcessHandle.current().pid() + ":run-1");
    }
}
