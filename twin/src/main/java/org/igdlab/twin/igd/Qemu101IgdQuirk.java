package org.igdlab.twin.igd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;

/**
 * `vfio_pci_igd_config_quirk()` of QEMU 10.1 (band D) and 10.2 (band E, which also accepts a
 * display-class 0x0380 IGD for the non-legacy quirks). igd-model.md §2.3. The host's model
 * mutations (twin/README.md "Model mutations") each change one step here, for the mutation check.
 */
final class Qemu101IgdQuirk implements IgdQuirk {
    static final String OPREGION_FILE = "etc/igd-opregion";
    static final String BDSM_SIZE_FILE = "etc/igd-bdsm-size";

    private final GenerationTable generations;
    private final boolean acceptsDisplayClass;
    private final LegacyModeRule legacyRule = new LegacyModeRule();

    Qemu101IgdQuirk(GenerationTable generations, boolean acceptsDisplayClass) {
        this.generations = generations;
        this.acceptsDisplayClass = acceptsDisplayClass;
    }

    @Override
    public boolean opregionByDefault() {
        return true;
    }

    @Override
    public QuirkOutcome realize(IgdAssignment a) {
        HostIgd host = a.host();
        List<Diagnostic> diags = new ArrayList<>();
        boolean vga = (host.classCode() >> 8) == 0x0300;
        boolean display = (host.classCode() >> 16) == 0x03;
        if (host.vendorId() != 0x8086 || !(acceptsDisplayClass ? display : vga)) return QuirkOutcome.Realized.untouched(diags);
        if (!host.kernelIgdRegions()) return QuirkOutcome.Realized.untouched(diags);
        if (a.options().hotplugged()) {
            diags.add(Diagnostic.warning("IGD device detected, but OpRegion is not supported on hotplugged device."));
            return QuirkOutcome.Realized.untouched(diags);
        }
        Faults faults = a.faults();
        String deviceId = faults.has(Fault.OPREGION_LINE_PADS_DEVICE_ID) ? String.format("%04x", host.deviceId())
                : Integer.toHexString(host.deviceId());
        diags.add(Diagnostic.info("OpRegion detected on Intel display " + deviceId + "."));

        int gen = generations.generationOf(host.deviceId());
        long gmch = host.hardware().read(IgdRegisters.GGC, 4);
        boolean opregion = a.options().opregion();
        boolean lpc = a.options().lpc();

        boolean legacy = legacyRule.holds(a, gen, gmch, faults.has(Fault.LEGACY_ALLOWS_GEN11_12) ? 12 : 9);
        if (legacy) {
            diags.add(Diagnostic.info("IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted."));
            if (host.romSize() == 0 && !a.options().romfile() && !faults.has(Fault.LEGACY_ROM_CHECK_SKIPPED)) {
                String noRom = faults.has(Fault.WRONG_ERROR_MESSAGE) ? "Device has no VBIOS" : "Device has no ROM";
                if (a.options().legacyMode() == OnOffAuto.ON) return new QuirkOutcome.Refused(diags, noRom);
                diags.add(Diagnostic.error(noRom));
                diags.add(Diagnostic.error("IGD legacy mode disabled"));
                if (!faults.has(Fault.AUTO_LEGACY_FAILURE_CONTINUES)) return QuirkOutcome.Realized.untouched(diags);
                legacy = false;
            } else {
                // H2: vfio_populate_vga() has already set the Error that "Unable to enable VGA access" is set on.
                if (!a.options().xVga() && !host.vgaRegion()) return QuirkOutcome.Crashed.errorAlreadySet(diags);
                opregion = true;
                lpc = true;
            }
        } else if (a.options().legacyMode() == OnOffAuto.ON) {
            return new QuirkOutcome.Refused(diags, String.format(
                    "Machine is not i440fx, assigned BDF is not 00:02.0, or device %04x (gen %d) doesn't support legacy mode",
                    host.deviceId(), gen));
        }

        Map<String, byte[]> fwCfg = new LinkedHashMap<>();
        if (opregion || faults.has(Fault.X_IGD_OPREGION_IGNORED)) fwCfg.put(OPREGION_FILE, host.opRegion().clone());

        Optional<LpcBridge> lpcBridge = Optional.empty();
        if (lpc) {
            if (a.lpcSlotOccupied()) {
                // H3: the error went to errp; auto-legacy reports its NULL local Error.
                if (legacy && a.options().legacyMode() == OnOffAuto.AUTO) return QuirkOutcome.Crashed.nullErrorDereference(diags);
                return new QuirkOutcome.Refused(diags, "Cannot create LPC bridge due to existing device at 1f.0");
            }
            lpcBridge = Optional.of(new LpcBridge(0x8086, host.lpcDeviceId(), host.lpcRevision()));
        }

        List<RegisterEmulation> emulations = new ArrayList<>();
        if (!faults.has(Fault.QEMU_FORGETS_ASLS_EMULATION)) emulations.add(RegisterEmulation.zeroWritable(IgdRegisters.ASLS, 4));

        long ggc = gmch;
        if (a.options().gms() != 0) {
            GmsOverride.Result gms = GmsOverride.apply(gen, gmch, a.options().gms());
            if (gms.ggc().isEmpty()) {
                // Hazard H1: the quirk fails without an Error and realize dereferences NULL.
                diags.add(Diagnostic.error(gms.message().orElseThrow()));
                return QuirkOutcome.Crashed.nullErrorDereference(diags);
            }
            ggc = gms.ggc().get();
            emulations.add(RegisterEmulation.readOnly(IgdRegisters.GGC, 4, ggc));
        } else if (faults.has(Fault.GGC_GMS_ZEROED)) {
            // band A's legacy GGC (GMS field cleared, §2.5) where 10.1 leaves GGC to the hardware
            long gmsField = gen > 0 && gen < 8 ? 0xf8L : 0xff00L;
            emulations.add(RegisterEmulation.readOnly(IgdRegisters.GGC, 4, gmch & ~gmsField));
        }

        long dsmSize = 0;
        if (gen > 0) {
            dsmSize = DsmSize.bytes(gen, ggc);
            emulations.add(gen < 11 || faults.has(Fault.GEN11_BDSM_AT_0X5C) ? RegisterEmulation.zeroWritable(IgdRegisters.BDSM, 4)
                    : RegisterEmulation.zeroWritable(IgdRegisters.BDSM64, 8));
        }
        fwCfg.put(BDSM_SIZE_FILE, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(dsmSize).array());
        return new QuirkOutcome.Realized(diags, emulations, fwCfg, lpcBridge);
    }
}
