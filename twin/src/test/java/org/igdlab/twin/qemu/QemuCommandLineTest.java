package org.igdlab.twin.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.igdlab.twin.igd.MachineFamily;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    static final Path FIXTURE = Path.of("src/test/resources/realworld/qemu-cmdline-kabylake-legacy-seabios-01.txt");

    @Test
    void readsQemuOptsWithAnImpliedDriverAndDoubledCommas() {
        QemuOpts d = QemuOpts.parse("vfio-pci,host=0000:00:02.0,romfile=/roms/a,,b.rom,x-igd-opregion=on", "driver");
        assertThat(d.get("driver")).contains("vfio-pci");
        assertThat(d.get("host")).contains("0000:00:02.0");
        assertThat(d.get("romfile")).contains("/roms/a,b.rom");
        assertThat(d.get("x-igd-opregion")).contains("on");
    }

    @Test
    void readsBareFlagsAsOnAndNoPrefixedFlagsAsOff() throws QemuError {
        QemuOpts c = QemuOpts.parse("socket,id=charmonitor,fd=25,server,nowait", "backend");
        assertThat(c.bool("server")).contains(true);
        assertThat(c.bool("wait")).contains(false);
    }

    @Test
    void acceptsEveryQemuSpellingOfABool() throws QemuError {
        QemuOpts o = QemuOpts.parse("a=on,b=yes,c=true,d=off,e=no,f=false", null);
        assertThat(List.of(o.bool("a"), o.bool("b"), o.bool("c"))).allMatch(v -> v.orElseThrow());
        assertThat(List.of(o.bool("d"), o.bool("e"), o.bool("f"))).noneMatch(v -> v.orElseThrow());
        assertThatThrownBy(() -> QemuOpts.parse("x-igd-opregion=maybe", null).bool("x-igd-opregion"))
                .hasMessage("Parameter 'x-igd-opregion' expects 'on' or 'off'");
    }

    @Test
    void refusesAnUnknownOptionTheWayQemuDoes() {
        assertThatThrownBy(() -> QemuCommandLine.parse(List.of("/usr/bin/qemu-system-x86_64", "-foo", "bar")))
                .isInstanceOf(QemuError.class).hasMessage("-foo: invalid option");
        assertThatThrownBy(() -> QemuCommandLine.parse(List.of("/usr/bin/qemu-system-x86_64", "-m")))
                .hasMessage("-m: requires an argument");
    }

    @Test
    void readsMachineFamiliesAndMemorySizes() throws QemuError {
        Machine pc = Machine.from(QemuCommandLine.parse(List.of("q", "-M", "pc-i440fx-9.2,accel=kvm", "-m", "4G")));
        assertThat(pc.family()).isEqualTo(MachineFamily.PC_PIIX);
        assertThat(pc.ramBytes()).isEqualTo(4L << 30);
        assertThat(pc.lowRamTop()).isEqualTo(0xC000_0000L);
        Machine q35 = Machine.from(QemuCommandLine.parse(List.of("q", "-machine", "type=pc-q35-10.1", "-m", "size=2048")));
        assertThat(q35.family()).isEqualTo(MachineFamily.Q35);
        assertThat(q35.lowRamTop()).isEqualTo(2048L << 20);
        assertThat(Machine.from(QemuCommandLine.parse(List.of("q"))).family()).isEqualTo(MachineFamily.PC_PIIX);
        assertThatThrownBy(() -> Machine.from(QemuCommandLine.parse(List.of("q", "-machine", "virt"))))
                .hasMessageStartingWith("unsupported machine type: \"virt\"");
    }

    @Test
    void parsesTheRealWorldKabyLakeLegacyCommandLine() throws IOException, QemuError {
        List<String> argv = fixtureArgv();
        QemuCommandLine cmd = QemuCommandLine.parse(argv);

        assertThat(cmd.binary()).isEqualTo("/usr/bin/qemu-kvm.igd");
        assertThat(Machine.from(cmd).family()).isEqualTo(MachineFamily.PC_PIIX);
        assertThat(Machine.from(cmd).type()).isEqualTo("pc-i440fx-2.11");
        assertThat(Machine.from(cmd).ramBytes()).isEqualTo(6413L << 20);
        assertThat(cmd.flag("nodefaults")).isTrue();
        assertThat(cmd.flag("S")).isTrue();
        assertThat(cmd.last("bios").orElseThrow().argument()).isEqualTo("/usr/share/seabios/bios.bin");

        QemuOpts igd = cmd.all("device").stream().map(o -> QemuOpts.parse(o.argument(), "driver"))
                .filter(d -> d.get("id").orElse("").equals("hostdev0")).findFirst().orElseThrow();
        assertThat(igd.get("driver")).contains("vfio-pci");
        assertThat(igd.get("host")).contains("00:02.0");
        assertThat(igd.get("addr")).contains("0x2");
        assertThat(igd.get("bus")).contains("pci.0");
        assertThat(igd.get("rombar")).contains("0");
        assertThat(igd.get("romfile")).contains("/data/ROOT/templates/romIgd.03441V");
        assertThat(cmd.all("set")).extracting(QemuOption::argument).containsExactly("device.hostdev0.x-igd-gms=1");
        assertThat(cmd.all("device")).hasSize(14);
    }

    /**
     * The libvirt log's argv: the block between the binary and `-msg timestamp=on`, with the mail
     * client's wrapping undone (a line ending in a backslash continues). The reporter's
     * custom-argv words in single quotes are split at their spaces, as libvirt passed them.
     */
    static List<String> fixtureArgv() throws IOException {
        List<String> lines = Files.readAllLines(FIXTURE);
        int start = lines.indexOf("/usr/bin/qemu-kvm.igd \\");
        int end = lines.indexOf("-msg timestamp=on");
        StringBuilder joined = new StringBuilder();
        for (String line : lines.subList(start, end + 1)) {
            String l = line.endsWith("\\") ? line.substring(0, line.length() - 1) : line;
            joined.append(l).append(' ');
        }
        List<String> argv = new ArrayList<>(Arrays.asList(joined.toString().replace("'", "").trim().split("\\s+")));
        assertThat(argv).doesNotContain("\\");
        return argv;
    }
}
