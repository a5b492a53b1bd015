package org.igdlab.twin.igd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `vfio_probe_igd_config_quirk()` of QEMU 10.0 (band C; igd-model.md §1.1, §2.5, §2.8 C, §2.9 C,
 * §7.2, §8.1 H2/H3). Quirks are decoupled from legacy mode: every Intel VGA-class device with a
 * known generation (6–12) gets GGC (host value or x-igd-gms) and BDSM emulated and
 * etc/igd-bdsm-size, at any address on any machine. The OpRegion (and with it ASLS emulation) only
 * with `x-igd-opregion=on` or legacy mode; otherwise the guest reads the host ASLS. A gen −1
 * device gets one error line and nothing else. No "OpRegion detected" line in this release.
 */
final class Qemu100IgdQuirk implements IgdQuirk {
    private final GenerationTable generations;

    Qemu100IgdQuirk(GenerationTable generations) {
        this.generations = generations;
    }

    @Override
    public QuirkOutcome realize(IgdAssignment a) {
        HostIgd host = a.host();
        List<Diagnostic> diags = new ArrayList<>();
        if (!host.intel() || !host.vgaClass()) return QuirkOutcome.Realized.untouched(diags);
        int gen = generations.generationOf(host.deviceId());
        if (gen == -1) {
            diags.add(Diagnostic.error("IGD device " + host.hostAddress().fullForm() + " is unsupported in legacy mode, try SandyBridge or newer"));
            return QuirkOutcome.Realized.untouched(diags);
        }
        long gmch = host.hardware().read(IgdRegisters.GGC, 4);
        boolean opregion = a.options().opregion();
        boolean lpc = a.options().lpc();
        OnOffAuto mode = a.options().legacyMode();
        boolean legacy = mode != OnOffAuto.OFF && a.machine() == MachineFamily.PC_PIIX && a.atRootIgdSlot();
        if (legacy) {
            diags.add(Diagnostic.info("IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted."));
            if (host.romSize() == 0 && !a.options().romfile()) return legacyFailed(diags, mode, "Device has no ROM");
            boolean ivdClear = (gmch & 0x2) == 0;
            // H2: vfio_populate_vga() has already set the Error that "Unable to enable VGA access" is set on.
            if (ivdClear && !a.options().xVga() && !host.vgaRegion()) return QuirkOutcome.Crashed.errorAlreadySet(diags);
            opregion = true;
            lpc = true;
        } else if (mode == OnOffAuto.ON) {
            return new QuirkOutcome.Refused(diags, "Machine is not i440fx or assigned BDF is not 00:02.0");
        }

        Map<String, byte[]> fwCfg = new LinkedHashMap<>();
        List<RegisterEmulation> emulations = new ArrayList<>();
        if (opregion) {
            Optional<String> error = a.options().hotplugged() ? Optional.of("IGD OpRegion is not supported on hotplugged device")
                    : !host.kernelIgdRegions() ? Optional.of("Device does not supports IGD OpRegion feature: No such device")
                    : Optional.empty();
            if (error.isPresent()) return setupFailed(diags, legacy, mode, error.get());
            fwCfg.put(Qemu101IgdQuirk.OPREGION_FILE, host.opRegion().clone());
            emulations.add(RegisterEmulation.zeroWritable(IgdRegisters.ASLS, 4));
        }
        Optional<LpcBridge> lpcBridge = Optional.empty();
        if (lpc) {
            Optional<String> error = a.options().hotplugged() ? Optional.of("IGD LPC is not supported on hotplugged device")
                    : a.lpcSlotOccupied() ? Optional.of("Cannot create LPC bridge due to existing device at 1f.0")
                    : !host.kernelIgdRegions() ? Optional.of("IGD LPC bridge access is not supported by kernel")
                    : Optional.empty();
            if (error.isPresent()) return setupFailed(diags, legacy, mode, error.get());
            lpcBridge = Optional.of(new LpcBridge(0x8086, host.lpcDeviceId(), host.lpcRevision()));
        }

        long ggc = gmch;
        long gms = a.options().gms();
        if (gms != 0) {
            long max = gen < 8 ? 0x10 : 0x40;
            if (gms > max) {
                diags.add(Diagnostic.error(String.format("Parameter 'x-igd-gms' expects 0~0x%x", max)));
            } else {
                ggc = gen < 8 ? (gmch & ~0xf8L) | (gms << 3) : (gmch & ~0xff00L) | (gms << 8);
            }
        }
        emulations.add(RegisterEmulation.readOnly(IgdRegisters.GGC, 4, ggc));
        emulations.add(gen < 11 ? RegisterEmulation.zeroWritable(IgdRegisters.BDSM, 4)
                : RegisterEmulation.zeroWritable(IgdRegisters.BDSM64, 8));
        long dsmSize = DsmSize.bytes(gen, ggc);
        fwCfg.put(Qemu101IgdQuirk.BDSM_SIZE_FILE, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(dsmSize).array());
        return new QuirkOutcome.Realized(diags, emulations, fwCfg, lpcBridge);
    }

    /** An error set on the local Error in the legacy block: auto mode reports it and gives up on the quirk. */
    private static QuirkOutcome legacyFailed(List<Diagnostic> diags, OnOffAuto mode, String error) {
        if (mode == OnOffAuto.ON) return new QuirkOutcome.Refused(diags, error);
        diags.add(Diagnostic.error(error));
        diags.add(Diagnostic.error("IGD legacy mode disabled"));
        return QuirkOutcome.Realized.untouched(diags);
    }

    /**
     * An OpRegion/LPC setup error goes to errp, not to the local Error. Auto-legacy then reports the
     * NULL local Error (H3: SIGSEGV); otherwise realize fails with the errp message.
     */
    private static QuirkOutcome setupFailed(List<Diagnostic> diags, boolean legacy, OnOffAuto mode, String error) {
        if (legacy && mode == OnOffAuto.AUTO) return QuirkOutcome.Crashed.nullErrorDereference(diags);
        return new QuirkOutcome.Refused(diags, error);
    }
}
