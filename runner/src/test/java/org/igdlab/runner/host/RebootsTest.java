package org.igdlab.runner.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.igdlab.runner.ssh.ConnectionLostException;
import org.igdlab.runner.ssh.DuplexStream;
import org.igdlab.runner.ssh.ExecResult;
import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

/** The reboot waits with a fake clock: every test runs in milliseconds of real time. */
class RebootsTest {

    private static final Reboots.Policy POLICY = new Reboots.Policy(Duration.ofSeconds(60), Duration.ofSeconds(300),
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30),
            List.of("intel_iommu=on"));

    /** A clock the test moves; sleeping moves it. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** A host that reboots on the fake clock: down {@code downAfter} after reboot, up again {@code upAfter} later (or never). */
    final class FakeHost {
        String kernel = "6.16.3-igdlab";
        String cmdline = "BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro intel_iommu=on iommu=pt";
        int boot = 1;
        String nextBoot;
        Instant downAt;
        Duration downAfter = Duration.ofSeconds(3);
        Duration upAfter = Duration.ofSeconds(40);
        boolean neverBack;
        boolean backAfterPowerCycle = true;
        int connects;

        boolean up() {
            if (downAt == null || clock.instant().isBefore(downAt)) {
                return true;
            }
            if (neverBack || clock.instant().isBefore(downAt.plus(upAfter))) {
                return false;
            }
            boot++;
            kernel = nextBoot != null ? nextBoot : "6.16.3-igdlab";
            nextBoot = null;
            downAt = null;
            return true;
        }

        RemoteShell shell() {
            return new Shell(boot);
        }

        final class Shell implements RemoteShell {
            final int myBoot;

            Shell(int boot) {
                this.myBoot = boot;
            }

            @Override
            public String hostName() {
                return "kbl-01";
            }

            @Override
            public ExecResult exec(List<String> argv, byte[] stdin, Deadline d) throws RemoteException {
                clock.advance(Duration.ofMillis(100));
                if (!up() || boot != myBoot) {
                    throw new ConnectionLostException("kbl-01", "10.0.0.5:22", String.join(" ", argv), Duration.ZERO,
                            "connection reset", null);
                }
                String verb = argv.size() > 1 ? argv.get(1) : argv.get(0);
                String out = switch (verb) {
                    case "true" -> "";
                    case "next-boot" -> {
                        nextBoot = argv.get(2);
                        yield "protocol=1\nnext-boot=" + nextBoot + "\nmethod=grub-reboot\nstatus=ok\n";
                    }
                    case "reboot" -> {
                        downAt = clock.instant().plus(downAfter);
                        yield "protocol=1\nrebooting=1\nboot-id=boot-" + boot + "\nstatus=ok\n";
                    }
                    case "facts" -> "protocol=1\nkernel.release=" + kernel + "\nkernel.cmdline=" + cmdline
                            + "\niommu.enabled=1\nboot.id=boot-" + boot + "\ncells.running=0\nstatus=ok\n";
                    default -> throw new AssertionError("unexpected " + argv);
                };
                return new ExecResult(argv, OptionalInt.of(0), Optional.empty(), out.getBytes(UTF_8), "", Duration.ZERO);
            }

            @Override
            public void upload(byte[] content, String remotePath, int mode, Deadline deadline) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] download(String remotePath, long maxBytes, Deadline deadline) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DuplexStream openUnixSocket(String socketPath, Deadline deadline) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        }

        RemoteShell connect(Deadline d) throws RemoteException {
            connects++;
            clock.advance(Duration.ofMillis(500));
            if (!up()) {
                throw new RemoteException("kbl-01", "10.0.0.5:22", "connect", Duration.ofMillis(500),
                        "could not connect: Connection refused", null);
            }
            return shell();
        }
    }

    final FakeClock clock = new FakeClock();
    final FakeHost host = new FakeHost();
    final List<Deadline> powerCalls = new ArrayList<>();

    Reboots reboots(Optional<PowerControl> power) {
        HostAgent agent = new HostAgent(host.shell(), "/var/lib/igdlab", new byte[0]);
        return new Reboots(agent, host::connect, power, POLICY, clock, clock::advance);
    }

    PowerControl power(int exit) {
        return new PowerControl() {
            @Override
            public PowerResult cycle(Deadline deadline) {
                powerCalls.add(deadline);
                clock.advance(Duration.ofSeconds(2));
                if (host.backAfterPowerCycle) {
                    host.neverBack = false;
                    host.upAfter = Duration.ZERO;
                    host.nextBoot = null; // grub already used the one-shot: the default entry boots
                }
                return new PowerResult(List.of("/usr/local/bin/pdu", "cycle", "7"), OptionalInt.of(exit), "outlet 7 cycled\n",
                        Duration.ofSeconds(2), "");
            }

            @Override
            public String describe() {
                return "/usr/local/bin/pdu cycle 7";
            }
        };
    }

    @Test
    void comesBackInTheRequestedKernelWithANewBootIdAndSaysHowLongEachPhaseTook() throws Exception {
        Reboots.Rebooted up = reboots(Optional.empty()).rebootInto("6.12.9-igdlab", Deadline.after(clock, Duration.ofMinutes(10)));

        assertThat(up.facts().kernelRelease()).isEqualTo("6.12.9-igdlab");
        assertThat(up.previousBootId()).isEqualTo("boot-1");
        assertThat(up.facts().bootId()).contains("boot-2");
        assertThat(up.downAfter()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
        assertThat(up.upAfter()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(60));
        assertThat(up.powerCycle()).isEmpty();
        assertThat(host.connects).isGreaterThan(1);
    }

    @Test
    void aHostThatNeverGoesDownEndsAfterTheDownDeadlineNamingIt() {
        host.downAfter = Duration.ofHours(1);
        Instant start = clock.instant();

        HostNotBackException e = catchThrowableOfType(() -> reboots(Optional.empty()).rebootInto("6.12.9-igdlab",
                Deadline.after(clock, Duration.ofMinutes(10))), HostNotBackException.class);

        assertThat(e.wentDown()).isFalse();
        assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(70));
        assertThat(e.getMessage()).contains("host=kbl-01", "did not go down within", "boot id boot-1");
    }

    @Test
    void aHostThatNeverComesBackWithoutPowerControlEndsAfterTheUpDeadline() {
        host.neverBack = true;
        Instant start = clock.instant();

        HostNotBackException e = catchThrowableOfType(() -> reboots(Optional.empty()).rebootInto("6.12.9-igdlab",
                Deadline.after(clock, Duration.ofMinutes(10))), HostNotBackException.class);

        assertThat(e.wentDown()).isTrue();
        assertThat(e.powerCycle()).isEmpty();
        assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(320));
        assertThat(e.getMessage()).contains("not back within 300.0s", "Connection refused", "no power control is configured");
    }

    @Test
    void aPowerCycleBringsItBackInTheDefaultKernelWhichIsAWrongKernelNamingBoth() {
        host.neverBack = true;

        WrongKernelException e = catchThrowableOfType(() -> reboots(Optional.of(power(0))).rebootInto("6.12.9-igdlab",
                Deadline.after(clock, Duration.ofMinutes(20))), WrongKernelException.class);

        assertThat(powerCalls).hasSize(1);
        assertThat(e.observedRelease()).isEqualTo("6.16.3-igdlab");
        assertThat(e.getMessage()).contains("in kernel 6.16.3-igdlab, expected 6.12.9-igdlab", "after a power cycle",
                "outlet 7 cycled");
    }

    @Test
    void aFailedPowerCycleEndsAtOnceSayingHowItEnded() {
        host.neverBack = true;
        host.backAfterPowerCycle = false;

        HostNotBackException e = catchThrowableOfType(() -> reboots(Optional.of(power(1))).rebootInto("6.12.9-igdlab",
                Deadline.after(clock, Duration.ofMinutes(20))), HostNotBackException.class);

        assertThat(e.powerCycle()).hasValueSatisfying(p -> assertThat(p.exitStatus()).hasValue(1));
        assertThat(e.getMessage()).contains("power cycle was tried and failed", "exited 1", "outlet 7 cycled");
    }

    @Test
    void aMissingCommandLineOptionIsAWrongKernelListingIt() {
        host.cmdline = "BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro intel_iommu=off";

        WrongKernelException e = catchThrowableOfType(() -> reboots(Optional.empty()).rebootInto("6.12.9-igdlab",
                Deadline.after(clock, Duration.ofMinutes(10))), WrongKernelException.class);

        assertThat(e.missingOptions()).containsExactly("intel_iommu=on");
        assertThat(e.observedRelease()).isEqualTo("6.12.9-igdlab");
        assertThat(e.getMessage()).contains("lacks intel_iommu=on", "intel_iommu=off");
    }

    @Test
    void waiterStopsAtOnceOnADefiniteFailure() throws Exception {
        Waiter waiter = new Waiter(clock::advance, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(4));
        Instant start = clock.instant();

        Waiter.Outcome<String> out = waiter.until(Deadline.after(clock, Duration.ofMinutes(5)),
                d -> Poll.failed(new IllegalStateException("host key changed")));

        assertThat(out.last()).isInstanceOf(Poll.Failed.class);
        assertThat(out.attempts()).isEqualTo(1);
        assertThat(clock.instant()).isEqualTo(start);
    }

    @Test
    void waiterDoublesItsPauseUpToTheMaximumAndGivesEachAttemptItsOwnDeadline() throws Exception {
        List<Duration> pauses = new ArrayList<>();
        List<Duration> budgets = new ArrayList<>();
        Waiter waiter = new Waiter(d -> {
            pauses.add(d);
            clock.advance(d);
        }, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4));

        Waiter.Outcome<String> out = waiter.until(Deadline.after(clock, Duration.ofSeconds(12)), d -> {
            budgets.add(d.remaining());
            return Poll.notYet("not yet");
        });

        assertThat(out.last()).isInstanceOf(Poll.NotYet.class);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(4), Duration.ofSeconds(1));
        assertThat(budgets).allMatch(b -> b.compareTo(Duration.ofSeconds(2)) <= 0);
        assertThat(out.waited()).isEqualTo(Duration.ofSeconds(12));
    }
}
