package org.igdlab.runner.realtier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.igdlab.runner.qemu.QemuCommandLine;

/**
 * The QEMU argument vector of a control cell: an emulated VGA at 00:02.0 where a lab cell would
 * assign the IGD, the control guest booted with -kernel/-initrd, QMP and the guest agent on unix
 * sockets in the cell directory, the serial console in a file there. TCG only (no -enable-kvm).
 * Test-only: the runner's own QemuCommandLine builds the lab's cells, control cells included, from
 * inventory artifacts (a guest image, KVM); this tier boots a kernel and initramfs under TCG, so it
 * keeps its own argv and shares only the control device, {@link QemuCommandLine#controlVga}.
 */
record ControlCellCommandLine(String qemuBinary, Machine machine, Firmware firmware, String cellDir, String kernel,
        String initramfs, List<String> kernelFlags) {

    enum Machine {
        PC("pc"), Q35("q35");

        final String qemuName;

        Machine(String qemuName) {
            this.qemuName = qemuName;
        }
    }

    /** SeaBIOS as {@code -bios}; OVMF as two pflash drives, code read-only and a per-cell copy of the vars. */
    sealed interface Firmware {
        String label();
    }

    record SeaBios(String biosBin) implements Firmware {
        @Override
        public String label() {
            return "seabios";
        }
    }

    record Ovmf(String code, String varsCopy) implements Firmware {
        @Override
        public String label() {
            return "ovmf";
        }
    }

    /** The kernel flag the control guest's init reads to leave qemu-ga unstarted. */
    static final String NO_GUEST_AGENT = "igdlab.noqga";

    ControlCellCommandLine {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(firmware, "firmware");
        kernelFlags = List.copyOf(kernelFlags);
        List<String> paths = new ArrayList<>(List.of(qemuBinary, cellDir, kernel, initramfs));
        if (firmware instanceof Ovmf o) {
            paths.addAll(List.of(o.code(), o.varsCopy()));
        }
        for (String s : paths) {
            if (s.isEmpty() || s.contains(",") || s.contains("\n")) {
                throw new IllegalArgumentException("path (" + s + ") must be non-empty, without ',' or newline");
            }
        }
    }

    String qmpSocket() {
        return cellDir + "/qmp.sock";
    }

    String guestAgentSocket() {
        return cellDir + "/qga.sock";
    }

    String serialLog() {
        return cellDir + "/serial.log";
    }

    List<String> argv() {
        List<String> a = new ArrayList<>(List.of(qemuBinary,
                "-machine", machine.qemuName, "-m", "512", "-smp", "1", "-nodefaults", "-display", "none",
                "-device", QemuCommandLine.controlVga(machine.qemuName),
                "-kernel", kernel, "-initrd", initramfs,
                "-append", String.join(" ", appendLine()),
                "-qmp", "unix:" + qmpSocket() + ",server=on,wait=off",
                "-chardev", "socket,id=qga0,path=" + guestAgentSocket() + ",server=on,wait=off",
                "-device", "virtio-serial-pci",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
                "-serial", "file:" + serialLog()));
        if (firmware instanceof SeaBios s) {
            a.addAll(List.of("-bios", s.biosBin()));
        } else if (firmware instanceof Ovmf o) {
            a.addAll(List.of("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + o.code(),
                    "-drive", "if=pflash,format=raw,unit=1,file=" + o.varsCopy()));
        }
        return a;
    }

    private List<String> appendLine() {
        List<String> words = new ArrayList<>(List.of("console=tty0", "console=ttyS0", "quiet"));
        words.addAll(kernelFlags);
        return words;
    }
}
