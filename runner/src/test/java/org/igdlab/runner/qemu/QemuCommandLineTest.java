package org.igdlab.runner.qemu;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Cell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QemuCommandLineTest {

    static Inventory lab;

    @BeforeAll
    static void load() throws Exception {
        lab = InventoryLoader.load(Path.of("../lab-inventory/hosts.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    static Cell cell(String generation, String machine, String firmware, String mode, String opregion) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        axes.put("x-igd-opregion", opregion);
        return Cell.of(axes, "linux");
    }

    @Test
    void buildsALegacyPcSeaBiosCellWithTheIgdAt02() {
        Host kbl = lab.host("kbl-nuc7-01").orElseThrow();
        Cell cell = cell("kaby-lake", "pc", "seabios", "legacy", "default");
        String d = "/var/lib/igdlab/cells/" + cell.id();

        List<String> argv = QemuCommandLine.build(cell, kbl, new CellPaths(d));

        assertThat(argv).containsExactly(
                "/opt/igdlab/qemu-10.1.2/bin/qemu-system-x86_64",
                "-name", "igdlab-kaby-lake.pc.seabios.legacy.opregion-default",
                "-machine", "pc,accel=kvm",
                "-m", "4096",
                "-smp", "2",
                "-nodefaults",
                "-vga", "none",
                "-display", "none",
                "-no-user-config",
                "-device", "vfio-pci,host=0000:00:02.0,id=igd,bus=pci.0,addr=02.0",
                "-qmp", "unix:" + d + "/qmp.sock,server=on,wait=off",
                "-chardev", "socket,id=qga0,path=" + d + "/qga.sock,server=on,wait=off",
                "-device", "virtio-serial-pci,id=vser0",
                "-device", "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0",
                "-chardev", "file,id=serial0,path=" + d + "/serial.log",
                "-serial", "chardev:serial0",
                "-chardev", "file,id=fwlog,path=" + d + "/firmware.log",
                "-device", "isa-debugcon,iobase=0x402,chardev=fwlog",
                "-drive", "file=/var/lib/igdlab/images/debian13-igdlab.qcow2,if=virtio,format=qcow2,readonly=on,snapshot=on",
                "-bios", "/opt/igdlab/firmware/seabios-1.17.0/bios.bin");
    }

    @Test
    void aControlCellHasTheEmulatedVgaAt02InsteadOfTheIgdAndOtherwiseTheSameCommandLine() {
        Host adl = lab.host("adl-s-01").orElseThrow();
        Cell control = Cell.control("adl-s-01", adl.generation(), "q35", "ovmf", "linux");
        Cell igd = cell("alder-lake", "q35", "ovmf", "legacy", "default");
        CellPaths paths = new CellPaths("/var/lib/igdlab/cells/x");

        List<String> argv = QemuCommandLine.build(control, adl, paths);
        List<String> lab = QemuCommandLine.build(igd, adl, paths);

        assertThat(argv).containsSubsequence("-vga", "none", "-display", "none", "-no-user-config",
                "-device", "VGA,id=vga,bus=pcie.0,addr=02.0", "-qmp");
        assertThat(String.join(" ", argv)).doesNotContain("vfio");
        assertThat(argv).containsSubsequence("-name", "igdlab-control.adl-s-01.q35.ovmf");
        // everything but the name and the device in the IGD's place is the lab cell's command line
        List<String> rest = new java.util.ArrayList<>(argv);
        List<String> labRest = new java.util.ArrayList<>(lab);
        rest.removeAll(List.of("igdlab-control.adl-s-01.q35.ovmf", "VGA,id=vga,bus=pcie.0,addr=02.0"));
        labRest.removeAll(List.of("igdlab-" + igd.id(), "vfio-pci,host=0000:00:02.0,id=igd,bus=pcie.0,addr=02.0"));
        assertThat(rest).isEqualTo(labRest);
        assertThat(QemuCommandLine.controlVga("pc")).isEqualTo("VGA,id=vga,bus=pci.0,addr=02.0");
    }

    @Test
    void buildsAnUptQ35OvmfCellWithTheIgdAt05AndTheOpRegionOptionSet() {
        Host adl = lab.host("adl-s-01").orElseThrow();
        Cell cell = cell("alder-lake", "q35", "ovmf", "upt", "off");
        CellPaths paths = new CellPaths("/var/lib/igdlab/cells/x");

        List<String> argv = QemuCommandLine.build(cell, adl, paths);

        assertThat(argv).containsSubsequence("-machine", "q35,accel=kvm");
        assertThat(argv).containsSubsequence(
                "-device", "vfio-pci,host=0000:00:02.0,id=igd,bus=pcie.0,addr=05.0,x-igd-opregion=off",
                "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                "-drive", "if=pflash,format=raw,file=/usr/share/OVMF/OVMF_VARS_4M.fd,snapshot=on");
        assertThat(argv).doesNotContain("-bios");
    }

    @Test
    void theIgdIsTheFirstDeviceSoNoAutoAddressedDeviceCanTakeItsSlot() {
        Host kbl = lab.host("kbl-nuc7-01").orElseThrow();

        List<String> argv = QemuCommandLine.build(cell("kaby-lake", "pc", "seabios", "legacy", "on"), kbl,
                new CellPaths("/var/lib/igdlab/cells/c"));

        int firstDevice = argv.indexOf("-device");
        assertThat(argv.get(firstDevice + 1)).startsWith("vfio-pci,");
    }

    @Test
    void escapesACommaInAPathAsQemuExpects() {
        Host kbl = lab.host("kbl-nuc7-01").orElseThrow();

        List<String> argv = QemuCommandLine.build(cell("kaby-lake", "pc", "seabios", "legacy", "on"), kbl,
                new CellPaths("/var/lib/igdlab/cells/a,b"));

        assertThat(argv).contains("unix:/var/lib/igdlab/cells/a,,b/qmp.sock,server=on,wait=off",
                "file,id=fwlog,path=/var/lib/igdlab/cells/a,,b/firmware.log");
    }

    @Test
    void refusesAValueWithANewline() {
        assertThatThrownBy(() -> new CellPaths("/var/lib/igdlab/cells/a\n-b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a\\n-b");
        assertThatThrownBy(() -> QemuCommandLine.opt("x\ny"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newline");
    }

    @Test
    void placesTheIgdAtTheGuestAddressOfItsMode() {
        assertThat(GuestAddress.of(cell("kaby-lake", "pc", "seabios", "legacy", "on")).bdf()).isEqualTo("00:02.0");
        assertThat(GuestAddress.of(cell("kaby-lake", "pc", "seabios", "upt", "on")).bdf()).isEqualTo("00:05.0");
    }

    static Cell withOptions(String... options) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", "coffee-lake");
        axes.put("machine", "q35");
        axes.put("firmware", "ovmf");
        axes.put("mode", "upt");
        for (String o : options) {
            axes.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
        }
        return Cell.of(axes, "linux");
    }

    static String igdDevice(List<String> argv) {
        return argv.get(argv.indexOf("-device") + 1);
    }

    @Test
    void putsTheOptionAxesOnTheIgdOnlyAwayFromTheirDefaults() throws Exception {
        Host cfl = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"))
                .host("cfl-01").orElseThrow();
        CellPaths paths = new CellPaths("/var/lib/igdlab/cells/c");

        assertThat(igdDevice(QemuCommandLine.build(withOptions("x-igd-legacy-mode=auto", "x-igd-lpc=default",
                "x-igd-gms=default", "x-vga=default", "rom=rombar"), cfl, paths)))
                .isEqualTo("vfio-pci,host=0000:00:02.0,id=igd,bus=pcie.0,addr=05.0");
        assertThat(igdDevice(QemuCommandLine.build(withOptions("x-igd-opregion=off", "x-igd-legacy-mode=on",
                "x-igd-lpc=off", "x-igd-gms=0x10", "x-vga=on", "rom=none"), cfl, paths)))
                .isEqualTo("vfio-pci,host=0000:00:02.0,id=igd,bus=pcie.0,addr=05.0,x-igd-opregion=off,"
                        + "x-igd-legacy-mode=on,x-igd-lpc=off,x-igd-gms=0x10,x-vga=on,rombar=0");
        assertThat(igdDevice(QemuCommandLine.build(withOptions("rom=romfile-efi"), cfl, paths)))
                .isEqualTo("vfio-pci,host=0000:00:02.0,id=igd,bus=pcie.0,addr=05.0,"
                        + "romfile=/usr/share/igdlab/roms/IgdAssignmentDxe-067328d.rom");
    }

    @Test
    void refusesRomfileEfiOnAHostWithoutAnEfiOptionRom() {
        Host kbl = lab.host("kbl-nuc7-01").orElseThrow();
        org.junit.jupiter.api.Assumptions.assumeTrue(kbl.installedOfKind("efi-oprom").isEmpty());

        assertThatThrownBy(() -> QemuCommandLine.build(withOptions("generation=kaby-lake", "rom=romfile-efi"), kbl,
                new CellPaths("/var/lib/igdlab/cells/c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no installed artifact of kind 'efi-oprom'");
    }

    static String bios(List<String> argv) {
        return argv.get(argv.indexOf("-bios") + 1);
    }

    @Test
    void seabiosBootsTheNewestSeaBiosFrom110AndSeabiosOldOneBefore110WhateverTheFileOrder() throws Exception {
        Host hsw = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"))
                .host("hsw-01").orElseThrow();
        CellPaths paths = new CellPaths("/var/lib/igdlab/cells/c");
        assertThat(bios(QemuCommandLine.build(cell("haswell", "pc", "seabios", "upt", "on"), hsw, paths)))
                .isEqualTo("/usr/share/seabios/bios.bin");
        assertThat(bios(QemuCommandLine.build(cell("haswell", "pc", "seabios-old", "upt", "on"), hsw, paths)))
                .isEqualTo("/usr/share/seabios-1.9.3/bios.bin");

        // the old one listed first, and a 1.10.2 and a 1.16.3 as well: seabios takes 1.17.0, not the first
        org.igdlab.runner.inventory.Artifacts catalogue = new org.igdlab.runner.inventory.Artifacts(List.of(
                artifact("seabios-1.9.3", "1.9.3"), artifact("seabios-1.10.2", "1.10.2"),
                artifact("seabios-1.17.0", "1.17.0"), artifact("seabios-1.16.3", "1.16.3"),
                artifact("seabios-1.8.2", "1.8.2")));
        Map<String, String> installed = new LinkedHashMap<>();
        installed.put("seabios-1.9.3", "/fw/1.9.3.bin");
        installed.put("seabios-1.10.2", "/fw/1.10.2.bin");
        installed.put("seabios-1.17.0", "/fw/1.17.0.bin");
        installed.put("seabios-1.16.3", "/fw/1.16.3.bin");
        installed.put("seabios-1.8.2", "/fw/1.8.2.bin");
        Host h = withInstalled(hsw, installed, catalogue);
        Cell c = cell("haswell", "pc", "seabios", "upt", "on");
        assertThat(QemuCommandLine.seabios(h, false, c).path()).isEqualTo("/fw/1.17.0.bin");
        assertThat(QemuCommandLine.seabios(h, true, c).path()).isEqualTo("/fw/1.9.3.bin");

        // only old ones: seabios refuses, naming what it needs
        Map<String, String> onlyOld = new LinkedHashMap<>();
        onlyOld.put("seabios-1.9.3", "/fw/1.9.3.bin");
        Host old = withInstalled(hsw, onlyOld, catalogue);
        assertThatThrownBy(() -> QemuCommandLine.seabios(old, false, c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no installed SeaBIOS >= 1.10");
        Host none = withInstalled(hsw, Map.of("seabios-1.17.0", "/fw/1.17.0.bin"), catalogue);
        assertThatThrownBy(() -> QemuCommandLine.seabios(none, true, c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no installed SeaBIOS < 1.10");
    }

    @Test
    void versionsCompareNumericallyNotAsText() {
        assertThat(QemuCommandLine.compare(QemuCommandLine.version("1.10.0"), QemuCommandLine.version("1.9.3"))).isPositive();
        assertThat(QemuCommandLine.compare(QemuCommandLine.version("1.10"), QemuCommandLine.version("1.10.0"))).isZero();
        assertThat(QemuCommandLine.version("rel-1.17")).isNull();
    }

    private static org.igdlab.runner.inventory.Artifact artifact(String name, String version) {
        return new org.igdlab.runner.inventory.Artifact(name, "seabios", version, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());
    }

    private static Host withInstalled(Host h, Map<String, String> installed, org.igdlab.runner.inventory.Artifacts catalogue) {
        return new Host(h.name(), h.address(), h.port(), h.user(), h.identity(), h.hostKey(), h.agentRoot(), h.generation(),
                h.igd(), h.kernel(), h.kernels(), installed, h.display(), h.power(), catalogue);
    }
}
