package org.igdlab.twin.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.igdlab.twin.igd.ConfigSpace;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.PciAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole command lines through the virtual QEMU of older releases: the stderr lines of the
 * real-world fixtures (copied from ../shared/fixtures/realworld to src/test/resources/realworld) and the band A/B GTT hardware error.
 */
class VirtualQemuOlderBandsTest {
    static final Path REALWORLD = Path.of("src/test/resources/realworld");

    @TempDir
    Path root;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    static HostIgd igd(int deviceId, int ggc, long bdsm, Long bdsm64, long asls, boolean shadowRom, String opregionVersion,
                       int extendedVbtKib) {
        ConfigSpace c = new ConfigSpace();
        c.write(0x00, 2, 0x8086);
        c.write(0x02, 2, deviceId);
        c.write(0x0a, 2, 0x0300);
        c.write(0x50, 2, ggc);
        c.write(0x5c, 4, bdsm);
        if (bdsm64 != null) c.write(0xc0, 8, bdsm64);
        c.write(0xfc, 4, asls);
        byte[] opregion = new byte[8192 + extendedVbtKib * 1024];
        System.arraycopy("IntelGraphicsMem".getBytes(StandardCharsets.US_ASCII), 0, opregion, 0, 16);
        opregion[0x10] = 8;
        String[] v = opregionVersion.split("\\.");
        opregion[0x17] = (byte) Integer.parseInt(v[0]);
        opregion[0x16] = (byte) Integer.parseInt(v[1]);
        if (extendedVbtKib > 0) {
            opregion[0x3bb] = 0x20;
            opregion[0x3c2 + 1] = (byte) (extendedVbtKib * 4);
        }
        return new HostIgd(PciAddress.IGD, c, shadowRom ? 0x20000 : 0, asls == 0 ? null : opregion, 0x7a06, 0x11);
    }

    record Run(LaunchOutcome outcome, List<String> stderr) {
        Optional<String> signal() {
            if (outcome instanceof LaunchOutcome.Running r) return r.process().exitSignal();
            return Optional.ofNullable(((LaunchOutcome.Exited) outcome).exitSignal());
        }
    }

    Run launch(TestQemuHost host, String qemuVersion, String... args) throws IOException {
        Path cell = Files.createDirectories(root.resolve("cell"));
        Path stderr = cell.resolve("stderr.log");
        Files.deleteIfExists(stderr);
        List<String> argv = new ArrayList<>(List.of(args));
        LaunchOutcome outcome = new VirtualQemu(host, new ObjectMapper()).launch(4242, new Artifact("qemu-" + qemuVersion, "qemu", qemuVersion),
                argv, cell, stderr);
        return new Run(outcome, Files.exists(stderr) ? Files.readAllLines(stderr) : List.of());
    }

    static String verbatimLine(String fixture, String startsWith) throws IOException {
        return Files.readAllLines(REALWORLD.resolve(fixture)).stream().filter(l -> l.startsWith(startsWith)).findFirst().orElseThrow();
    }

    @Test
    void reproducesTheUnsupportedLegacyLineOfRaptorLakeOnQemu92() throws IOException {
        String expected = verbatimLine("qemu-err-unsupported-legacy-raptorlake-qemu92-01.txt", "kvm: -device vfio-pci");
        Files.createDirectories(root.resolve("usr/share/kvm"));
        Files.writeString(root.resolve("usr/share/kvm/igd_rpls.rom"), "VBIOS");
        TestQemuHost host = new TestQemuHost(root, scheduler).withIgd(igd(0xa780, 0x0201, 0, 0x3c800001L, 0x3b9b6018L, false, "2.1", 0)).withKernel("6.8.12-9-pve");
        Run run = launch(host, "9.2.0", "/usr/bin/kvm", "-machine", "pc-i440fx-9.0", "-m", "12288", "-vga", "none",
                "-device", "vfio-pci,host=0000:00:02.0,id=hostpci0,bus=pci.0,addr=0x2,romfile=/usr/share/kvm/igd_rpls.rom",
                "-set", "device.hostpci0.addr=02.0", "-set", "device.hostpci0.x-igd-gms=0x2", "-set", "device.hostpci0.x-igd-opregion=on");
        assertThat(run.stderr()).first().isEqualTo(expected);
        assertThat(run.outcome()).as("the VM starts").isInstanceOf(LaunchOutcome.Running.class);
    }

    @Test
    void reproducesTheExisting1fDeviceLineOnQ35WithQemu41() throws IOException {
        String fixture = verbatimLine("qemu-err-legacy-1f0-occupied-gvtg-q35-01.txt", "qemu-system-x86_64: -device vfio-pci");
        // The fixture's device is a GVT-g mdev (sysfsdev=...); the twin assigns the IGD itself, so the
        // message has the same form with the host BDF as the device name.
        String device = "vfio-pci,bus=pcie.0,addr=02.0,host=0000:00:02.0,x-igd-opregion=on,rombar=0,display=on";
        String expected = "qemu-system-x86_64: -device " + device
                + ": IGD device 0000:00:02.0 cannot support legacy mode due to existing devices at address 1f.0";
        assertThat(fixture.replaceAll("sysfsdev=\\S+?/([0-9a-f-]{36}),", "").replaceAll("IGD device [0-9a-f-]{36}", "IGD device X"))
                .isEqualTo(expected.replace("host=0000:00:02.0,", "").replace("IGD device 0000:00:02.0", "IGD device X"));
        TestQemuHost host = new TestQemuHost(root, scheduler).withIgd(igd(0x3ea0, 0x01c1, 0x8b800001L, null, 0x8a3a4018L, false, "2.1", 0)).withKernel("5.13.19-200.fc34.x86_64");
        Run run = launch(host, "4.1.1", "/usr/bin/qemu-system-x86_64", "-machine", "q35", "-m", "4G", "-vga", "none", "-device", device);
        assertThat(run.stderr()).first().isEqualTo(expected);
        assertThat(run.outcome()).isInstanceOf(LaunchOutcome.Running.class);
    }

