package org.igdlab.runner.qemu;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Cell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line and QMP device_add of the host-axes cells: option ROM variants and hotplug. */
class HostAxesCommandLineTest {

    static Inventory twin;
    static final CellPaths PATHS = new CellPaths("/var/lib/igdlab/cells/c");

    @BeforeAll
    static void load() throws Exception {
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    static Cell cell(String generation, String machine, String firmware, String mode, String... options) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        for (String o : options) {
            String[] kv = o.split("=", 2);
            axes.put(kv[0], kv[1]);
        }
        return Cell.of(axes, "linux");
    }

    static String device(List<String> argv) {
        return argv.stream().filter(a -> a.startsWith("vfio-pci,")).findFirst().orElse("(no vfio-pci device)");
    }

    @Test
    void ovmfWithTheCurrentOptionRomIsTheSameCommandLineAsOvmfWithRomfileEfi() {
        Host cfl = twin.host("cfl-01").orElseThrow();
        List<String> variant = QemuCommandLine.build(cell("coffee-lake", "pc", "ovmf+igd-oprom-current", "legacy"), cfl, PATHS);
        List<String> romfile = QemuCommandLine.build(cell("coffee-lake", "pc", "ovmf", "legacy", "rom=romfile-efi"), cfl, PATHS);

        assertThat(device(variant)).isEqualTo("vfio-pci,host=0000:00:02.0,id=igd,bus=pci.0,addr=02.0"
                + ",romfile=/usr/share/igdlab/roms/IgdAssignmentDxe-067328d.rom");
        assertThat(variant.subList(3, variant.size())).isEqualTo(romfile.subList(3, romfile.size()));
        assertThat(variant).contains("if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd");
    }

    @Test
    void the2018VariantGivesTheBz935RomAndWinsOverRomfileEfi() {
        Host tgl = twin.host("tgl-01").orElseThrow();

        String plain = device(QemuCommandLine.build(cell("tiger-lake", "q35", "ovmf+igd-oprom-2018", "upt"), tgl, PATHS));
        String withRomAxis = device(QemuCommandLine.build(cell("tiger-lake", "q35", "ovmf+igd-oprom-2018", "upt",
                "rom=romfile-efi"), tgl, PATHS));

        assertThat(plain).endsWith(",romfile=/usr/share/igdlab/roms/IgdAssignmentDxe-bz935-2018.rom");
        assertThat(withRomAxis).isEqualTo(plain);
    }

    @Test
    void romNoneWithAnOptionRomFirmwareHidesTheRomWithRombar0() {
        Host tgl = twin.host("tgl-01").orElseThrow();

        String d = device(QemuCommandLine.build(cell("tiger-lake", "q35", "ovmf+igd-oprom-current", "upt", "rom=none"), tgl, PATHS));

        assertThat(d).contains(",rombar=0,romfile=/usr/share/igdlab/roms/IgdAssignmentDxe-067328d.rom");
    }

    @Test
    void aHostWithoutThe2018RomIsRefusedNamingTheVariantAndWhatIsInstalled() throws Exception {
        Inventory lab = InventoryLoader.load(Path.of("../lab-inventory/hosts.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
        Host kbl = lab.host("kbl-nuc7-01").orElseThrow();

        assertThatThrownBy(() -> QemuCommandLine.build(cell("kaby-lake", "pc", "ovmf+igd-oprom-2018", "legacy"), kbl, PATHS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no installed artifact of kind 'efi-oprom' with variant 'igd-assignment-dxe-2018'")
                .hasMessageContaining("firmware ovmf+igd-oprom-2018");
    }

    @Test
    void aHotplugCellStartsWithoutTheIgdAndKeepsItsSlotFree() {
        Host cfl = twin.host("cfl-01").orElseThrow();

        List<String> argv = QemuCommandLine.build(cell("coffee-lake", "pc", "seabios", "legacy", "hotplug=on"), cfl, PATHS);

        assertThat(String.join(" ", argv)).doesNotContain("vfio-pci");
        assertThat(argv).contains("virtio-serial-pci,id=vser0,addr=06.0",
                "file=/var/lib/igdlab/images/debian13-igdlab.qcow2,if=virtio,format=qcow2,readonly=on,snapshot=on,addr=07.0");
    }

    @Test
    void deviceAddCarriesTheSameOptionsAsTheCommandLineWithQmpTypes() {
        Host cfl = twin.host("cfl-01").orElseThrow();
        Cell onCommandLine = cell("coffee-lake", "pc", "ovmf+igd-oprom-current", "upt", "x-igd-opregion=on",
                "x-igd-legacy-mode=off", "x-igd-gms=0x10", "x-vga=off", "rom=none");
        Cell hotplug = cell("coffee-lake", "pc", "ovmf+igd-oprom-current", "upt", "x-igd-opregion=on",
                "x-igd-legacy-mode=off", "x-igd-gms=0x10", "x-vga=off", "rom=none", "hotplug=on");

        ObjectNode args = DeviceAdd.arguments(QemuCommandLine.igdDeviceProperties(hotplug, cfl));

        assertThat(device(QemuCommandLine.build(onCommandLine, cfl, PATHS))).isEqualTo("vfio-pci,host=0000:00:02.0,id=igd,bus=pci.0,"
                + "addr=05.0,x-igd-opregion=on,x-igd-legacy-mode=off,x-igd-gms=0x10,x-vga=off,rombar=0,"
                + "romfile=/usr/share/igdlab/roms/IgdAssignmentDxe-067328d.rom");
        assertThat(args.toString()).isEqualTo("{\"driver\":\"vfio-pci\",\"host\":\"0000:00:02.0\",\"id\":\"igd\",\"bus\":\"pci.0\","
                + "\"addr\":\"05.0\",\"x-igd-opregion\":true,\"x-igd-legacy-mode\":\"off\",\"x-igd-gms\":16,\"x-vga\":false,"
                + "\"rombar\":0,\"romfile\":\"/usr/share/igdlab/roms/IgdAssignmentDxe-067328d.rom\"}");
    }

    @Test
    void deviceAddRefusesABooleanThatIsNotOnOrOff() {
        assertThatThrownBy(() -> DeviceAdd.arguments(Map.of("x-vga", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("device_add x-vga (yes) must be on or off");
    }

    @Test
    void aControlCellHasNoIgdDeviceToAdd() {
        Host cfl = twin.host("cfl-01").orElseThrow();
        Cell control = Cell.control("cfl-01", cfl.generation(), "pc", "seabios", "linux");

        assertThatThrownBy(() -> QemuCommandLine.igdDeviceProperties(control, cfl))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("assigns no IGD");
    }
}
