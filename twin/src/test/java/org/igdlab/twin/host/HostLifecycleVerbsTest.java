package org.igdlab.twin.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** stage, stage-overlay, health, kernel-install, next-boot and reboot on a twin host, without SSH in between. */
class HostLifecycleVerbsTest {
    static final String AGENT = VirtualHostTest.AGENT;
    static final String CELLS = "/var/lib/igdlab/cells/";

    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    VirtualHost host;

    VirtualHost start(Set<Fault> faults) throws Exception {
        HostSpec spec = new HostSpec("cfl-01", "igdlab", "/var/lib/igdlab", "6.16.3-igdlab", List.of("6.16.3-igdlab", "6.12.9-igdlab"),
                Map.of("/usr/bin/qemu-system-x86_64", VirtualHostTest.QEMU), List.of(VirtualHostTest.QEMU),
                new IgdSpec("0000:00:02.0", 0x3e92, 0x030000, 0, true, 0x02c1, 0x8b800001L, null, 0x8a3a4018L),
                32768, 0xa305, 0x10, "2.1", 8, 0, new Faults(faults), Duration.ZERO);
        host = new VirtualHost(spec, timers);
        Files.writeString(host.path(AGENT), "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n");
        return host;
    }

    @AfterEach
    void close() throws Exception {
        if (host != null) host.close();
        timers.shutdownNow();
    }

    CommandResult agent(String... args) {
        return host.exec(Stream.concat(Stream.of(AGENT), Stream.of(args)).toList(), () -> new byte[0]);
    }

    @Test
    void stageCopiesIntoTheCellChecksTheSha256AndIsIdempotent() throws Exception {
        start(Set.of());
        Files.createDirectories(host.path("/srv"));
        Files.writeString(host.path("/srv/vbios.rom"), "hello");
        String sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

        CommandResult r = agent("stage", "c1", "/srv/vbios.rom", "vbios.rom", sha);
        assertThat(r.stdout()).isEqualTo("protocol=1\nstaged=vbios.rom\nsha256=" + sha + "\nsize=5\nstatus=ok\n");
        assertThat(Files.readString(host.path(CELLS + "c1/vbios.rom"))).isEqualTo("hello");
        assertThat(agent("stage", "c1", "/srv/vbios.rom", "vbios.rom").stdout()).isEqualTo(r.stdout());

        CommandResult wrong = agent("stage", "c1", "/srv/vbios.rom", "other.rom", "0".repeat(64));
        assertThat(wrong.exitCode()).isEqualTo(70);
        assertThat(wrong.stdout()).contains("error.code=checksum\n");
        assertThat(host.path(CELLS + "c1/other.rom")).doesNotExist();

        assertThat(agent("stage", "c1", "relative/x", "a").exitCode()).isEqualTo(65);
        assertThat(agent("stage", "c1", "/srv/vbios.rom", "qemu.pid").exitCode()).isEqualTo(65);
        assertThat(agent("stage", "c1", "/srv/vbios.rom", "../x").exitCode()).isEqualTo(65);
        assertThat(agent("stage", "c1", "/srv/none", "x").exitCode()).isEqualTo(69);
    }

    @Test
    void stageOverlayCreatesAnOverlayOnceAndRefusesAnotherBacking() throws Exception {
        start(Set.of());
        String base = "/var/lib/igdlab/images/debian13.qcow2";
        Files.createDirectories(host.path(base).getParent());
        Files.writeString(host.path(base), "base image");

        CommandResult r = agent("stage-overlay", "c1", base, "guest.qcow2");
        assertThat(r.stdout()).isEqualTo("protocol=1\noverlay=guest.qcow2\nbacking=" + base + "\nstatus=ok\n");
        assertThat(agent("stage-overlay", "c1", base, "guest.qcow2").stdout()).isEqualTo(r.stdout());
        assertThat(Files.readString(host.path(base))).isEqualTo("base image");

        Files.writeString(host.path("/var/lib/igdlab/images/other.qcow2"), "x");
        assertThat(agent("stage-overlay", "c1", "/var/lib/igdlab/images/other.qcow2", "guest.qcow2").exitCode()).isEqualTo(70);
    }

    @Test
    void healthReportsEveryCheckAndHealthy() throws Exception {
        start(Set.of());
        String out = agent("health").stdout();
        assertThat(out).contains("check.iommu=ok\n", "check.vfio-pci=ok\n", "check.igd=ok\n", "check.stale-qemu=ok\n",
                "check.disk=ok\n", "check.load=ok\n", "healthy=1\n");
    }

