package org.igdlab.twin.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.igdlab.twin.fault.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** lease-acquire, lease-renew, lease-release and lease-show on a twin host, judged by the host's own (fake) clock. */
class LeaseVerbsTest {
    static final String AGENT = VirtualHostTest.AGENT;
    static final String ME = "ci@runner-1:4242:nightly-1";
    static final String OTHER = "qa@runner-2:77:nightly-2";
    static final long T0 = 1_796_000_000L;

    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));
    VirtualHost host;

    @BeforeEach
    void start() throws Exception {
        HostSpec spec = new HostSpec("kbl-01", "igdlab", "/var/lib/igdlab", "6.16.3-igdlab", List.of("6.16.3-igdlab"),
                Map.of("/usr/bin/qemu-system-x86_64", VirtualHostTest.QEMU), List.of(VirtualHostTest.QEMU),
                new IgdSpec("0000:00:02.0", 0x5916, 0x030000, 0, true, 0x02c1, 0x8b800001L, null, 0x8a3a4018L),
                32768, 0xa305, 0x10, "2.1", 8, 0, new Faults(Set.of()), Duration.ZERO);
        host = new VirtualHost(spec, timers, clock);
        Files.writeString(host.path(AGENT), "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
        timers.shutdownNow();
    }

    @Test
    void aSecondRunnerIsRefusedWithTheHolderAndExpiryUntilTheFirstReleases() {
        CommandResult mine = agent("lease-acquire", ME, "60");
        assertThat(mine.stdout()).isEqualTo("protocol=1\nlease.was=free\nlease.owner=" + ME + "\nlease.expires=" + (T0 + 60)
                + "\nlease.acquired=" + T0 + "\nnow=" + T0 + "\nstatus=ok\n");

        CommandResult refused = agent("lease-acquire", OTHER, "60");
        assertThat(refused.exitCode()).isEqualTo(75);
        assertThat(refused.stdout()).startsWith("protocol=1\nlease.holder=" + ME + "\nlease.expires=" + (T0 + 60)
                + "\nerror.code=leased\n").endsWith("status=error\n");
        assertThat(agent("lease-release", OTHER).exitCode()).isEqualTo(75);
        assertThat(agent("lease-renew", OTHER, "60").exitCode()).isEqualTo(75);

        assertThat(agent("lease-release", ME).stdout()).contains("lease.was=held\n");
        assertThat(agent("lease-release", ME).stdout()).contains("lease.was=absent\n");
        assertThat(agent("lease-acquire", OTHER, "60").stdout()).contains("lease.was=free\n");
    }

    @Test
    void renewalKeepsTheLeaseAliveAndWithoutItTheLeaseExpiresByTheHostsClock() {
        agent("lease-acquire", ME, "30");
        clock.advance(Duration.ofSeconds(20));
        assertThat(agent("lease-renew", ME, "30").stdout()).contains("lease.expires=" + (T0 + 50) + "\n",
                "lease.acquired=" + T0 + "\n");
        clock.advance(Duration.ofSeconds(29));
        assertThat(agent("lease-acquire", OTHER, "30").exitCode()).isEqualTo(75);
        assertThat(agent("lease-show").stdout()).contains("lease.state=held\n", "lease.remaining=1\n");

        clock.advance(Duration.ofSeconds(1));
        assertThat(agent("lease-show").stdout()).contains("lease.state=expired\n", "lease.remaining=0\n");
        CommandResult taken = agent("lease-acquire", OTHER, "30");
        assertThat(taken.exitCode()).isZero();
        assertThat(taken.stdout()).contains("lease.was=expired\n", "lease.previous-owner=" + ME + "\n", "lease.owner=" + OTHER + "\n");
        assertThat(agent("lease-renew", ME, "30").stdout()).contains("lease.holder=" + OTHER + "\n");
    }

    @Test
    void renewingALeaseRemovedByHandIsRefusedAsUnavailable() throws Exception {
        agent("lease-acquire", ME, "30");
        Files.delete(host.path("/var/lib/igdlab/state/lease"));

        CommandResult r = agent("lease-renew", ME, "30");

        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.stdout()).contains("error.code=unavailable\n");
    }

    @Test
    void theLeaseFileHasTheDocumentedFormatSoAPersonCanReadIt() throws Exception {
        agent("lease-acquire", ME, "45");

        assertThat(Files.readString(host.path("/var/lib/igdlab/state/lease")))
                .isEqualTo("owner=" + ME + "\nexpires=" + (T0 + 45) + "\nacquired=" + T0 + "\n");
    }

    @Test
    void ownersAndTtlsOutsideTheAllowListsAreRefused() {
        for (String owner : List.of("ci@runner:1", "ci@runner:1:run:x", "ci@runner:1:$(reboot)", "ci runner:1:run", "")) {
            assertThat(agent("lease-acquire", owner, "30").exitCode()).as(owner).isEqualTo(65);
            assertThat(agent("lease-release", owner).exitCode()).as(owner).isEqualTo(65);
        }
        for (String ttl : List.of("0", "010", "100000", "-1")) {
            assertThat(agent("lease-acquire", ME, ttl).exitCode()).as(ttl).isEqualTo(65);
        }
        assertThat(agent("lease-acquire", ME).exitCode()).isEqualTo(64);
        assertThat(host.path("/var/lib/igdlab/state/lease")).doesNotExist();
    }

    private CommandResult agent(String... args) {
        return host.exec(Stream.concat(Stream.of(AGENT), Arrays.stream(args)).toList(), () -> new byte[0]);
    }

    /** A wall clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
