package org.igdlab.twin.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.guest.GuestAgent;
import org.igdlab.twin.guest.VirtualGuest;
import org.igdlab.twin.igd.FaultedFirmware;
import org.igdlab.twin.igd.FirmwareContext;
import org.igdlab.twin.igd.GuestFirmware;
import org.igdlab.twin.igd.GuestMemory;
import org.igdlab.twin.igd.MachineFamily;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * qemu-system-x86_64 on a twin host: parses the real command line, realizes the machine and its
 * devices (printing QEMU's messages to stderr) and either exits 1 or returns a running process.
 */
public final class VirtualQemu {
    private static final String GUEST_AGENT_PORT = "org.qemu.guest_agent.0";
    private static final String GUEST_KERNEL = "6.12.48+deb13-amd64";
    private static final Set<String> PCI_DEVICES = Set.of("vfio-pci", "virtio-serial-pci", "virtio-blk-pci", "VGA",
            "piix3-usb-uhci", "virtio-net-pci", "virtio-input-host-pci", "qemu-xhci", "virtio-rng-pci", "e1000",
            "virtio-scsi-pci", "pcie-root-port", "pci-bridge", "vfio-pci-igd-lpc-bridge", "virtio-vga", "qxl-vga",
            "ich9-usb-ehci1", "usb-ehci", "virtio-balloon-pci");
    private static final Set<String> OTHER_DEVICES = Set.of("virtserialport", "virtconsole", "isa-debugcon", "usb-tablet",
            "scsi-hd", "ide-hd", "isa-debug-exit", "virtio-serial");
    private static final Set<String> ROOT_BUSES = Set.of("pci.0", "pcie.0");
    private static final Set<String> EMULATED_VGA = Set.of("VGA", "virtio-vga", "qxl-vga");

    private final QemuHost host;
    private final ObjectMapper json;

    public VirtualQemu(QemuHost host, ObjectMapper json) {
        this.host = host;
        this.json = json;
    }

    /** Starts `argv` (argv[0] = the binary, an installed `qemu` artifact) with cwd `cellDir`. */
    public LaunchOutcome launch(int pid, Artifact qemu, List<String> argv, Path cellDir, Path stderrFile) throws java.io.IOException {
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        List<String> stderr = new ArrayList<>();
        try {
            QemuProcess process = realize(pid, program, qemu, argv, cellDir, stderrFile, stderr);
            QemuProcess.append(stderrFile, stderr);
            // the agent's redirect creates the file even when QEMU prints nothing (an IGD it does not detect)
            if (!Files.exists(stderrFile)) Files.createFile(stderrFile);
            if (!process.isPaused()) process.resume();
            return new LaunchOutcome.Running(process);
        } catch (QemuError e) {
            stderr.add(program + ": " + e.getMessage());
            QemuProcess.append(stderrFile, stderr);
            if (!Files.exists(stderrFile)) Files.createFile(stderrFile);
            return new LaunchOutcome.Exited(pid, 1, null);
        } catch (Crash c) {
            QemuProcess.append(stderrFile, stderr);
            if (!Files.exists(stderrFile)) Files.createFile(stderrFile);
            return new LaunchOutcome.Exited(pid, null, c.signal);
        }
    }

    static final class Crash extends Exception {
        final String signal;

        Crash(String signal) {
            super(signal);
            this.signal = signal;
        }
    }

    private QemuProcess realize(int pid, String program, Artifact qemu, List<String> argv, Path cwd, Path stderrFile,
                                List<String> stderr) throws QemuError, Crash {
        QemuCommandLine cmd = QemuCommandLine.parse(argv);
        Machine machine = Machine.from(cmd);
        boolean noDefaults = cmd.flag("nodefaults");
        String vga = cmd.last("vga").map(QemuOption::argument).orElse(noDefaults ? "none" : "std");
        FirmwareChoice firmwares = new FirmwareChoice(host);
        GuestFirmware baseFirmware = firmwares.fromCommandLine(cmd, cwd, qemu);

        Map<String, QemuOpts> chardevs = new HashMap<>();
        for (QemuOption o : cmd.all("chardev")) {
            QemuOpts c = QemuOpts.parse(o.argument(), "backend");
            String id = c.get("id").orElseThrow(() -> new QemuError(o.location() + ": Parameter 'id' is missing"));
            if (chardevs.put(id, c) != null) throw new QemuError(o.location() + ": attempt to add duplicate property '" + id + "' to object (type 'container')");
        }

        PciBus bus = new PciBus();
        List<PciConfigAccess> guestDevices = new ArrayList<>();
        PciAddress hostBridge = new PciAddress(0, 0, 0);
        bus.occupy(hostBridge, "i440FX,id=(null)");
        if (machine.family() == MachineFamily.PC_PIIX) {
            guestDevices.add(new EmulatedFunction(hostBridge, 0x8086, 0x1237, 0x060000, 0x02));
            bus.occupy(new PciAddress(0, 1, 0), "PIIX3,id=(null)");
            guestDevices.add(new EmulatedFunction(new PciAddress(0, 1, 0), 0x8086, 0x7000, 0x060100, 0x00));
        } else {
            guestDevices.add(new EmulatedFunction(hostBridge, 0x8086, 0x29c0, 0x060000, 0x00));
            PciAddress lpc = new PciAddress(0, 0x1f, 0);
            bus.occupy(lpc, "ICH9-LPC,id=(null)");
            guestDevices.add(new EmulatedFunction(lpc, 0x8086, 0x2918, 0x060100, 0x02));
        }
        if (!vga.equals("none")) {
            if (!Set.of("std", "cirrus", "virtio", "qxl").contains(vga)) throw new QemuError("-vga " + vga + ": unknown vga type");
            PciAddress at = bus.place(0, Optional.empty(), "VGA", "VGA,id=(null)");
            guestDevices.add(new EmulatedFunction(at, 0x1234, 0x1111, 0x030000, 0x02));
        }

        Map<String, QemuOpts> devices = new java.util.LinkedHashMap<>();
        List<QemuOption> deviceOptions = cmd.all("device");
        for (int i = 0; i < deviceOptions.size(); i++) {
            QemuOpts d = QemuOpts.parse(deviceOptions.get(i).argument(), "driver");
            devices.put(d.get("id").orElse("#" + i), d);
        }
        for (QemuOption set : cmd.all("set")) applySet(set, devices);

        for (QemuOption drive : cmd.all("drive")) checkDrive(drive, cwd);
        Optional<Path> debugcon = Optional.empty();
        Optional<String> guestAgentPath = Optional.empty();
        List<VfioIgdRealizer.PendingVfio> vfio = new ArrayList<>();
        int index = 0;
        for (QemuOpts d : devices.values()) {
            String location = "-device " + deviceOptions.get(index++).argument();
            String driver = d.get("driver").orElseThrow(() -> new QemuError(location + ": Parameter 'driver' is missing"));
            if (!PCI_DEVICES.contains(driver) && !OTHER_DEVICES.contains(driver)) {
                throw new QemuError(location + ": '" + driver + "' is not a valid device model name");
            }
            try {
                if (PCI_DEVICES.contains(driver)) {
                    Optional<String> busName = d.get("bus");
                    boolean root = busName.isEmpty() || ROOT_BUSES.contains(busName.get());
                    PciAddress at = bus.place(root ? 0 : 1, d.get("addr"), driver, driver + ",id=" + d.get("id").orElse("(null)"));
                    if (driver.equals("vfio-pci")) {
                        vfio.add(new VfioIgdRealizer.PendingVfio(location, d, at, root));
                    } else if (driver.equals("vfio-pci-igd-lpc-bridge") && !at.equals(new PciAddress(0, 0x1f, 0))) {
                        throw new QemuError("VFIO dummy ISA/LPC bridge must have address 1f.0");
                    } else if (driver.equals("VGA")) {
                        // hw/display/vga-pci.c: the Bochs/QEMU stdvga, PCI 1234:1111, class 0300, revision 2
                        // (the same function -vga std puts at the first free slot)
                        guestDevices.add(new EmulatedFunction(at, 0x1234, 0x1111, 0x030000, 0x02));
                    } else {
                        guestDevices.add(new EmulatedFunction(at, 0x1af4, 0x1000, 0x078000, 0x01));
                    }
                } else if (driver.equals("virtserialport") && d.get("name").orElse("").equals(GUEST_AGENT_PORT)) {
                    guestAgentPath = Optional.of(socketPath(chardev(chardevs, d, location), cwd, location));
                } else if (driver.equals("isa-debugcon")) {
                    debugcon = Optional.of(filePath(chardev(chardevs, d, location), cwd, location));
                }
            } catch (QemuError e) {
                throw new QemuError(location + ": " + e.getMessage());
            }
        }

        Map<String, byte[]> fwCfg = new HashMap<>();
        VfioIgdRealizer vfioRealizer = new VfioIgdRealizer(host);
        List<VfioIgdRealizer.GttWatch> gttWatches = new ArrayList<>();
        List<VfioIgdRealizer.IgdDisplay> displays = new ArrayList<>();
        boolean otherVga = !vga.equals("none") || devices.values().stream()
                .anyMatch(d -> EMULATED_VGA.contains(d.get("driver").orElse("")));
        for (VfioIgdRealizer.PendingVfio v : vfio) {
            vfioRealizer.realize(v, qemu, machine, bus, guestDevices, fwCfg, stderr, program, otherVga, displays)
                    .ifPresent(gttWatches::add);
        }

        GuestFirmware firmware = new FaultedFirmware(firmwares.withOptionRoms(baseFirmware, vfio, cwd), host.faults());
        GuestMemory memory = new GuestMemory(machine.lowRamTop(), machine.ramBytes());
        VirtualGuest guest = bootsWindows(cmd, cwd) ? VirtualGuest.windows(guestDevices)
                : new VirtualGuest(guestDevices, GUEST_KERNEL, memory, fwCfg);
        Optional<Path> serial = Optional.empty();
        for (QemuOption s : cmd.all("serial")) {
            String spec = s.argument();
            if (spec.startsWith("file:")) serial = Optional.of(cwd.resolve(spec.substring(5)));
            else if (spec.startsWith("chardev:")) {
                QemuOpts c = chardevs.get(spec.substring(8));
                if (c == null) throw new QemuError(s.location() + ": chardev: '" + spec.substring(8) + "' not found");
                if (c.get("backend").orElse("").equals("file")) serial = Optional.of(filePath(c, cwd, s.location()));
            }
        }

        List<String> sockets = new ArrayList<>();
        for (QemuOption q : cmd.all("qmp")) {
            QemuOpts spec = QemuOpts.parse(q.argument(), "spec");
            String s = spec.get("spec").orElse("");
            if (!s.startsWith("unix:")) throw new QemuError(q.location() + ": twin supports only unix: QMP sockets");
            sockets.add(cwd.resolve(s.substring(5)).normalize().toString());
        }
        for (QemuOption m : cmd.all("mon")) {
            QemuOpts mon = QemuOpts.parse(m.argument(), "chardev");
            if (!mon.get("mode").orElse("readline").equals("control")) continue;
            QemuOpts c = chardevs.get(mon.get("chardev").orElse(""));
            if (c == null) throw new QemuError(m.location() + ": Chardev '" + mon.get("chardev").orElse("") + "' not found");
            sockets.add(socketPath(c, cwd, m.location()));
        }
        String qgaSocket = guestAgentPath.orElse(null);
        List<String> all = new ArrayList<>(sockets);
        if (qgaSocket != null) all.add(qgaSocket);

        FirmwareContext fwContext = new FirmwareContext(fwCfg, guestDevices, machine.lowRamTop(), memory);
        QemuProcess process = new QemuProcess(pid, program, qemu.version(), host, guest, firmware, fwContext, all, stderrFile,
                serial, debugcon, cmd.flag("S"), gttWatches, displays.stream().findFirst());
        DeviceHotplug hotplug = new DeviceHotplug(vfioRealizer, qemu, machine, bus, guest, program, stderrFile, host);
        for (String s : sockets) host.listen(s, new QmpServer(process, json, hotplug));
        if (qgaSocket != null) host.listen(qgaSocket, new GuestAgentChardev(new GuestAgent(guest, json, qemu.version()), json));
        return process;
    }

    /** Whether a drive holds a guest image whose artifact says {@code os: windows} (else the guest is Linux). */
    private boolean bootsWindows(QemuCommandLine cmd, Path cwd) {
        for (QemuOption drive : cmd.all("drive")) {
            Optional<String> file = QemuOpts.parse(drive.argument(), null).get("file");
            if (file.isPresent() && host.identify(cwd.resolve(file.get()))
                    .filter(a -> a.kind().equals("guest-image") && a.os().equals("windows")).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private void checkDrive(QemuOption drive, Path cwd) throws QemuError {
        QemuOpts d = QemuOpts.parse(drive.argument(), null);
        Optional<String> file = d.get("file");
        if (file.isPresent() && !Files.isRegularFile(cwd.resolve(file.get()))) {
            throw new QemuError(drive.location() + ": Could not open '" + file.get() + "': No such file or directory");
        }
        // Fault guest-image-corrupt: the guest image's qcow2 header is damaged, so block/qcow2.c's
        // qcow2_open refuses it (bad magic) before any device is realized; every VM of this host dies.
        if (file.isPresent() && host.faults().has(Fault.GUEST_IMAGE_CORRUPT) && d.get("format").orElse("").equals("qcow2")
                && host.identify(cwd.resolve(file.get())).map(a -> a.kind().equals("guest-image")).orElse(false)) {
            throw new QemuError(drive.location() + ": Image is not in qcow2 format");
        }
    }

    private static void applySet(QemuOption set, Map<String, QemuOpts> devices) throws QemuError {
        var m = java.util.regex.Pattern.compile("^device\\.([^.]+)\\.([^=]+)=(.*)$").matcher(set.argument());
        if (!m.matches()) throw new QemuError(set.location() + ": igdlab twin: only -set device.ID.PROP=VALUE is modelled");
        QemuOpts d = devices.get(m.group(1));
        if (d == null) throw new QemuError(set.location() + ": there is no device \"" + m.group(1) + "\" defined");
        devices.put(m.group(1), d.with(m.group(2), m.group(3)));
    }

    private static QemuOpts chardev(Map<String, QemuOpts> chardevs, QemuOpts device, String location) throws QemuError {
        String id = device.get("chardev").orElseThrow(() -> new QemuError("Property 'chardev' is required"));
        QemuOpts c = chardevs.get(id);
        if (c == null) throw new QemuError("Property '" + device.get("driver").orElse("") + ".chardev' can't find value '" + id + "'");
        return c;
    }

    private static String socketPath(QemuOpts chardev, Path cwd, String location) throws QemuError {
        if (!chardev.get("backend").orElse("").equals("socket") || chardev.get("path").isEmpty()) {
            throw new QemuError("igdlab twin: chardev '" + chardev.get("id").orElse("") + "' must be a unix socket (socket,path=…)");
        }
        return cwd.resolve(chardev.get("path").get()).normalize().toString();
    }

    private static Path filePath(QemuOpts chardev, Path cwd, String location) throws QemuError {
        if (!chardev.get("backend").orElse("").equals("file") || chardev.get("path").isEmpty()) {
            throw new QemuError("igdlab twin: chardev '" + chardev.get("id").orElse("") + "' must be a file (file,path=…)");
        }
        return cwd.resolve(chardev.get("path").get()).normalize();
    }
}
