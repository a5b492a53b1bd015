package org.igdlab.twin.igd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU 2.7–9.1 (band A): the original legacy mode (`vfio_probe_igd_bar4_quirk`) is the only source
 * of GGC/BDSM emulation and etc/igd-bdsm-size; outside it only `x-igd-opregion=on` (pci.c) changes
 * anything. igd-model.md §1.1, §2.5 "Band history", §2.8 A/B, §2.9, §7.2.
 * <ul>
 * <li>Legacy needs gen "6" or "8" by the band A table (unknown IDs count as 8), so BDSM is always
 *     the dword at 0x5C, even on Gen11+.</li>
 * <li>GGC is emulated with GMS zeroed unless `x-igd-gms` = 1..0x10; bdsm-size = GGMS + 32 MiB ×
 *     x-igd-gms.</li>
 * <li>5.0.x: the legacy path is compiled out (missing header, fixed in 5.1).</li>
 * <li>Messages: "vfio error: %s: " before 3.1, "vfio %s: " since; 2.7 had its own OpRegion text.</li>
 * </ul>
 */
final class Qemu27IgdQuirk implements IgdQuirk {
    private static final long MIB = 1024 * 1024;
    private final QemuRelease release;
    private final GenerationTable generations;

    Qemu27IgdQuirk(QemuRelease release, GenerationTable generations) {
        this.release = release;
        this.generations = generations;
    }

    @Override
    public boolean hasProperty(String name) {
        return !name.equals("x-igd-legacy-mode") && !name.equals("x-igd-lpc");
    }

    @Override
    public String errorPrefix(PciAddress host) {
        if (release.isSeries(2, 7)) return "";
        if (!release.atLeast(3, 1)) return "vfio error: " + host.fullForm() + ": ";
        return IgdQuirk.super.errorPrefix(host);
    }

    private boolean legacyCompiledOut() {
        return release.isSeries(5, 0);
    }

    @Override
    public QuirkOutcome realize(IgdAssignment a) {
        HostIgd host = a.host();
        List<Diagnostic> diags = new ArrayList<>();
        List<RegisterEmulation> emulations = new ArrayList<>();
        Map<String, byte[]> fwCfg = new LinkedHashMap<>();
        int gen = generations.generationOf(host.deviceId());

        if (!legacyCompiledOut() && Bar4LegacyChecks.probed(a)
                && new Bar4LegacyChecks(errorPrefix(host.hostAddress())).pass(a, gen, gen == 6 || gen == 8, diags)) {
            fwCfg.put(Qemu101IgdQuirk.OPREGION_FILE, host.opRegion().clone());
            emulations.add(RegisterEmulation.zeroWritable(IgdRegisters.ASLS, 4));
            long gmch = host.hardware().read(IgdRegisters.GGC, 4);
            long ggmsMib = gen < 8 ? (gmch >> 8) & 0x3 : 1L << ((gmch >> 6) & 0x3);
            long gms = a.options().gms();
            if (gms > 0x10) {
                diags.add(Diagnostic.error(String.format("Unsupported IGD GMS value 0x%x", gms)));
                gms = 0;
            }
            int shift = gen < 8 ? 3 : 8;
            long field = gen < 8 ? 0x1fL : 0xffL;
            long ggc = (gmch & ~(field << shift)) | (gms << shift);
            emulations.add(RegisterEmulation.readOnly(IgdRegisters.GGC, 4, ggc));
            emulations.add(RegisterEmulation.zeroWritable(IgdRegisters.BDSM, 4));
            long bdsmSize = (ggmsMib + gms * 32) * MIB;
            fwCfg.put(Qemu101IgdQuirk.BDSM_SIZE_FILE, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bdsmSize).array());
            LpcBridge lpc = new LpcBridge(0x8086, host.lpcDeviceId(), host.lpcRevision());
            return new QuirkOutcome.Realized(diags, emulations, fwCfg, Optional.of(lpc),
                    Optional.of(new GttTrap(IgdRegisters.BDSM, 4)));
        }
        if (a.options().opregion()) {
            Optional<QuirkOutcome.Refused> refused = new PciOpRegionOption(release.isSeries(2, 7)).apply(a, diags, fwCfg, emulations);
            if (refused.isPresent()) return refused.get();
        }
        return new QuirkOutcome.Realized(diags, emulations, fwCfg, Optional.empty());
    }
}
