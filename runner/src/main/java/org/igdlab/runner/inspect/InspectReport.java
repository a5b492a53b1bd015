package org.igdlab.runner.inspect;

import org.igdlab.runner.verdict.Dump;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.verdict.ConfigSpace;

/** Renders inspected devices for people ({@link #text}) and for tools ({@link #json}). */
public final class InspectReport {
    private static final long MIB = 1024L * 1024L;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InspectReport() {
    }

    public static String text(List<InspectedDevice> devices) {
        StringBuilder out = new StringBuilder();
        for (InspectedDevice d : devices) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(String.format("%s  %s:%s rev %s  class %s  %s%n", d.bdf(), hex(d.vendorId(), 4), hex(d.deviceId(), 4),
                    hex(d.revision(), 2), hex(d.classCode(), 6), d.dump().title()));
            out.append(String.format("  from          lines %d-%d (%s)%n", d.dump().firstLine(), d.dump().lastLine(),
                    d.dump().format() == Dump.Format.LSPCI ? "lspci" : "pci=earlydump"));
            out.append(String.format("  generation    %s (%s)%n", generation(d.generation()), d.generationSource()));
            if (d.kind() == InspectedDevice.Kind.IGD) {
                Optional<Generation.BdsmRegister> uses = d.generation().map(Generation::bdsmRegister);
                out.append(String.format("  0xFC ASLS     %s%s%n", hex(d.registers().asls(), 8),
                        d.registers().asls().isPresent() && d.registers().asls().getAsLong() == 0
                                ? "  (zero: no OpRegion address)" : ""));
                out.append(String.format("  0x5C BDSM     %s%s%s%n", hex(d.registers().bdsm(), 8), base(d.registers().bdsm(), 32),
                        uses.map(u -> u == Generation.BdsmRegister.DWORD_5C ? "  (the BDSM this generation uses)" : "  (not used by this generation)").orElse("")));
                out.append(String.format("  0xC0 BDSM64   %s%s%s%n", hex(d.registers().bdsm64(), 16), base(d.registers().bdsm64(), 64),
                        uses.map(u -> u == Generation.BdsmRegister.QWORD_C0 ? "  (the BDSM this generation uses)" : "  (not used by this generation)").orElse("")));
            }
            if (d.kind() != InspectedDevice.Kind.OTHER) {
                out.append(String.format("  0x50 GGC      %s%s%n", hex(d.registers().ggc(), 4), d.ggc().map(InspectReport::ggc).orElse("")));
            }
            for (InspectedDevice.Register r : d.hostBridge()) {
                if (r.offset() == 0x50) {
                    continue;
                }
                out.append(String.format("  0x%02X %-8s %s%s  %s%n", r.offset(), r.name(), hex(r.value(), r.width() * 2),
                        base(r.value(), r.width() * 8), r.meaning()));
            }
            out.append(String.format("  missing       %s%n", missing(d)));
        }
        return out.toString();
    }

    public static String json(List<InspectedDevice> devices) {
        ArrayNode root = MAPPER.createArrayNode();
        for (InspectedDevice d : devices) {
            ObjectNode n = root.addObject();
            n.put("bdf", d.bdf());
            n.put("kind", d.kind().name().toLowerCase().replace('_', '-'));
            put(n, "vendorId", d.vendorId(), 4);
            put(n, "deviceId", d.deviceId(), 4);
            put(n, "revision", d.revision(), 2);
            put(n, "classCode", d.classCode(), 6);
            n.put("generation", d.generation().map(Generation::id).orElse("unknown"));
            n.put("qemuGen", d.generation().map(Generation::qemuGen).orElse(-1));
            n.put("generationSource", d.generationSource());
            n.put("bdsmRegister", d.generation().map(g -> g.bdsmRegister().name()).orElse(null));
            put(n, "asls", d.registers().asls(), 8);
            put(n, "bdsm", d.registers().bdsm(), 8);
            put(n, "bdsm64", d.registers().bdsm64(), 16);
            put(n, "ggc", d.registers().ggc(), 4);
            Optional<Ggc> ggc = d.ggc();
            if (ggc.isPresent() && ggc.get().gms().isPresent()) {
                n.put("gms", String.format("0x%02x", ggc.get().gms().getAsLong()));
            } else {
                n.putNull("gms");
            }
            n.put("gmsBits", ggc.map(Ggc::gmsBits).orElse(null));
            num(n, "gmsBytes", d.gmsBytes());
            num(n, "gttBytes", ggc.map(Ggc::gtBytes).orElse(OptionalLong.empty()));
            if (ggc.isPresent()) {
                n.put("ivd", ggc.get().ivd());
                n.put("ggcLocked", ggc.get().locked());
            } else {
                n.putNull("ivd");
                n.putNull("ggcLocked");
            }
            lock(n, "bdsmLocked", d.registers().bdsm());
            lock(n, "bdsm64Locked", d.registers().bdsm64());
            if (!d.hostBridge().isEmpty()) {
                ObjectNode hb = n.putObject("hostBridge");
                for (InspectedDevice.Register r : d.hostBridge()) {
                    put(hb, r.name().toLowerCase(), r.value(), r.width() * 2);
                }
            }
            ArrayNode missing = n.putArray("missing");
            d.missing().forEach(r -> missing.add(r.toString()));
            n.put("extendedConfigBytes", d.extendedPresent());
            n.put("firstLine", d.dump().firstLine());
            n.put("lastLine", d.dump().lastLine());
            n.put("format", d.dump().format().name().toLowerCase());
            n.put("title", d.dump().title());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    static String generation(Optional<Generation> g) {
        return g.map(x -> x.id() + " (" + x.displayName() + ", QEMU gen " + x.qemuGen() + ")").orElse("unknown (QEMU gen -1)");
    }

    private static String ggc(Ggc g) {
        StringBuilder s = new StringBuilder();
        if (g.gms().isPresent()) {
            s.append(String.format("  GMS 0x%02x (bits %s) = %s DSM", g.gms().getAsLong(), g.gmsBits(), size(g.dsmBytes())));
            s.append(", GTT ").append(size(g.gtBytes()));
        }
        s.append(", IVD ").append(g.ivd() ? "1 (no legacy VGA decode)" : "0 (decodes legacy VGA)");
        s.append(", GGCLCK ").append(g.locked() ? 1 : 0);
        if (!g.note().isEmpty()) {
            s.append("; ").append(g.note());
        }
        return s.toString();
    }

    private static String missing(InspectedDevice d) {
        String std = d.missing().isEmpty() ? "nothing of 0x00-0xff" : d.missing().toString().replaceAll("[\\[\\]]", "");
        int ext = d.extendedPresent();
        int extSize = ConfigSpace.SIZE - 0x100;
        String e = ext == 0 ? "extended 0x100-0xfff not dumped" : ext == extSize ? "extended 0x100-0xfff complete"
                : "extended 0x100-0xfff partly (" + ext + " of " + extSize + " bytes)";
        return std + "; " + e;
    }

    static String size(OptionalLong bytes) {
        if (bytes.isEmpty()) {
            return "unknown";
        }
        long b = bytes.getAsLong();
        return b % MIB == 0 ? (b / MIB) + " MiB" : b + " bytes";
    }

    private static String base(OptionalLong value, int bits) {
        if (value.isEmpty() || value.getAsLong() == 0) {
            return "";
        }
        long v = value.getAsLong();
        long base = v & ~0xFFFFFL;
        return String.format("  base 0x%0" + (bits / 4) + "x%s", base, (v & 1) != 0 ? ", locked" : "");
    }

    static String hex(OptionalLong v, int digits) {
        return v.isPresent() ? String.format("0x%0" + digits + "x", v.getAsLong()) : "missing";
    }

    static String hex(OptionalInt v, int digits) {
        return v.isPresent() ? String.format("%0" + digits + "x", v.getAsInt()) : "????".substring(0, Math.min(4, digits));
    }

    private static void put(ObjectNode n, String field, OptionalLong v, int digits) {
        if (v.isPresent()) {
            n.put(field, String.format("0x%0" + digits + "x", v.getAsLong()));
        } else {
            n.putNull(field);
        }
    }

    private static void put(ObjectNode n, String field, OptionalInt v, int digits) {
        put(n, field, v.isPresent() ? OptionalLong.of(v.getAsInt()) : OptionalLong.empty(), digits);
    }

    private static void num(ObjectNode n, String field, OptionalLong v) {
        if (v.isPresent()) {
            n.put(field, v.getAsLong());
        } else {
            n.putNull(field);
        }
    }

    private static void lock(ObjectNode n, String field, OptionalLong v) {
        if (v.isPresent()) {
            n.put(field, (v.getAsLong() & 1) != 0);
        } else {
            n.putNull(field);
        }
    }
}
