package org.igdlab.twin.qemu;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.display.DisplayWiring;
import org.igdlab.twin.igd.AssignedIgd;
import org.igdlab.twin.igd.Diagnostic;
import org.igdlab.twin.igd.GttTrap;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.IgdAssignment;
import org.igdlab.twin.igd.IgdOptions;
import org.igdlab.twin.igd.IgdQuirk;
import org.igdlab.twin.igd.OnOffAuto;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.igd.PciConfigAccess;
import org.igdlab.twin.igd.QuirkOutcome;
import org.igdlab.twin.igd.VfioPciIgdOpen;

/**
 * Realizes one `-device vfio-pci` of the host IGD: the host device must exist and be bound to
 * vfio-pci; then the QEMU band's IGD quirk decides, and its messages go to stderr. A band A/B legacy
 * device comes back with its GTT trap, which fires after firmware POST.
 */
final class VfioIgdRealizer {
    private final QemuHost host;

    VfioIgdRealizer(QemuHost host) {
        this.host = host;
    }

    record PendingVfio(String location, QemuOpts opts, PciAddress at, boolean root) { }

    /** A band A/B legacy IGD whose GTT writes QEMU traps once the guest's VBIOS runs. */
    record GttWatch(AssignedIgd igd, GttTrap trap) { }

    /** The realized IGD as the twin's display output sees it: its wiring and the host's ASLS. */
    record IgdDisplay(AssignedIgd igd, DisplayWiring wiring, long hostAsls) { }

    Optional<GttWatch> realize(PendingVfio v, Artifact qemu, Machine machine, PciBus bus, List<PciConfigAccess> guestDevices,
                             Map<String, byte[]> fwCfg, List<String> stderr, String program, boolean otherVga,
                             List<IgdDisplay> displays) throws QemuError, VirtualQemu.Crash {
        return realize(v, qemu, machine, bus, guestDevices, fwCfg, stderr, program, otherVga, displays, false);
    }

    /**
     * {@code hotplugged}: the device comes from QMP device_add into a running VM, which the IGD code
     * sees as {@code DeviceState.hotplugged} (igd-model.md §2.3 step 2); such a request has no
     * command-line location, so its messages read {@code program: warning: …}.
     */
    Optional<GttWatch> realize(PendingVfio v, Artifact qemu, Machine machine, PciBus bus, List<PciConfigAccess> guestDevices,
                             Map<String, byte[]> fwCfg, List<String> stderr, String program, boolean otherVga,
                             List<IgdDisplay> displays, boolean hotplugged) throws QemuError, VirtualQemu.Crash {
        String where = v.location().isEmpty() ? "" : v.location() + ": ";
        String hostText = v.opts().get("host").orElseThrow(() -> new QemuError(where
                + "No provided host device - Use -device vfio-pci,host=DDDD:BB:DD.F or -device vfio-pci,sysfsdev=PATH_TO_DEVICE"));
        PciAddress hostAddress;
        try {
            hostAddress = PciAddress.parseBdf(hostText);
        } catch (IllegalArgumentException e) {
            throw new QemuError(where + "Property 'vfio-pci.host' doesn't take value '" + hostText + "'");
        }
        IgdQuirk quirk = IgdQuirk.forQemuVersion(qemu.version()).orElseThrow(() -> new QemuError(where + "vfio "
                + hostAddress.fullForm() + ": igdlab twin: the IGD behaviour of QEMU " + qemu.version()
                + " is not modelled yet (only 2.7 and later)"));
        String prefix = where + quirk.errorPrefix(hostAddress);
        HostIgd bound = host.pciDevice(hostAddress)
                .orElseThrow(() -> new QemuError(prefix + "no such host device: No such file or directory"));
        if (!"vfio-pci".equals(host.driverOf(hostAddress))) {
            throw new QemuError(prefix + "group 0 is not viable\nPlease ensure all devices within the iommu_group are bound to their vfio bus driver.");
        }
        VfioPciIgdOpen.Result opened = VfioPciIgdOpen.open(host.hostKernelRelease(), bound);
        if (opened instanceof VfioPciIgdOpen.Result.Failed f) {
            f.dmesg().forEach(host::dmesg);
            throw new QemuError(prefix + "error getting device from group 0: " + f.strerror()
                    + "\nVerify all devices in group 0 are bound to vfio-<bus> or pci-stub and not already in use");
        }
        HostIgd igd = ((VfioPciIgdOpen.Result.Opened) opened).device();
        IgdOptions options;
        try {
            options = options(v.opts(), quirk, hotplugged);
        } catch (QemuError e) {
            throw new QemuError(where + e.getMessage());
        }
        if (options.xVga() && !igd.vgaRegion()) {
            throw new QemuError(prefix + "failed getting region info for VGA region index 8: Invalid argument\n"
                    + "device does not support requested feature x-vga");
        }
        PciAddress lpcSlot = new PciAddress(0, 0x1f, 0);
        boolean lpcSlotForeign = bus.occupant(lpcSlot).filter(o -> !o.startsWith("vfio-pci-igd-lpc-bridge,")).isPresent();
        IgdAssignment assignment = new IgdAssignment(igd, options, machine.family(), v.at(), v.root(), lpcSlotForeign, host.faults());
        QuirkOutcome outcome = quirk.realize(assignment);
        for (Diagnostic d : outcome.diagnostics()) stderr.add(program + ": " + where + d.render());
        if (outcome instanceof QuirkOutcome.Refused r) throw new QemuError(prefix + r.error());
        if (outcome instanceof QuirkOutcome.Crashed c) {
            c.programLines().forEach(l -> stderr.add(program + ": " + l));
            throw new VirtualQemu.Crash(c.signal());
        }
        QuirkOutcome.Realized r = (QuirkOutcome.Realized) outcome;
        for (var file : r.fwCfg().entrySet()) {
            if (fwCfg.put(file.getKey(), file.getValue()) != null) throw new QemuError("duplicate fw_cfg file name: " + file.getKey());
        }
        AssignedIgd assigned = new AssignedIgd(igd, r.emulations(), v.at());
        guestDevices.add(assigned);
        if (r.lpcBridge().isPresent() && !bus.occupant(lpcSlot).isPresent()) {
            var lpc = r.lpcBridge().get();
            bus.occupy(lpcSlot, "vfio-pci-igd-lpc-bridge,id=(null)");
            guestDevices.add(new EmulatedFunction(lpcSlot, lpc.vendorId(), lpc.deviceId(), 0x060100, lpc.revision()));
        }
        DisplayWiring wiring = wiring(v, igd, options, r, otherVga);
        displays.add(new IgdDisplay(assigned, wiring, igd.hardware().read(0xfc, 4)));
        // The trap fires on the VBIOS's GTT writes (igd-model.md §2.8 A/B "Hardware error", F6): without
        // the host's VBIOS in the guest's ROM BAR (rombar=0, or an EFI-only romfile) no VBIOS runs.
        return r.gttTrap().filter(t -> wiring.vbiosRom()).map(t -> new GttWatch(assigned, t));
    }

