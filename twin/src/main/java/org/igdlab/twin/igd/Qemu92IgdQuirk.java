package org.igdlab.twin.igd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU 9.2 (band B): band A's legacy flow with Corvin Köhne's changes (igd-model.md §1.1, §2.5
 * "Band history", §2.9, §7.2). Legacy needs a generation the 9.2 table knows (unknown IDs are −1);
 * GGC keeps the host GMS and x-igd-gms is ignored; bdsm-size = GGMS + host DSM; BDSM is the dword
 * at 0x5C below Gen11 and the qword at 0xC0 from Gen11. Outside legacy only `x-igd-opregion=on`.
 */
final class Qemu92IgdQuirk implements IgdQuirk {
    private static final long MIB = 1024 * 1024;
    private final GenerationTable generations;

    Qemu92IgdQuirk(GenerationTable generations) {
        this.generations = generations;
    }

    @Override
    public boolean hasProperty(String name) {
        return !name.equals("x-igd-legacy-mode") && !name.equals("x-igd-lpc");
    }

    @Override
    public QuirkOutcome realize(IgdAssignment a) {
        HostIgd host = a.host();
        List<Diagnostic> diags = new ArrayList<>();
        List<RegisterEmulation> emulations = new ArrayList<>();
        Map<String, byte[]> fwCfg = new LinkedHashMap<>();
        int gen = generations.generationOf(host.deviceId());

        if (Bar4LegacyChecks.probed(a) && new Bar4LegacyChecks(errorPrefix(host.hostAddress())).pass(a, gen, gen != -1, diags)) {
            fwCfg.put(Qemu101IgdQuirk.OPREGION_FILE, host.opRegion().clone());
            emulations.add(RegisterEmulation.zeroWritable(IgdRegisters.ASLS, 4));
            long gmch = host.hardware().read(IgdRegisters.GGC, 4);
            long ggmsMib = gen < 8 ? (gmch >> 8) & 0x3 : 1L << ((gmch >> 6) & 0x3);
            long dsmMib;
            long gms = gen < 8 ? (gmch >> 3) & 0x1f : (gmch >> 8) & 0xff;
            if (gen < 9) {
                if (gms > 0x10) {
                    diags.add(Diagnostic.error(String.format("Unsupported IGD GMS value 0x%x", gms)));
                    gms = 0;
                }
                dsmMib = gms * 32;
            } else {
                dsmMib = gms < 0xf0 ? gms * 32 : (gms - 0xf0 + 1) * 4;
            }
            emulations.add(RegisterEmulation.readOnly(IgdRegisters.GGC, 4, gmch));
            GttTrap trap = gen < 11 ? new GttTrap(IgdRegisters.BDSM, 4) : new GttTrap(IgdRegisters.BDSM64, 8);
            emulations.add(RegisterEmulation.zeroWritable(trap.bdsmOffset(), trap.bdsmWidth()));
            long bdsmSize = (ggmsMib + dsmMib) * MIB;
            fwCfg.put(Qemu101IgdQuirk.BDSM_SIZE_FILE, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bdsmSize).array());
            LpcBridge lpc = new LpcBridge(0x8086, host.lpcDeviceId(), host.lpcRevision());
            return new QuirkOutcome.Realized(diags, emulations, fwCfg, Optional.of(lpc), Optional.of(trap));
        }
        if (a.options().opregion()) {
            Optional<QuirkOutcome.Refused> refused = new PciOpRegionOption(false).apply(a, diags, fwCfg, emulations);
            if (refused.isPresent()) return refused.get();
        }
        return new QuirkOutcome.Realized(diags, emulations, fwCfg, Optional.empty());
    }
}
