package org.igdlab.runner.inventory;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Intel IGD generations as the runner knows them: the runner's own reading of igd-model.md §6
 * (generation table) and §2.2 (QEMU ≥ 10.0 {@code igd_gen()}). Deliberately not shared with the
 * twin: when the two disagree, the lab has found something.
 *
 * <p>{@link #forDeviceId(int)} knows the example IDs of §6 exactly, plus the §2.2 device-ID masks
 * ({@code id & 0xFF00}) where a mask belongs to one generation only. Sandy/Ivy Bridge (0x01xx),
 * Alder Lake / Alder Lake-N (0x46xx), Cannon Lake / Apollo Lake (0x5Axx) and Meteor / Arrow Lake
 * (0x7Dxx) share masks, so only their listed IDs are known.
 */
public enum Generation {
    SANDY_BRIDGE("sandy-bridge", "Sandy Bridge", 6, BdsmRegister.DWORD_5C, GmsEncoding.BITS_7_3_X32M,
            ids(0x0102, 0x0112, 0x0122, 0x0106, 0x0116, 0x0126, 0x010A), masks()),
    IVY_BRIDGE("ivy-bridge", "Ivy Bridge", 6, BdsmRegister.DWORD_5C, GmsEncoding.BITS_7_3_X32M,
            ids(0x0152, 0x0162, 0x0156, 0x0166, 0x015A, 0x016A), masks()),
    HASWELL("haswell", "Haswell", 7, BdsmRegister.DWORD_5C, GmsEncoding.BITS_7_3_X32M,
            ids(0x0402, 0x0412, 0x0416, 0x041E, 0x0A16, 0x0A26, 0x0D22), masks(0x0400, 0x0A00, 0x0C00, 0x0D00)),
    BAY_TRAIL("bay-trail", "Bay Trail (Valleyview)", 7, BdsmRegister.DWORD_5C, GmsEncoding.BITS_7_3_X32M,
            range(0x0F30, 0x0F33), masks(0x0F00)),
    BROADWELL("broadwell", "Broadwell", 8, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_X32M,
            ids(0x1606, 0x1616, 0x1626, 0x162B, 0x1612), masks(0x1600)),
    CHERRY_TRAIL("cherry-trail", "Cherry Trail / Braswell", 8, BdsmRegister.DWORD_5C, GmsEncoding.CHERRYVIEW,
            range(0x22B0, 0x22B3), masks(0x2200)),
    SKYLAKE("skylake", "Skylake", 9, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_GEN9,
            ids(0x1902, 0x1912, 0x1916, 0x191B, 0x191E, 0x193B), masks(0x1900)),
    APOLLO_LAKE("apollo-lake", "Apollo Lake / Broxton", 9, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_GEN9,
            ids(0x0A84, 0x1A84, 0x1A85, 0x5A84, 0x5A85), masks()),
    KABY_LAKE("kaby-lake", "Kaby Lake", 9, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_GEN9,
            ids(0x5912, 0x5916, 0x591B, 0x5917, 0x591E, 0x591C), masks(0x5900)),
    AMBER_LAKE("amber-lake", "Amber Lake Y", -1, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_GEN9,
            ids(0x87C0, 0x87CA), masks()),
    GEMINI_LAKE("gemini-lake", "Gemini Lake", 9, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_GEN9,
            ids(0x3184, 0x3185), masks(0x3100)),
    COFFEE_LAKE("coffee-lake", "Coffee Lake / Whiskey Lake", 9, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_GEN9,
            ids(0x3E92, 0x3E91, 0x3E98, 0x3E9B, 0x3EA0, 0x3EA5), masks(0x3E00)),
    COMET_LAKE("comet-lake", "Comet Lake", 9, BdsmRegister.DWORD_5C, GmsEncoding.BITS_15_8_GEN9,
            ids(0x9BC5, 0x9BC8, 0x9BA4, 0x9B41, 0x9BCA), masks(0x9B00)),
    CANNON_LAKE("cannon-lake", "Cannon Lake", -1, BdsmRegister.DWORD_5C, GmsEncoding.NONE,
            range(0x5A40, 0x5A5C), masks()),
    ICE_LAKE("ice-lake", "Ice Lake", 11, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            ids(0x8A52, 0x8A56, 0x8A5A, 0x8A51), masks(0x8A00)),
    ELKHART_LAKE("elkhart-lake", "Elkhart Lake", 11, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            ids(0x4541, 0x4551, 0x4571), masks(0x4500)),
    JASPER_LAKE("jasper-lake", "Jasper Lake", 11, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            ids(0x4E51, 0x4E55, 0x4E61, 0x4E71), masks(0x4E00)),
    TIGER_LAKE("tiger-lake", "Tiger Lake", 12, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            ids(0x9A49, 0x9A40, 0x9A78, 0x9A60, 0x9AC9), masks(0x9A00)),
    ROCKET_LAKE("rocket-lake", "Rocket Lake", 12, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            ids(0x4C8A, 0x4C8B, 0x4C90, 0x4C9A), masks(0x4C00)),
    ALDER_LAKE("alder-lake", "Alder Lake S/P", 12, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            ids(0x4680, 0x4682, 0x4690, 0x4692, 0x46A6, 0x46A8, 0x46B3, 0x46C3), masks()),
    ALDER_LAKE_N("alder-lake-n", "Alder Lake-N / Twin Lake", 12, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            range(0x46D0, 0x46D4), masks()),
    RAPTOR_LAKE("raptor-lake", "Raptor Lake", 12, BdsmRegister.QWORD_C0, GmsEncoding.BITS_15_8_GEN9,
            ids(0xA780, 0xA782, 0xA788, 0xA7A0, 0xA7A1, 0xA720, 0xA7AC), masks(0xA700)),
    METEOR_LAKE("meteor-lake", "Meteor Lake", -1, BdsmRegister.NONE, GmsEncoding.NONE,
            ids(0x7D40, 0x7D45, 0x7D55, 0x7D60, 0x7DD5), masks()),
    ARROW_LAKE("arrow-lake", "Arrow Lake", -1, BdsmRegister.NONE, GmsEncoding.NONE,
            ids(0x7D41, 0x7D51, 0x7D67, 0x7DD1, 0xB640), masks()),
    LUNAR_LAKE("lunar-lake", "Lunar Lake", -1, BdsmRegister.NONE, GmsEncoding.NONE,
            ids(0x6420, 0x64A0, 0x64B0), masks(0x6400)),
    PANTHER_LAKE("panther-lake", "Panther Lake", -1, BdsmRegister.NONE, GmsEncoding.NONE,
            concat(range(0xB080, 0xB087), ids(0xB08F, 0xB090, 0xB0A0, 0xB0B0)), masks(0xB000));

    /** Where the guest-visible Base of Data Stolen Memory lives (igd-model.md §0, §6). */
    public enum BdsmRegister {
        /** 32-bit BDSM at config 0x5C (Gen6–Gen10). */
        DWORD_5C,
        /** 64-bit BDSM at config 0xC0 (Gen11/12). */
        QWORD_C0,
        /** No config-space BDSM (Meteor Lake and later: DSM behind BAR2). */
        NONE
    }

    /** How the GMS field of GGC (0x50) encodes the DSM size (igd-model.md §0). */
    public enum GmsEncoding {
        /** bits 7:3, n × 32 MiB (Gen6/7). */
        BITS_7_3_X32M,
        /** bits 15:8, n × 32 MiB (Broadwell). */
        BITS_15_8_X32M,
        /** Linux's Cherryview code in bits 7:3 (QEMU treats CHV as plain bits 15:8). */
        CHERRYVIEW,
        /** bits 15:8; 0x00–0xEF n × 32 MiB, 0xF0–0xFE (n − 0xF0 + 1) × 4 MiB (Gen9+). */
        BITS_15_8_GEN9,
        /** No config-space GMS in use, or not established. */
        NONE
    }

    private final String id;
    private final String displayName;
    private final int qemuGen;
    private final BdsmRegister bdsmRegister;
    private final GmsEncoding gmsEncoding;
    private final int[] deviceIds;
    private final int[] masks;

    Generation(String id, String displayName, int qemuGen, BdsmRegister bdsmRegister, GmsEncoding gmsEncoding,
               int[] deviceIds, int[] masks) {
        this.id = id;
        this.displayName = displayName;
        this.qemuGen = qemuGen;
        this.bdsmRegister = bdsmRegister;
        this.gmsEncoding = gmsEncoding;
        this.deviceIds = deviceIds;
        this.masks = masks;
    }

    /** The inventory/suite spelling, e.g. {@code coffee-lake}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** QEMU ≥ 10.0's {@code igd_gen()}: 6, 7, 8, 9, 11, 12, or −1 for unknown (igd-model.md §2.2, §6). */
    public int qemuGen() {
        return qemuGen;
    }

    public BdsmRegister bdsmRegister() {
        return bdsmRegister;
    }

    public GmsEncoding gmsEncoding() {
        return gmsEncoding;
    }

    /** The example device IDs of igd-model.md §6, in table order. */
    public List<Integer> knownDeviceIds() {
        return Arrays.stream(deviceIds).boxed().toList();
    }

    /** All ids, in table order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Generation::id).toList();
    }

    public static Generation fromId(String id) {
        for (Generation g : values()) {
            if (g.id.equals(id)) {
                return g;
            }
        }
        throw new IllegalArgumentException("generation '" + id + "' is not one of " + ids());
    }

    /** The generation a device ID belongs to, when the runner's table knows it. */
    public static Optional<Generation> forDeviceId(int deviceId) {
        for (Generation g : values()) {
            for (int d : g.deviceIds) {
                if (d == deviceId) {
                    return Optional.of(g);
                }
            }
        }
        if ((deviceId & 0x0FFE) == 0x0A84) {
            return Optional.of(APOLLO_LAKE);
        }
        for (Generation g : values()) {
            for (int m : g.masks) {
                if ((deviceId & 0xFF00) == m) {
                    return Optional.of(g);
                }
            }
        }
        return Optional.empty();
    }

    private static int[] ids(int... ids) {
        return ids;
    }

    private static int[] masks(int... masks) {
        return masks;
    }

    private static int[] range(int from, int toInclusive) {
        int[] out = new int[toInclusive - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