    @Test
    void qemu27LegacyWithItsBundledSeaBios193AbortsWhenTheVbiosProgramsTheGtt() throws IOException {
        TestQemuHost host = new TestQemuHost(root, scheduler).withIgd(igd(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, true, "2.0", 0)).withKernel("4.7.10");
        Run run = launch(host, "2.7.0", "/usr/bin/qemu-system-x86_64", "-machine", "pc", "-m", "4G", "-vga", "none",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0");
        assertThat(run.signal()).contains("ABRT");
        assertThat(run.stderr()).containsExactly("qemu: hardware error: "
                + "vfio-igd: Guest attempted to program IGD GTT before BIOS reserved stolen memory.  Unsupported BIOS?");

        Run bundled110 = launch(host, "2.8.1", "/usr/bin/qemu-system-x86_64", "-machine", "pc", "-m", "4G", "-vga", "none",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0");
        assertThat(bundled110.signal()).as("2.8 bundles SeaBIOS 1.10.1, which programs BDSM").isEmpty();
    }

    @Test
    void withoutTheVbiosInTheGuestsRomBarNothingProgramsTheGttAndQemu27Survives() throws IOException {
        // igd-model.md §2.8 A/B: the hardware error is the VBIOS writing the GTT; with rombar=0 the guest has no
        // ROM BAR and SeaBIOS runs no VBIOS, while legacy mode (which does not consult rombar, §1.1 A) stays on
        TestQemuHost host = new TestQemuHost(root, scheduler).withIgd(igd(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, true, "2.0", 0)).withKernel("4.7.10");
        Run run = launch(host, "2.7.0", "/usr/bin/qemu-system-x86_64", "-machine", "pc", "-m", "4G", "-vga", "none",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0,rombar=0");
        assertThat(run.signal()).isEmpty();
        assertThat(run.stderr()).noneMatch(l -> l.contains("hardware error"));
        assertThat(run.outcome()).isInstanceOf(LaunchOutcome.Running.class);
    }

    @Test
    void qemu100AutoLegacyWithoutTheKernelOpRegionDiesWithSigsegvAfterTheLegacyLine() throws IOException {
        TestQemuHost host = new TestQemuHost(root, scheduler).withIgd(igd(0x3e92, 0x02c1, 0x8b800001L, null, 0, true, "2.1", 0)).withKernel("6.12.9");
        Run run = launch(host, "10.0.3", "/usr/bin/qemu-system-x86_64", "-machine", "pc", "-m", "4G", "-vga", "none",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0");
        assertThat(run.signal()).contains("SEGV");
        assertThat(run.stderr()).containsExactly("qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0,addr=02.0: "
                + "info: IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted.");
    }

    @Test
    void qemu92RefusesXIgdLegacyModeBecauseThePropertyCameIn100() throws IOException {
        TestQemuHost host = new TestQemuHost(root, scheduler).withIgd(igd(0x3e92, 0x02c1, 0x8b800001L, null, 0x8a3a4018L, true, "2.1", 0)).withKernel("6.12.9");
        Run run = launch(host, "9.2.4", "/usr/bin/qemu-system-x86_64", "-machine", "pc", "-vga", "none",
                "-device", "vfio-pci,host=0000:00:02.0,x-igd-legacy-mode=on");
        assertThat(run.stderr()).containsExactly("qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0,x-igd-legacy-mode=on: "
                + "Property 'vfio-pci.x-igd-legacy-mode' not found");
    }

    @Test
    void aKernel515HostRefusesToOpenAnIgdWithOpRegion20AndAnExtendedVbt() throws IOException {
        TestQemuHost host = new TestQemuHost(root, scheduler).withIgd(igd(0x9a49, 0x05c1, 0, 0x7c000001L, 0x7b2d4018L, false, "2.0", 8)).withKernel("5.15.0-91-generic");
        Run run = launch(host, "10.1.2", "/usr/bin/qemu-system-x86_64", "-machine", "q35", "-vga", "none",
                "-device", "vfio-pci,host=0000:00:02.0");
        assertThat(run.outcome()).isInstanceOfSatisfying(LaunchOutcome.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(1));
        assertThat(run.stderr()).first().asString().endsWith("vfio 0000:00:02.0: error getting device from group 0: Invalid argument");
        assertThat(host.dmesg).containsExactly(
                "vfio-pci 0000:00:02.0: IGD assignment does not support opregion v2.0 with an extended VBT region",
                "vfio-pci 0000:00:02.0: Failed to setup Intel IGD regions");
    }
}
