package org.igdlab.runner.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

class HostAgentTest {

    private static final String AGENT = "/var/lib/igdlab/bin/igdlab-agent";
    private final ScriptedShell shell = new ScriptedShell();
    private final HostAgent agent = new HostAgent(shell, "/var/lib/igdlab", "#!/bin/sh\n".getBytes(UTF_8));
    private final Deadline deadline = Deadline.after(Duration.ofSeconds(5));

    @Test
    void parsesFacts() throws Exception {
        shell.reply(0, """
                protocol=1
                kernel.release=6.12.9-igdlab
                kernel.cmdline=BOOT_IMAGE=/vmlinuz ro intel_iommu=on iommu=pt
                iommu.enabled=1
                igd.bdf=0000:00:02.0
                igd.vendor=8086
                igd.device=3e92
                igd.class=030000
                igd.driver=i915
                igd.iommu-group=0
                igd.group.member=0000:00:02.0
                igd.group.member=0000:00:1f.3
                igd.reg.asls=0xc8d5c018
                igd.reg.bdsm=0xdba00001
                igd.reg.bdsm64=0x000000003c800001
                igd.reg.ggc=0x0211
                igd.rom.size=131072
                qemu.binary=/usr/bin/qemu-system-x86_64
                qemu.version=10.1.2
                mem.available.kib=30562112
                cells.running=2
                status=ok
                """, "");

        HostFacts facts = agent.facts(deadline);

        assertThat(shell.calls.get(0).argv()).containsExactly(AGENT, "facts");
        assertThat(facts.kernelRelease()).isEqualTo("6.12.9-igdlab");
        assertThat(facts.kernelCmdline()).contains("intel_iommu=on");
        assertThat(facts.iommuEnabled()).isTrue();
        assertThat(facts.igdBdf()).contains("0000:00:02.0");
        assertThat(facts.igdVendor()).contains("8086");
        assertThat(facts.igdDevice()).contains("3e92");
        assertThat(facts.igdClass()).contains("030000");
        assertThat(facts.igdDriver()).contains("i915");
        assertThat(facts.groupMembers()).containsExactly("0000:00:02.0", "0000:00:1f.3");
        assertThat(facts.asls()).hasValue(0xc8d5c018L);
        assertThat(facts.bdsm()).hasValue(0xdba00001L);
        assertThat(facts.bdsm64()).hasValue(0x3c800001L);
        assertThat(facts.ggc()).hasValue(0x0211);
        assertThat(facts.romSize()).isEqualTo(131072);
        assertThat(facts.qemuVersion()).contains("10.1.2");
        assertThat(facts.cellsRunning()).isEqualTo(2);
        assertThat(facts.raw().first("mem.available.kib")).contains("30562112");
    }

    @Test
    void leavesUnreadableRegistersAndAnAbsentIgdEmpty() throws Exception {
        shell.reply(0, "protocol=1\nkernel.release=6.1.0\nkernel.cmdline=ro\niommu.enabled=0\ncells.running=0\nstatus=ok\n", "");

        HostFacts facts = agent.facts(deadline);

        assertThat(facts.iommuEnabled()).isFalse();
        assertThat(facts.igdBdf()).isEmpty();
        assertThat(facts.asls()).isEmpty();
        assertThat(facts.groupMembers()).isEmpty();
        assertThat(facts.romSize()).isZero();
    }

