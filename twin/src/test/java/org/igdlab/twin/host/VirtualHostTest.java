package org.igdlab.twin.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.qemu.Artifact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent verbs and the virtual QEMU's refusals, without SSH in between. */
class VirtualHostTest {
    static final String AGENT = "/var/lib/igdlab/bin/igdlab-agent";
    static final Artifact QEMU = new Artifact("qemu-10.1.2", "qemu", "10.1.2");
    static final Artifact SEABIOS = new Artifact("seabios-1.17.0", "seabios", "1.17.0");
    static final Artifact OVMF = new Artifact("ovmf-edk2-stable202508", "ovmf-code", "edk2-stable202508");
    static final Artifact IGD_DXE = new Artifact("igd-oprom-vfioigdpkg-067328d", "efi-oprom", "067328d", "igd-assignment-dxe-current");

    ScheduledExecutorService timers;
    VirtualHost host;

    @BeforeEach
    void coffeeLakeHost() throws Exception {
        timers = Executors.newSingleThreadScheduledExecutor();
        HostSpec spec = new HostSpec("cfl-01", "igdlab", "/var/lib/igdlab", "6.16.3-igdlab", List.of("6.16.3-igdlab"),
                Map.of("/usr/bin/qemu-system-x86_64", QEMU, "/usr/share/seabios/bios.bin", SEABIOS,
                        "/usr/share/OVMF/OVMF_CODE_4M.fd", OVMF, "/usr/share/igdlab/roms/IgdAssignmentDxe-067328d.rom", IGD_DXE),
                List.of(QEMU, SEABIOS, OVMF, IGD_DXE),
                new IgdSpec("0000:00:02.0", 0x3e92, 0x030000, 0, true, 0x02c1, 0x8b800001L, null, 0x8a3a4018L),
                32768, 0xa305, 0x10, "2.1", 8, 0, Faults.none(), Duration.ZERO);
        host = new VirtualHost(spec, timers);
        Files.writeString(host.path(AGENT), "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
        timers.shutdownNow();
    }

    CommandResult agent(String... args) {
        return host.exec(java.util.stream.Stream.concat(java.util.stream.Stream.of(AGENT), java.util.stream.Stream.of(args)).toList(),
                () -> new byte[0]);
    }

    CommandResult launch(String cell, String... qemuArgs) {
        String stdin = String.join("\n", qemuArgs) + "\n";
        return host.exec(List.of(AGENT, "launch", cell), () -> stdin.getBytes(StandardCharsets.UTF_8));
    }

    String file(String path) throws Exception {
        return Files.readString(host.path(path));
    }

    @Test
    void versionAndFactsFollowTheProtocolFraming() {
        CommandResult version = agent("version");
        assertThat(version.stdout()).isEqualTo("protocol=1\nagent.version=1.0.0\nstatus=ok\n");
        CommandResult facts = agent("facts");
        assertThat(facts.stdout()).contains("kernel.release=6.16.3-igdlab\n", "iommu.enabled=1\n", "igd.bdf=0000:00:02.0\n",
                "igd.device=3e92\n", "igd.class=030000\n", "igd.driver=i915\n", "igd.reg.asls=0x8a3a4018\n",
                "igd.reg.bdsm=0x8b800001\n", "igd.reg.ggc=0x02c1\n", "igd.rom.size=131072\n",
                "qemu.binary=/usr/bin/qemu-system-x86_64\n", "qemu.version=10.1.2\n", "cells.running=0\n");
        assertThat(facts.stdout()).doesNotContain("igd.reg.bdsm64");
        assertThat(facts.stdout()).startsWith("protocol=1\n").endsWith("status=ok\n");
    }

    @Test
    void refusesBadArgumentsUnknownVerbsAndWrongArity() {
        assertThat(agent("bind", "00:02.0").exitCode()).isEqualTo(65);
        assertThat(agent("stop", "c1", "forever").exitCode()).isEqualTo(65);
        assertThat(agent("launch", "-rf").exitCode()).isEqualTo(65);
        CommandResult unknown = agent("shutdown");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.stdout()).contains("error.code=usage\n").endsWith("status=error\n");
        assertThat(agent("status").exitCode()).isEqualTo(64);
        assertThat(agent("bind", "0000:01:00.0").exitCode()).isEqualTo(69);
    }

    @Test
    void bindIsIdempotentAndUnbindRestoresTheOriginalDriver() {
        assertThat(agent("bind", "0000:00:02.0").stdout()).contains("bound=0000:00:02.0\n", "previous-driver.0000:00:02.0=i915\n");
        assertThat(agent("bind", "0000:00:02.0").stdout()).contains("previous-driver.0000:00:02.0=i915\n");
        assertThat(agent("facts").stdout()).contains("igd.driver=vfio-pci\n");
        assertThat(agent("unbind", "0000:00:02.0").stdout()).contains("restored=0000:00:02.0\n");
        assertThat(agent("facts").stdout()).contains("igd.driver=i915\n");
    }

    @Test
    void aQemuWhoseIgdIsNotBoundToVfioFailsToStart() throws Exception {
        CommandResult r = launch("c1", "/usr/bin/qemu-system-x86_64", "-nodefaults", "-device", "vfio-pci,host=0000:00:02.0");
        assertThat(r.stdout()).contains("state=exited\n", "exit-code=1\n");
        assertThat(file("/var/lib/igdlab/cells/c1/qemu.stderr")).startsWith(
                "qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0: vfio 0000:00:02.0: group 0 is not viable\n");
    }

