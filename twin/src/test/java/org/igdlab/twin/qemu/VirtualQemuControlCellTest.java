package org.igdlab.twin.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.guest.ExecResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control cell's command line (QEMU's emulated VGA at 00:02.0, no vfio-pci) through the virtual
 * QEMU: the guest sees the Bochs/QEMU stdvga 1234:1111 there; and the guest-image-corrupt fault.
 */
class VirtualQemuControlCellTest {

    @TempDir
    Path root;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A host without an IGD in play: files under {@code root}, the guest image identified by its path. */
    TestQemuHost host(Faults faults) {
        return new TestQemuHost(root, scheduler).withDriver("i915").withBootDelay(Duration.ZERO).withFaults(faults)
                .identifying(file -> file.getFileName().toString().equals("debian13.qcow2")
                        ? Optional.of(new Artifact("guest-linux-debian13", "guest-image", "13.1")) : Optional.empty());
    }

    record Run(LaunchOutcome outcome, List<String> stderr, Path cell) {
    }

    Run launch(TestQemuHost host, String machine) throws IOException {
        Path cell = Files.createDirectories(root.resolve("cell"));
        Path image = Files.createDirectories(root.resolve("images")).resolve("debian13.qcow2");
        Files.writeString(image, "stand-in");
        Path stderr = cell.resolve("qemu.stderr");
        Files.deleteIfExists(stderr);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/qemu-system-x86_64", "-machine", machine + ",accel=kvm",
                "-m", "4096", "-nodefaults", "-vga", "none", "-display", "none",
                "-device", "VGA,id=vga,bus=" + (machine.equals("q35") ? "pcie.0" : "pci.0") + ",addr=02.0",
                "-chardev", "socket,id=qga0,path=" + cell.resolve("qga.sock") + ",server=on,wait=off",
                "-device", "virtio-serial-pci,id=vser0",
                "-device", "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0",
                "-drive", "file=" + image + ",if=virtio,format=qcow2,readonly=on,snapshot=on"));
        LaunchOutcome outcome = new VirtualQemu(host, new ObjectMapper())
                .launch(4242, new Artifact("qemu-10.1.2", "qemu", "10.1.2"), argv, cell, stderr);
        return new Run(outcome, Files.exists(stderr) ? Files.readAllLines(stderr) : List.of(), cell);
    }

    @Test
    void theGuestSeesTheEmulatedVgaAt0002OnPcAndQ35() throws Exception {
        for (String machine : List.of("pc", "q35")) {
            TestQemuHost host = host(Faults.none());
            Run run = launch(host, machine);
            assertThat(run.outcome()).as(machine + ": " + run.stderr()).isInstanceOf(LaunchOutcome.Running.class);

            ExecResult lspci = host.guest(run.cell()).exec("lspci", List.of("-xxxx", "-s", "00:02.0"));

            assertThat(lspci.exitCode()).isZero();
            // config bytes 00-0b: vendor 1234, device 1111, command, status, revision 02, class 03 00 00
            assertThat(lspci.stdout()).as(machine).startsWith("00:02.0 ")
                    .contains("00: 34 12 11 11").containsPattern("(?m)^00: (\\S\\S ){8}02 00 00 03");
            ((LaunchOutcome.Running) run.outcome()).process().signal("KILL");
        }
    }

    @Test
    void aCorruptGuestImageMakesQemuRefuseTheDriveBeforeAnyDevice() throws Exception {
        TestQemuHost host = host(new Faults(Set.of(Fault.GUEST_IMAGE_CORRUPT)));

        Run run = launch(host, "pc");

        assertThat(run.outcome()).isInstanceOf(LaunchOutcome.Exited.class);
        assertThat(((LaunchOutcome.Exited) run.outcome()).exitCode()).isEqualTo(1);
        assertThat(run.stderr()).singleElement().asString()
                .startsWith("qemu-system-x86_64: -drive file=")
                .endsWith("debian13.qcow2,if=virtio,format=qcow2,readonly=on,snapshot=on: Image is not in qcow2 format");
    }
}
