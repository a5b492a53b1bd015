package org.igdlab.runner.inspect;

import org.igdlab.runner.verdict.Dump;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.verdict.ConfigSpace;
import org.igdlab.runner.verdict.IgdRegisters;

/**
 * What one dump says about one PCI function, decoded the way a maintainer reads it: identity,
 * generation, the IGD registers (igd-model.md §0) with GGC per that generation's encoding, the
 * stolen-memory registers of an Intel host bridge, and which bytes the dump did not show.
 *
 * @param generationSource how the generation was found ("device ID 0x0126", …) or why not
 * @param ggc              GGC 0x50 decoded; empty when the bytes are missing
 * @param hostBridge       stolen-memory registers of an Intel host bridge (empty list otherwise)
 * @param missing          absent byte ranges of the standard header 0x00–0xFF
 * @param extendedPresent  how many bytes of extended config space 0x100–0xFFF the dump showed
 */
public record InspectedDevice(Dump dump, Kind kind, OptionalInt vendorId, OptionalInt deviceId, OptionalInt revision,
                              OptionalInt classCode, Optional<Generation> generation, String generationSource,
                              IgdRegisters registers, Optional<Ggc> ggc, List<Register> hostBridge,
                              List<Range> missing, int extendedPresent) {

    public static final int INTEL = 0x8086;

    /** What kind of function the dump is of. */
    public enum Kind { IGD, HOST_BRIDGE, OTHER }

    /** Inclusive offset range {@code from..to}. */
    public record Range(int from, int to) {
        public Range {
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("range (" + from + ".." + to + ") must be ordered and non-negative");
            }
        }

        @Override
        public String toString() {
            return from == to ? String.format("0x%02x", from) : String.format("0x%02x-0x%02x", from, to);
        }
    }

    /** One register of a host bridge: where, how wide, its value if shown, and what it means. */
    public record Register(String name, int offset, int width, OptionalLong value, String meaning) {
        public Register {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(meaning, "meaning");
        }
    }

    /** Sandy/Ivy Bridge host bridges share the 0x01xx mask with their IGDs, so name them here. */
    private static final Map<Integer, Generation> HOST_BRIDGE_IDS = Map.of(
            0x0100, Generation.SANDY_BRIDGE, 0x0104, Generation.SANDY_BRIDGE, 0x0108, Generation.SANDY_BRIDGE,
            0x0150, Generation.IVY_BRIDGE, 0x0154, Generation.IVY_BRIDGE, 0x0158, Generation.IVY_BRIDGE);

    public InspectedDevice {
        Objects.requireNonNull(dump, "dump");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(generationSource, "generationSource");
        Objects.requireNonNull(registers, "registers");
        Objects.requireNonNull(ggc, "ggc");
        hostBridge = List.copyOf(hostBridge);
        missing = List.copyOf(missing);
    }

    public String bdf() {
        return dump.config().bdf();
    }

    /** DSM size in bytes from GMS, when the generation and GGC are known. */
    public OptionalLong gmsBytes() {
        return ggc.map(Ggc::dsmBytes).orElse(OptionalLong.empty());
    }

    /** Decodes every dump; a host bridge takes the generation of an IGD in the same input when there is one. */
    public static List<InspectedDevice> inspect(List<Dump> dumps) {
        Optional<Generation> igdGeneration = Optional.empty();
        for (Dump d : dumps) {
            if (kind(d.config()) == Kind.IGD) {
                OptionalInt id = id(d.config(), 0x02);
                igdGeneration = id.isPresent() ? Generation.forDeviceId(id.getAsInt()) : Optional.empty();
                if (igdGeneration.isPresent()) {
                    break;
                }
            }
        }
        List<InspectedDevice> out = new ArrayList<>();
        for (Dump d : dumps) {
            out.add(of(d, igdGeneration));
        }
        return List.copyOf(out);
    }

    /** Decodes one dump; {@code igdGeneration} is used for a host bridge's GGC. */
    public static InspectedDevice of(Dump dump, Optional<Generation> igdGeneration) {
        ConfigSpace c = dump.config();
        Kind kind = kind(c);
        OptionalInt device = c.word(0x02).isPresent() ? OptionalInt.of((int) c.word(0x02).getAsLong()) : OptionalInt.empty();
        Optional<Generation> generation = Optional.empty();
        String source;
        if (kind == Kind.IGD) {
            generation = Generation.forDeviceId(device.getAsInt());
            source = generation.isPresent() ? String.format("device ID 0x%04x", device.getAsInt())
                    : String.format("device ID 0x%04x is not in the generation table", device.getAsInt());
        } else if (kind == Kind.HOST_BRIDGE) {
            int id = device.getAsInt();
            if (igdGeneration.isPresent()) {
                generation = igdGeneration;
                source = "the IGD dumped with it";
            } else if (HOST_BRIDGE_IDS.containsKey(id)) {
                generation = Optional.of(HOST_BRIDGE_IDS.get(id));
                source = String.format("host bridge ID 0x%04x", id);
            } else {
                generation = Generation.forDeviceId(id);
                source = generation.isPresent() ? String.format("host bridge ID 0x%04x (by its ID prefix)", id)
                        : String.format("host bridge ID 0x%04x is not known", id);
            }
        } else {
            source = device.isPresent() && c.word(0x00).isPresent()
                    ? "not an Intel display device or host bridge" : "vendor/device bytes missing";
        }
        Optional<Generation> g = generation;
        Optional<Ggc> ggc = c.word(0x50).isPresent() && kind != Kind.OTHER
                ? Optional.of(Ggc.decode((int) c.word(0x50).getAsLong(), g)) : Optional.empty();
        return new InspectedDevice(dump, kind, id(c, 0x00), device, byteAt(c, 0x08), classCode(c), generation, source,
                IgdRegisters.decode(c), ggc, kind == Kind.HOST_BRIDGE ? hostBridge(c) : List.of(), missing(c),
                c.present().get(0x100, ConfigSpace.SIZE).cardinality());
    }

    private static Kind kind(ConfigSpace c) {
        OptionalInt vendor = id(c, 0x00);
        OptionalInt cls = classCode(c);
        if (vendor.isEmpty() || vendor.getAsInt() != INTEL || cls.isEmpty() || c.word(0x02).isEmpty()) {
            return Kind.OTHER;
        }
        int base = cls.getAsInt() >> 16;
        int sub = (cls.getAsInt() >> 8) & 0xFF;
        if (base == 0x03) {
            return Kind.IGD;
        }
        return base == 0x06 && sub == 0x00 ? Kind.HOST_BRIDGE : Kind.OTHER;
    }

    private static OptionalInt id(ConfigSpace c, int off) {
        OptionalLong w = c.word(off);
        return w.isPresent() ? OptionalInt.of((int) w.getAsLong()) : OptionalInt.empty();
    }

    private static OptionalInt byteAt(ConfigSpace c, int off) {
        return c.present().get(off) ? OptionalInt.of(c.bytes()[off] & 0xFF) : OptionalInt.empty();
    }

    private static OptionalInt classCode(ConfigSpace c) {
        byte[] b = c.bytes();
        java.util.BitSet p = c.present();
        if (!p.get(0x09) || !p.get(0x0A) || !p.get(0x0B)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(((b[0x0B] & 0xFF) << 16) | ((b[0x0A] & 0xFF) << 8) | (b[0x09] & 0xFF));
    }

    /**
     * The host bridge's stolen-memory registers, as on Sandy Bridge and later client parts (the
     * Ivy Bridge DH77DF fixture shows them): GGC 0x50, TOUUD 0xA8, BDSM 0xB0, BGSM 0xB4, TSEG 0xB8,
     * TOLUD 0xBC. Bit 0 of each is its lock; the base is in the upper bits (1 MiB granularity).
     */
    private static List<Register> hostBridge(ConfigSpace c) {
        return List.of(
                new Register("GGC", 0x50, 2, c.word(0x50), "graphics control (GMS/GGMS/IVD), decoded below"),
                new Register("TOUUD", 0xA8, 8, c.qword(0xA8), "top of upper usable DRAM"),
                new Register("BDSM", 0xB0, 4, c.dword(0xB0), "base of data stolen memory"),
                new Register("BGSM", 0xB4, 4, c.dword(0xB4), "base of GTT stolen memory"),
                new Register("TSEG", 0xB8, 4, c.dword(0xB8), "TSEG memory base"),
                new Register("TOLUD", 0xBC, 4, c.dword(0xBC), "top of low usable DRAM"));
    }

    private static List<Range> missing(ConfigSpace c) {
        List<Range> out = new ArrayList<>();
        java.util.BitSet p = c.present();
        int i = 0;
        while (i < 0x100) {
            int from = p.nextClearBit(i);
            if (from >= 0x100) {
                break;
            }
            int to = Math.min(p.nextSetBit(from) < 0 ? 0x100 : p.nextSetBit(from), 0x100) - 1;
            out.add(new Range(from, to));
            i = to + 1;
        }
        return out;
    }
}