    @Test
    void forcedLegacyModeOnQ35EndsQemuWithTheQemuMessage() throws Exception {
        agent("bind", "0000:00:02.0");
        CommandResult r = launch("c2", "/usr/bin/qemu-system-x86_64", "-machine", "q35", "-nodefaults",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0,x-igd-legacy-mode=on");
        assertThat(r.stdout()).contains("state=exited\n", "exit-code=1\n");
        assertThat(file("/var/lib/igdlab/cells/c2/qemu.stderr")).isEqualTo(
                "qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0,addr=02.0,x-igd-legacy-mode=on: info: OpRegion detected on Intel display 3e92.\n"
                + "qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0,addr=02.0,x-igd-legacy-mode=on: vfio 0000:00:02.0: "
                + "Machine is not i440fx, assigned BDF is not 00:02.0, or device 3e92 (gen 9) doesn't support legacy mode\n");
    }

    @Test
    void unknownOptionsAndDevicesFailLikeQemu() throws Exception {
        launch("c3", "/usr/bin/qemu-system-x86_64", "-foo");
        assertThat(file("/var/lib/igdlab/cells/c3/qemu.stderr")).isEqualTo("qemu-system-x86_64: -foo: invalid option\n");
        launch("c4", "/usr/bin/qemu-system-x86_64", "-device", "frobnicator,id=x");
        assertThat(file("/var/lib/igdlab/cells/c4/qemu.stderr"))
                .isEqualTo("qemu-system-x86_64: -device frobnicator,id=x: 'frobnicator' is not a valid device model name\n");
    }

    @Test
    void aRunningCellIsBusyUntilStoppedAndCollectListsItsFiles() throws Exception {
        agent("bind", "0000:00:02.0");
        String[] args = {"/usr/bin/qemu-system-x86_64", "-machine", "q35", "-nodefaults",
                "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0", "-qmp", "unix:qmp.sock,server=on,wait=off",
                "-serial", "file:serial.log"};
        assertThat(launch("c5", args).stdout()).contains("state=running\n", "cell.dir=/var/lib/igdlab/cells/c5\n");
        assertThat(host.socket("/var/lib/igdlab/cells/c5/qmp.sock")).isPresent();
        assertThat(agent("facts").stdout()).contains("cells.running=1\n");
        CommandResult busy = launch("c5", args);
        assertThat(busy.exitCode()).isEqualTo(70);
        assertThat(busy.stdout()).contains("error.code=busy\n");
        assertThat(agent("stop", "c5").stdout()).contains("state=stopped\n", "was=running\n");
        assertThat(host.socket("/var/lib/igdlab/cells/c5/qmp.sock")).isEmpty();
        assertThat(agent("status", "c5").stdout()).contains("state=exited\n", "exit-code=0\n");
        assertThat(agent("stop", "c5").stdout()).contains("was=exited\n");
        assertThat(agent("status", "never").stdout()).contains("state=absent\n");
        CommandResult collect = agent("collect", "c5");
        assertThat(collect.stdout()).contains("file=host-dmesg.txt\n", "file=qemu.args\n", "file=qemu.pid\n",
                "file=qemu.stderr\n", "cell.dir=/var/lib/igdlab/cells/c5\n", "dmar.faults=0\n");
        assertThat(file("/var/lib/igdlab/cells/c5/qemu.args")).isEqualTo(String.join("\n", args) + "\n");
        assertThat(file("/var/lib/igdlab/cells/c5/qemu.stderr")).contains("terminating on signal 15");
        assertThat(agent("collect", "nope").exitCode()).isEqualTo(69);
    }

    @Test
    void answersTheSimpleShellCommands() {
        CommandResult sha = host.exec(List.of("sha256sum", "/nope"), () -> new byte[0]);
        assertThat(sha.exitCode()).isEqualTo(1);
        assertThat(sha.stderr()).isEqualTo("sha256sum: /nope: No such file or directory\n");
        assertThat(host.exec(List.of("uname", "-r"), () -> new byte[0]).stdout()).isEqualTo("6.16.3-igdlab\n");
        assertThat(host.exec(List.of("cat", "/proc/cmdline"), () -> new byte[0]).stdout())
                .isEqualTo("BOOT_IMAGE=/vmlinuz-6.16.3-igdlab root=/dev/sda2 ro intel_iommu=on iommu=pt\n");
        assertThat(host.exec(List.of("/usr/bin/qemu-system-x86_64"), () -> new byte[0]).stderr())
                .isEqualTo("sh: 1: /usr/bin/qemu-system-x86_64: not found\n");
    }

    @Test
    void ovmfRunsTheIgdAssignmentDxeRomGivenAsRomfile() throws Exception {
        agent("bind", "0000:00:02.0");
        launch("c6", "/usr/bin/qemu-system-x86_64", "-machine", "q35", "-nodefaults", "-m", "4G",
                "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0,romfile=/usr/share/igdlab/roms/IgdAssignmentDxe-067328d.rom",
                "-chardev", "file,id=dbg,path=firmware.log", "-device", "isa-debugcon,iobase=0x402,chardev=dbg");
        assertThat(file("/var/lib/igdlab/cells/c6/firmware.log"))
                .contains("SetupOpRegion: 0000:00:02.0: OpRegion @ 0x", "SetupStolenMemory: 0000:00:02.0: stolen memory @ 0x");
        agent("stop", "c6");
    }
}
