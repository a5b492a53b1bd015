package org.igdlab.runner.realtier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.igdlab.runner.realtier.ControlCellCommandLine.Machine;
import org.igdlab.runner.realtier.ControlCellCommandLine.Ovmf;
import org.igdlab.runner.realtier.ControlCellCommandLine.SeaBios;
import org.junit.jupiter.api.Test;

class ControlCellCommandLineTest {

    private static final String CELL = "/lab/cells/c1";

    @Test
    void aSeabiosCellPutsTheEmulatedVgaAt02AndItsSocketsAndSerialLogInTheCellDirectory() {
        List<String> argv = new ControlCellCommandLine("/usr/bin/qemu-system-x86_64", Machine.PC,
                new SeaBios("/usr/share/seabios/bios.bin"), CELL, "/g/vmlinuz", "/g/initramfs.cpio.gz", List.of()).argv();
        assertThat(argv.get(0)).isEqualTo("/usr/bin/qemu-system-x86_64");
        assertThat(String.join(" ", argv))
                .contains("-machine pc -m 512 -smp 1 -nodefaults -display none -device VGA,id=vga,bus=pci.0,addr=02.0")
                .contains("-qmp unix:/lab/cells/c1/qmp.sock,server=on,wait=off")
                .contains("-chardev socket,id=qga0,path=/lab/cells/c1/qga.sock,server=on,wait=off")
                .contains("-device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0")
                .contains("-serial file:/lab/cells/c1/serial.log")
                .endsWith("-bios /usr/share/seabios/bios.bin")
                .doesNotContain("kvm");
        assertThat(argv).containsSequence("-append", "console=tty0 console=ttyS0 quiet");
    }

    @Test
    void anOvmfCellBootsFromReadOnlyCodeAndItsOwnCopyOfTheVars() {
        List<String> argv = new ControlCellCommandLine("/usr/bin/qemu-system-x86_64", Machine.Q35,
                new Ovmf("/usr/share/OVMF/OVMF_CODE_4M.fd", CELL + "/ovmf-vars.fd"), CELL, "/g/vmlinuz", "/g/i.gz",
                List.of(ControlCellCommandLine.NO_GUEST_AGENT)).argv();
        assertThat(argv).containsSequence("-machine", "q35")
                .containsSequence("-device", "VGA,id=vga,bus=pcie.0,addr=02.0")
                .containsSequence("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd")
                .containsSequence("-drive", "if=pflash,format=raw,unit=1,file=/lab/cells/c1/ovmf-vars.fd")
                .containsSequence("-append", "console=tty0 console=ttyS0 quiet igdlab.noqga")
                .doesNotContain("-bios");
    }

    @Test
    void aPathWithACommaIsRefusedBecauseQemuWouldSplitTheOptionThere() {
        assertThatThrownBy(() -> new ControlCellCommandLine("/usr/bin/qemu-system-x86_64", Machine.PC,
                new SeaBios("/b.bin"), "/lab/cells/a,b", "/k", "/i", List.of()))
                .hasMessageContaining("/lab/cells/a,b");
    }
}
