package org.igdlab.twin.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.igdlab.twin.guest.VirtualGuest;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * QMP {@code device_add} of the host IGD into a running twin QEMU. The device is realized like a
 * {@code -device vfio-pci} but hotplugged, which the IGD code sees (igd-model.md §2.3 step 2, §7.1
 * row "hotplugged IGD": a warning, no fw_cfg files, every register the host's), and the guest
 * sees it from then on. Firmware has already run, so nothing it would have written is written.
 * Only the root buses modelled are i440fx's {@code pci.0} (ACPI hotplug) and q35's {@code pcie.0},
 * which takes no hotplug.
 */
final class DeviceHotplug {
    private final VfioIgdRealizer realizer;
    private final Artifact qemu;
    private final Machine machine;
    private final PciBus bus;
    private final VirtualGuest guest;
    private final String program;
    private final Path stderrFile;
    private final QemuHost host;

    DeviceHotplug(VfioIgdRealizer realizer, Artifact qemu, Machine machine, PciBus bus, VirtualGuest guest, String program,
                  Path stderrFile, QemuHost host) {
        this.host = host;
        this.realizer = realizer;
        this.qemu = qemu;
        this.machine = machine;
        this.bus = bus;
        this.guest = guest;
        this.program = program;
        this.stderrFile = stderrFile;
    }

    /** Adds the device; the QMP error's description when QEMU would refuse, else empty. */
    synchronized Optional<String> add(JsonNode arguments) {
        String driver = arguments.path("driver").asText("");
        if (driver.isEmpty()) return Optional.of("Parameter 'driver' is missing");
        if (!driver.equals("vfio-pci")) return Optional.of("igdlab twin: only vfio-pci can be hot-added, not '" + driver + "'");
        QemuOpts opts = QemuOpts.parse(optionText(arguments), "driver");
        String busName = opts.get("bus").orElse(machine.family() == org.igdlab.twin.igd.MachineFamily.PC_PIIX ? "pci.0" : "pcie.0");
        if (busName.equals("pcie.0")) return Optional.of("Bus 'pcie.0' does not support hotplugging");
        if (!busName.equals("pci.0")) return Optional.of("Bus '" + busName + "' not found");
        List<String> stderr = new ArrayList<>();
        List<PciConfigAccess> added = new ArrayList<>();
        List<VfioIgdRealizer.IgdDisplay> displays = new ArrayList<>();
        try {
            PciAddress at = bus.place(0, opts.get("addr"), driver, driver + ",id=" + opts.get("id").orElse("(null)"));
            realizer.realize(new VfioIgdRealizer.PendingVfio("", opts, at, true), qemu, machine, bus, added,
                    new HashMap<>(), stderr, program, false, displays, true);
        } catch (QemuError e) {
            QemuProcess.append(stderrFile, stderr);
            return Optional.of(e.getMessage());
        } catch (VirtualQemu.Crash c) {
            QemuProcess.append(stderrFile, stderr);
            return Optional.of("igdlab twin: the device's realize crashed QEMU (" + c.signal + ")");
        }
        QemuProcess.append(stderrFile, stderr);
        added.forEach(guest::hotAdd);
        // the guest's drivers probe the new device (no early quirk: that ran at boot, without it)
        displays.forEach(d -> guest.driversProbedAfterHotplug(d.hostAsls(),
                d.igd().hostFirmwareValue(org.igdlab.twin.igd.IgdRegisters.GGC, 2), host.displayConnected(), host.faults()));
        return Optional.empty();
    }

    /** The arguments as -device option text: JSON booleans read on/off, commas in values doubled. */
    private static String optionText(JsonNode arguments) {
        StringBuilder b = new StringBuilder();
        Map<String, String> props = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            props.put(e.getKey(), v.isBoolean() ? (v.asBoolean() ? "on" : "off") : v.asText());
        }
        b.append(props.remove("driver").replace(",", ",,"));
        props.forEach((k, v) -> b.append(',').append(k).append('=').append(v.replace(",", ",,")));
        return b.toString();
    }
}