    /**
     * What pre-OS output depends on (igd-model.md §1, §1.1, §2.7). Whether legacy mode took effect
     * is what QEMU printed: "IGD legacy mode enabled" without a later "legacy mode disabled".
     */
    private static DisplayWiring wiring(PendingVfio v, HostIgd igd, IgdOptions options, QuirkOutcome.Realized r, boolean otherVga) {
        boolean legacy = r.diagnostics().stream().anyMatch(d -> d.text().startsWith("IGD legacy mode enabled"))
                && r.diagnostics().stream().noneMatch(d -> d.text().contains("legacy mode disabled"));
        boolean primary = v.root() && v.at().equals(PciAddress.IGD) && !otherVga;
        boolean vbios = !options.romfile() && !v.opts().get("rombar").orElse("-1").equals("0") && igd.romSize() > 0;
        return new DisplayWiring(primary, vbios, options.xVga() || legacy, r.lpcBridge().isPresent() || legacy);
    }

    private IgdOptions options(QemuOpts d, IgdQuirk quirk, boolean hotplugged) throws QemuError {
        for (String name : List.of("x-igd-legacy-mode", "x-igd-lpc")) {
            if (d.get(name).isPresent() && !quirk.hasProperty(name)) throw new QemuError("Property 'vfio-pci." + name + "' not found");
        }
        OnOffAuto legacy = switch (d.get("x-igd-legacy-mode").orElse("auto")) {
            case "on" -> OnOffAuto.ON;
            case "off" -> OnOffAuto.OFF;
            case "auto" -> OnOffAuto.AUTO;
            default -> throw new QemuError("Parameter 'x-igd-legacy-mode' does not accept value '" + d.get("x-igd-legacy-mode").get() + "'");
        };
        long gms;
        String gmsText = d.get("x-igd-gms").orElse("0");
        try {
            gms = gmsText.startsWith("0x") ? Long.parseLong(gmsText.substring(2), 16) : Long.parseLong(gmsText);
        } catch (NumberFormatException e) {
            throw new QemuError("Parameter 'x-igd-gms' expects uint32_t");
        }
        Optional<String> romfile = d.get("romfile");
        if (romfile.isPresent() && romfile.get().startsWith("/") && !Files.exists(host.path(romfile.get()))) {
            throw new QemuError("failed to find romfile \"" + romfile.get() + "\"");
        }
        // mutation opregion-default-off: the 10.1+ default (on) reverts to the older bands' off
        boolean opregionByDefault = quirk.opregionByDefault() && !host.faults().has(Fault.OPREGION_DEFAULT_OFF);
        return new IgdOptions(legacy, d.bool("x-igd-opregion").orElse(opregionByDefault), d.bool("x-igd-lpc").orElse(false), gms,
                romfile.isPresent() && !romfile.get().isEmpty(), d.bool("x-vga").orElse(false), hotplugged);
    }

}