    @Test
    void kernelInstallNeedsThePackageFileAndIsANoOpForAnInstalledRelease() throws Exception {
        start(Set.of());
        assertThat(agent("kernel-install", "6.12.9-igdlab", "/tmp/none.deb").stdout()).contains("installed=6.12.9-igdlab\n", "was=present\n");
        assertThat(agent("kernel-install", "6.18.0-igdlab", "/tmp/linux-image-6.18.0-igdlab.deb").exitCode()).isEqualTo(69);
        assertThat(agent("next-boot", "6.18.0-igdlab").exitCode()).isEqualTo(69);

        Files.createDirectories(host.path("/tmp"));
        Files.writeString(host.path("/tmp/linux-image-6.18.0-igdlab.deb"), "!<arch>");
        assertThat(agent("kernel-install", "6.18.0-igdlab", "/tmp/linux-image-6.18.0-igdlab.deb").stdout())
                .contains("installed=6.18.0-igdlab\n", "was=absent\n");
        assertThat(agent("next-boot", "6.18.0-igdlab").stdout()).contains("next-boot=6.18.0-igdlab\n", "method=grub-reboot\n");
        assertThat(agent("kernel-install", "6.18.0;x", "/tmp/a.deb").exitCode()).isEqualTo(65);
    }

    @Test
    void rebootComesBackOnceInTheOneShotKernelWithANewBootIdThenFallsBackToTheDefault() throws Exception {
        start(Set.of());
        AtomicInteger drops = new AtomicInteger();
        host.onGoingDown(drops::incrementAndGet);
        String firstBoot = host.bootId();
        assertThat(agent("next-boot", "6.12.9-igdlab").exitCode()).isZero();

        CommandResult r = agent("reboot");
        assertThat(r.stdout()).isEqualTo("protocol=1\nrebooting=1\nboot-id=" + firstBoot + "\nstatus=ok\n");
        awaitUp(firstBoot);

        assertThat(drops.get()).isEqualTo(1);
        assertThat(host.kernel()).isEqualTo("6.12.9-igdlab");
        assertThat(agent("facts").stdout()).contains("kernel.release=6.12.9-igdlab\n", "boot.id=" + host.bootId() + "\n",
                "kernel.cmdline=BOOT_IMAGE=/vmlinuz-6.12.9-igdlab root=/dev/sda2 ro intel_iommu=on iommu=pt\n");
        assertThat(host.exec(List.of("uname", "-r"), () -> new byte[0]).stdout()).isEqualTo("6.12.9-igdlab\n");
        assertThat(host.exec(List.of("cat", "/proc/sys/kernel/random/boot_id"), () -> new byte[0]).stdout())
                .isEqualTo(host.bootId() + "\n");

        String secondBoot = host.bootId();
        agent("reboot");
        awaitUp(secondBoot);
        assertThat(host.kernel()).isEqualTo("6.16.3-igdlab");
    }

    @Test
    void aHostWithNeverBackFromRebootStaysDown() throws Exception {
        start(Set.of(Fault.NEVER_BACK_FROM_REBOOT));
        agent("reboot");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (host.up() && System.nanoTime() < until) Thread.sleep(10);
        assertThat(host.up()).isFalse();
        Thread.sleep(500);
        assertThat(host.up()).isFalse();
    }

    @Test
    void slowRebootKeepsTheHostDownTwentyTimesLonger() throws Exception {
        assertThat(start(Set.of(Fault.SLOW_REBOOT)).rebootDowntime()).isEqualTo(Duration.ofSeconds(2));
        host.close();
        assertThat(start(Set.of()).rebootDowntime()).isEqualTo(Duration.ofMillis(100));
        assertThat(Faults.parse(List.of("never-back-from-reboot", "slow-reboot")).active())
                .containsExactlyInAnyOrder(Fault.NEVER_BACK_FROM_REBOOT, Fault.SLOW_REBOOT);
    }

    private void awaitUp(String oldBootId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((!host.up() || host.bootId().equals(oldBootId)) && System.nanoTime() < until) Thread.sleep(10);
        assertThat(host.up()).as("host up again").isTrue();
        assertThat(host.bootId()).isNotEqualTo(oldBootId);
    }
}