    @Test
    void agentErrorOutputBecomesAnAgentExceptionWithCodeAndMessage() {
        shell.reply(69, "protocol=1\nerror.code=unavailable\nerror.message=no IGD on bus 0\nstatus=error\n",
                "igdlab-agent: no display-class function on bus 0\n");

        assertThatThrownBy(() -> agent.bind("0000:00:02.0", deadline))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.host()).isEqualTo("kbl-01");
                    assertThat(e.verb()).isEqualTo("bind");
                    assertThat(e.errorCode()).contains("unavailable");
                    assertThat(e.errorMessage()).contains("no IGD on bus 0");
                    assertThat(e.exitStatus()).hasValue(69);
                    assertThat(e.argv()).containsExactly(AGENT, "bind", "0000:00:02.0");
                })
                .hasMessageContaining("host=kbl-01")
                .hasMessageContaining("error.code=unavailable")
                .hasMessageContaining("exited 69")
                .hasMessageContaining("no display-class function on bus 0");
    }

    @Test
    void refusesAnAgentOfAnotherProtocolNamingBothVersions() {
        shell.reply(0, "protocol=2\nstatus=ok\n", "");

        assertThatThrownBy(() -> agent.status("c1", deadline))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("agent speaks protocol 2, runner speaks 1");
    }

    @Test
    void refusesOutputThatIsNotKeyValueOrLacksStatus() {
        shell.reply(0, "protocol=1\nHello World\nstatus=ok\n", "");
        assertThatThrownBy(() -> agent.status("c1", deadline)).isInstanceOf(AgentException.class)
                .hasMessageContaining("not key=value: Hello World");

        shell.reply(0, "protocol=1\nstate=running\n", "");
        assertThatThrownBy(() -> agent.status("c1", deadline)).isInstanceOf(AgentException.class)
                .hasMessageContaining("did not end with status=ok");
    }

    @Test
    void saysTheAgentIsMissingWhenTheShellCannotRunIt() {
        shell.reply(127, "", "sh: 1: /var/lib/igdlab/bin/igdlab-agent: not found\n");

        assertThatThrownBy(() -> agent.status("c1", deadline)).isInstanceOf(AgentException.class)
                .hasMessageContaining("not installed")
                .hasMessageContaining("not found");
    }

    @Test
    void validatesArgumentsAgainstTheAllowListsBeforeSendingAnything() {
        assertThatThrownBy(() -> agent.bind("00:02.0", deadline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BDF (00:02.0)")
                .hasMessageContaining("[0-9a-f]{4}");
        assertThatThrownBy(() -> agent.status("../etc", deadline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CELL_ID (../etc)");
        assertThatThrownBy(() -> agent.stop("c1", 100000, deadline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SECONDS (100000)");
        assertThatThrownBy(() -> agent.launch("c1", List.of("/usr/bin/qemu-system-x86_64", "-name", "a\nb"), deadline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 2")
                .hasMessageContaining("a\\nb");
        assertThatThrownBy(() -> agent.launch("c1", List.of("qemu-system-x86_64"), deadline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute path");
        assertThat(shell.calls).isEmpty();
    }

    @Test
    void launchSendsTheQemuArgvOnePerLineOnStdin() throws Exception {
        shell.reply(0, "protocol=1\ncell.dir=/var/lib/igdlab/cells/c1\npid=4242\nstate=running\nstatus=ok\n", "");
        List<String> qemu = List.of("/usr/bin/qemu-system-x86_64", "-machine", "q35", "-name", "two words",
                "-device", "vfio-pci,host=0000:00:02.0,x-igd-opregion=on");

        LaunchReply reply = agent.launch("c1", qemu, deadline);

        assertThat(shell.calls.get(0).argv()).containsExactly(AGENT, "launch", "c1");
        assertThat(shell.calls.get(0).stdin()).isEqualTo(String.join("\n", qemu) + "\n");
        assertThat(reply.running()).isTrue();
        assertThat(reply.pid()).hasValue(4242);
        assertThat(reply.cellDir()).isEqualTo("/var/lib/igdlab/cells/c1");
    }

    @Test
    void launchReportsAnEarlyExit() throws Exception {
        shell.reply(0, "protocol=1\nstate=exited\nexit-code=1\nstatus=ok\n", "");

        LaunchReply reply = agent.launch("c1", List.of("/usr/bin/qemu-system-x86_64"), deadline);

        assertThat(reply.running()).isFalse();
        assertThat(reply.exitCode()).hasValue(1);
        assertThat(reply.cellDir()).isEqualTo("/var/lib/igdlab/cells/c1");
    }

    @Test
    void bindReadsKeysThatCarryABdf() throws Exception {
        shell.reply(0, "protocol=1\nbound=0000:00:02.0\nprevious-driver.0000:00:02.0=i915\n"
                + "driver.0000:00:02.0=vfio-pci\nstatus=ok\n", "");

        AgentReply reply = agent.bind("0000:00:02.0", deadline);

        assertThat(reply.first("previous-driver.0000:00:02.0")).contains("i915");
        assertThat(reply.all("bound")).containsExactly("0000:00:02.0");
    }

    @Test
    void stopPassesTheGraceSeconds() throws Exception {
        shell.reply(0, "protocol=1\nstate=stopped\nwas=running\nstatus=ok\n", "");

        AgentReply reply = agent.stop("c1", 10, deadline);

        assertThat(shell.calls.get(0).argv()).containsExactly(AGENT, "stop", "c1", "10");
        assertThat(reply.first("was")).contains("running");
    }

    @Test
    void collectFetchesEveryListedFile() throws Exception {
        shell.files.put("/var/lib/igdlab/cells/c1/qemu.stderr", "boom".getBytes(UTF_8));
        shell.files.put("/var/lib/igdlab/cells/c1/host-dmesg.txt", "DMAR: fault".getBytes(UTF_8));
        shell.reply(0, "protocol=1\nfile=qemu.stderr\nfile=host-dmesg.txt\ncell.dir=/var/lib/igdlab/cells/c1\n"
                + "dmar.faults=1\nstatus=ok\n", "");

        CollectReply reply = agent.collect("c1", deadline);

        assertThat(reply.files()).containsOnlyKeys("qemu.stderr", "host-dmesg.txt");
        assertThat(reply.files().get("qemu.stderr")).isEqualTo("boom".getBytes(UTF_8));
        assertThat(reply.dmarFaults()).isEqualTo(1);
        assertThat(shell.downloads).containsExactly("/var/lib/igdlab/cells/c1/qemu.stderr",
                "/var/lib/igdlab/cells/c1/host-dmesg.txt");
    }

    @Test
    void collectDoesNotFetchAgainTheFrameCaptureFetchedButFetchesOtherPictures() throws Exception {
        shell.files.put("/var/lib/igdlab/cells/c1/frame.ppm", "P6\n1 1\n255\nabc".getBytes(UTF_8));
        shell.files.put("/var/lib/igdlab/cells/c1/screen.ppm", "P6\n1 1\n255\nxyz".getBytes(UTF_8));
        shell.files.put("/var/lib/igdlab/cells/c1/serial.log", "login:".getBytes(UTF_8));
        shell.reply(0, "protocol=1\nframe=frame.ppm\nfile=/var/lib/igdlab/cells/c1/frame.ppm\nsize=14\n"
                + "device=/dev/video0\nstatus=ok\n", "");
        String listing = "protocol=1\nfile=frame.ppm\nfile=screen.ppm\nfile=serial.log\ncell.dir=/var/lib/igdlab/cells/c1\n"
                + "dmar.faults=0\nstatus=ok\n";
        shell.reply(0, listing, "").reply(0, listing, "");

        agent.capture("c1", "frame.ppm", deadline);
        CollectReply first = agent.collect("c1", deadline);
        CollectReply again = agent.collect("c1", deadline);

        // a QMP screendump (screen.ppm) was not captured: it is collected like any file
        assertThat(first.files()).containsOnlyKeys("screen.ppm", "serial.log");
        assertThat(shell.downloads).containsExactly("/var/lib/igdlab/cells/c1/frame.ppm",
                "/var/lib/igdlab/cells/c1/screen.ppm", "/var/lib/igdlab/cells/c1/serial.log",
                "/var/lib/igdlab/cells/c1/frame.ppm", "/var/lib/igdlab/cells/c1/screen.ppm",
                "/var/lib/igdlab/cells/c1/serial.log");
        // the skip is for the collect that follows the capture, not forever
        assertThat(again.files()).containsOnlyKeys("frame.ppm", "screen.ppm", "serial.log");
    }

    @Test
    void collectRefusesAFileNameThatLeavesTheCellDirectory() {
        shell.reply(0, "protocol=1\nfile=../../../etc/shadow\ncell.dir=/var/lib/igdlab/cells/c1\nstatus=ok\n", "");

        assertThatThrownBy(() -> agent.collect("c1", deadline)).isInstanceOf(AgentException.class)
                .hasMessageContaining("../../../etc/shadow");
        assertThat(shell.downloads).isEmpty();
    }

    @Test
    void captureFetchesTheFrameFromTheCellDirectory() throws Exception {
        shell.files.put("/var/lib/igdlab/cells/c1/frame.ppm", "P6\n1 1\n255\nabc".getBytes(UTF_8));
        shell.reply(0, "protocol=1\nframe=frame.ppm\nfile=/var/lib/igdlab/cells/c1/frame.ppm\nsize=14\n"
                + "device=/dev/video0\nstatus=ok\n", "");

        CaptureReply reply = agent.capture("c1", "frame.ppm", deadline);

        assertThat(shell.calls.get(0).argv()).containsExactly(AGENT, "capture", "c1", "frame.ppm");
        assertThat(reply.device()).isEqualTo("/dev/video0");
        assertThat(reply.ppm()).isEqualTo("P6\n1 1\n255\nabc".getBytes(UTF_8));
        assertThat(shell.downloads).containsExactly("/var/lib/igdlab/cells/c1/frame.ppm");
    }

    @Test
    void captureFetchesNothingOutsideTheCellDirectory() {
        shell.reply(0, "protocol=1\nframe=frame.ppm\nfile=/var/lib/igdlab/cells/c1/../c2/frame.ppm\nstatus=ok\n", "");

        assertThatThrownBy(() -> agent.capture("c1", "frame.ppm", deadline)).isInstanceOf(AgentException.class)
                .hasMessageContaining("not frame.ppm in the directory of cell c1");
        assertThat(shell.downloads).isEmpty();
    }

    @Test
    void aHostThatCannotCaptureSaysUnsupported() {
        shell.reply(69, "protocol=1\nerror.code=unsupported\nerror.message=no capture tool: ffmpeg is not installed\n"
                + "status=error\n", "igdlab-agent: no capture tool\n");

        assertThatThrownBy(() -> agent.capture("c1", "frame.ppm", deadline)).isInstanceOf(AgentException.class)
                .hasMessageContaining("unsupported").hasMessageContaining("ffmpeg is not installed");
    }
}
