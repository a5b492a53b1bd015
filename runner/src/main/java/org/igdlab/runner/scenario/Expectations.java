package org.igdlab.runner.scenario;

import org.igdlab.runner.display.DisplayExpectation;
import org.igdlab.runner.display.Needles;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.RomSource;
import org.igdlab.runner.inventory.YamlSource;
import org.igdlab.runner.inventory.YamlSource.Invalid;
import org.igdlab.runner.inventory.YamlSource.Mapping;
import org.igdlab.runner.inventory.YamlSource.Node;
import org.igdlab.runner.inventory.YamlSource.Sequence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The oracle: an ordered list of rules (scenarios/expectations.yaml) written from igd-model.md.
 * For a cell on a host, every rule whose {@code when:} holds applies in file order, later rules
 * overriding the fields earlier ones set. A field that no applicable rule sets is an error naming
 * the cell and the field — a gap in the oracle is never filled with a silent default.
 *
 * <p>{@code when:} keys: any axis ({@code firmware: seabios}, {@code generation: [ice-lake,
 * tiger-lake]}), {@code qemu-gen: N} or {@code [min, max]}, {@code qemu-band: A|B|C|D|E} or a list (the
 * band of the QEMU build the cell runs, {@link QemuBuild}), {@code qemu-version: [min, max]}, {@code host.rom: shadow|none},
 * {@code host.ivd: 0|1}, {@code host.kernel: ["4.6", "6.14"]} (the cell's kernel, major.minor, both ends
 * included), {@code guest-bdf: "00:02.0"|"00:05.0"}, {@code guest-rom: present|absent}. {@code expect:} keys: {@code qemu:
 * starts|refuses} (+ {@code message:} regex when refusing), {@code stderr:} regexes,
 * {@code fw-cfg:}, {@code asls}, {@code bdsm}, {@code bdsm64}, {@code ggc} (also {@code gms-override}: the
 * host GGC with the GMS field set to the cell's x-igd-gms; {@code gms-zero}: with the GMS field 0, band A legacy), {@code display: {pre-os, os}} (each
 * {@code shown|black|unchecked}; optional: a cell no rule covers is not judged on its display),
 * {@code bdsm-size: gms|unchecked} and {@code lpc: host-ids|absent|unchecked} (optional, the deeper
 * probes), {@code guest-log: {present, absent, opregion: follows-asls, stolen: follows-bdsm}} and {@code windows:
 * ok|code43|unchecked} (the guest drivers' reactions, igd-model.md §5.3/§5.4; optional likewise), {@code note}.
 * Placeholders in regexes: {@code {device-id}} (the host IGD's ID as QEMU prints it with
 * {@code %x}: lower-case hex, no leading zeros) and {@code {host-bdf}}.
 */
public final class Expectations {

    static final List<String> FIELDS = List.of("qemu", "stderr", "fw-cfg", "asls", "bdsm", "bdsm64", "ggc");
    private static final Set<String> RULE_KEYS = Set.of("id", "cite", "when", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("qemu", "message", "stderr", "fw-cfg", "asls", "bdsm",
            "bdsm64", "ggc", "display", "bdsm-size", "lpc", "guest-log", "windows", "note");
    /** The guest-reaction fields (optional, like display): {@code guest-log: {present, absent, opregion, stolen}}, {@code windows:}. */
    private static final String GUEST_LOG = "guest-log";
    private static final String WINDOWS = "windows";
    private static final Set<String> GUEST_LOG_KEYS = Set.of("present", "absent", "opregion", "stolen");
    private static final List<String> WINDOWS_VALUES = List.of("ok", "code43", "unchecked");
    /** The display fields a rule may set ({@code display: {pre-os: …, os: …}}); optional, unlike {@link #FIELDS}. */
    private static final String PRE_OS = "display.pre-os";
    private static final String OS = "display.os";
    private static final List<String> DISPLAY_VALUES = List.of("shown", "black", "unchecked");
    /** The needles that recognise "shown", beside the expectations file. */
    static final String NEEDLES_DIR = "needles";
    private static final List<String> FW_CFG = List.of("igd-opregion", "igd-bdsm-size");
    private static final List<String> REGISTER_VALUES = List.of("firmware-allocated", "zero", "host", "unchecked");
    private static final List<String> GGC_VALUES = List.of("zero", "host", "unchecked", "gms-override", "gms-zero");
    /** The {@code ggc} field when it is {@code gms-zero}: an exact value, the host GGC with its GMS field 0. */
    private static final String GGC_GMS_ZERO = "ggc.gms-zero";
    private static final Pattern RULE_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");
    private static final Pattern TEXT = Pattern.compile("^[^\\x00]+$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(device-id|host-bdf)}");

    private final String source;
    private final List<Rule> rules;
    private final Needles needles;

    private Expectations(String source, List<Rule> rules, Needles needles) {
        this.source = source;
        this.rules = List.copyOf(rules);
        this.needles = needles;
    }

    /** The rules of {@code file}, with the needles of the {@value #NEEDLES_DIR} directory beside it (if any). */
    public static Expectations load(Path file) throws ScenarioException {
        Needles needles;
        try {
            needles = Needles.load(file.resolveSibling(NEEDLES_DIR));
        } catch (IOException e) {
            throw new ScenarioException(e.getMessage(), e);
        }
        try {
            return new Expectations(file.toString(), read(YamlSource.read(file)), needles);
        } catch (Invalid e) {
            throw new ScenarioException(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    /** For tests and tools: rules from YAML text. */
    static Expectations parse(String name, String yaml) throws ScenarioException {
        return parse(name, yaml, Needles.none());
    }

    /** For tests and tools: rules from YAML text, with these needles. */
    public static Expectations parse(String name, String yaml, Needles needles) throws ScenarioException {
        try {
            return new Expectations(name, read(YamlSource.parse(name, yaml)), needles);
        } catch (Invalid e) {
            throw new ScenarioException(e.getMessage(), e);
        }
    }

    /**
     * The expectation of {@code cell} run on {@code host}.
     *
     * @throws IllegalStateException when no rule sets one of the fields for this cell and host
     */
    public Expectation expect(Cell cell, Host host) {
        Map<String, Object> fields = new HashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> applied = new ArrayList<>();
        List<String> citations = new ArrayList<>();
        for (Rule r : rules) {
            if (!r.applies(cell, host)) {
                continue;
            }
            applied.add(r.id());
            citations.add(r.cite());
            for (Map.Entry<String, Object> e : r.sets().entrySet()) {
                fields.put(e.getKey(), e.getValue());
                if (!e.getKey().equals(GGC_GMS_ZERO)) {
                    sources.put(e.getKey(), r.cite());
                }
            }
        }
        List<String> missing = FIELDS.stream().filter(f -> !fields.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(source + ": no rule sets " + missing + " for cell " + cell.id()
                    + " on host " + host.name() + " (rules that applied: " + applied + ")");
        }
        String deviceId = Integer.toHexString(host.igd().deviceIdValue());
        @SuppressWarnings("unchecked")
        List<String> stderr = ((List<String>) fields.get("stderr")).stream()
                .map(p -> resolve(p, deviceId, host.igd().bdf())).toList();
        Object q = fields.get("qemu");
        QemuOutcome qemu = q instanceof String refusal
                ? new QemuOutcome.Refuses(resolve(refusal, deviceId, host.igd().bdf()))
                : (QemuOutcome) q;
        @SuppressWarnings("unchecked")
        Set<String> fwCfg = (Set<String>) fields.get("fw-cfg");
        RegisterExpectation ggc = (RegisterExpectation) fields.get("ggc");
        OptionalLong ggcValue = ggc != RegisterExpectation.EXACT ? OptionalLong.empty()
                : Boolean.TRUE.equals(fields.get(GGC_GMS_ZERO)) ? OptionalLong.of(withGms(cell, host, 0))
                : OptionalLong.of(gmsOverride(cell, host, applied));
        DisplayExpectation display = new DisplayExpectation(
                (DisplayExpectation.Output) fields.getOrDefault(PRE_OS, DisplayExpectation.Output.UNCHECKED),
                (DisplayExpectation.Output) fields.getOrDefault(OS, DisplayExpectation.Output.UNCHECKED),
                sources.getOrDefault(PRE_OS, "no rule sets display.pre-os"), sources.getOrDefault(OS, "no rule sets display.os"),
                needles);
        ProbeExpectation probes = new ProbeExpectation(
                (ProbeExpectation.BdsmSize) fields.getOrDefault("bdsm-size", ProbeExpectation.BdsmSize.UNCHECKED),
                (ProbeExpectation.Lpc) fields.getOrDefault("lpc", ProbeExpectation.Lpc.UNCHECKED),
                sources.getOrDefault("bdsm-size", "no rule sets bdsm-size"), sources.getOrDefault("lpc", "no rule sets lpc"));
        GuestExpectation guest = new GuestExpectation(
                (GuestExpectation.Log) fields.getOrDefault(GUEST_LOG, GuestExpectation.Log.UNCHECKED),
                (GuestExpectation.WindowsStatus) fields.getOrDefault(WINDOWS, GuestExpectation.WindowsStatus.UNCHECKED),
                sources.getOrDefault(GUEST_LOG, "no rule sets guest-log"), sources.getOrDefault(WINDOWS, "no rule sets windows"));
        return new Expectation(qemu, stderr, fwCfg,
                (RegisterExpectation) fields.get("asls"), (RegisterExpectation) fields.get("bdsm"),
                (RegisterExpectation) fields.get("bdsm64"), ggc, ggcValue, applied, citations, sources, display, probes,
                guest);
    }

    /**
     * {@code ggc: gms-override}: the host's GGC word with its GMS field set to the cell's
     * {@code x-igd-gms} — bits 7:3 for QEMU gen 6/7, bits 15:8 for gen 8 and later (igd-model.md §2.5
     * table "field written", §0 GMS/GGMS field positions).
     */
    static long gmsOverride(Cell cell, Host host, List<String> applied) {
        String gms = cell.axis(Axes.GMS);
        int gen = cell.generation().qemuGen();
        if (gms.equals(Axes.DEFAULTS.get(Axes.GMS)) || gen < 6) {
            throw new IllegalStateException("ggc: gms-override for cell " + cell.id() + " (x-igd-gms " + gms
                    + ", QEMU gen " + gen + ") on host " + host.name() + ": no GMS override applies (rules: " + applied + ")");
        }
        return withGms(cell, host, Long.decode(gms));
    }

    /**
     * The host's GGC word with its GMS field set to {@code n}: bits 7:3 for QEMU gen 6/7, bits 15:8
     * from gen 8 (§0). {@code ggc: gms-zero} uses it with 0 for band A legacy mode, which zeroes GMS
     * (§2.5 "Band history", §7.2 A): band A's own table puts its gen "6" devices (SNB … VLV) at bits
     * 7:3 and its gen "8" (everything newer) at 15:8, the same split.
     */
    static long withGms(Cell cell, Host host, long n) {
        int gen = cell.generation().qemuGen();
        long hostGgc = host.igd().registers().ggc() & 0xFFFF;
        return gen >= 6 && gen < 8 ? (hostGgc & ~0xF8L) | ((n & 0x1F) << 3) : (hostGgc & ~0xFF00L) | ((n & 0xFF) << 8);
    }

    private static String resolve(String pattern, String deviceId, String hostBdf) {
        return pattern.replace("{device-id}", deviceId).replace("{host-bdf}", Pattern.quote(hostBdf));
    }

    // --- reading -------------------------------------------------------------------------------

    private static List<Rule> read(Node rootNode) throws Invalid {
        Mapping root = rootNode.asMapping("a mapping {version, rules}");
        root.onlyKeys(Set.of("version", "scope", "rules"));
        root.require("version").integer(1, 1, "version 1");
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Node item : root.require("rules").asSequence("a list of rules").items()) {
            Mapping r = item.asMapping("a rule {id, cite, when, expect}");
            r.onlyKeys(RULE_KEYS);
            Node idNode = r.require("id");
            String id = idNode.string(RULE_ID, "a rule id matching " + RULE_ID.pattern());
            if (!ids.add(id)) {
                throw idNode.expected("a unique rule id");
            }
            String cite = r.require("cite").string(TEXT, "a citation like \"igd-model.md §7.1 row '…'\"");
            List<Condition> conditions = readWhen(r.require("when"));
            Mapping expect = r.require("expect").asMapping("a mapping of expected fields");
            expect.onlyKeys(EXPECT_KEYS);
            Map<String, Object> sets = new LinkedHashMap<>();
            String note = "";
            for (Map.Entry<String, Node> e : expect.entries().entrySet()) {
                Node v = e.getValue();
                switch (e.getKey()) {
                    case "qemu" -> sets.put("qemu", readQemu(v, expect));
                    case "message" -> {
                        if (expect.get("qemu").map(q -> !(q instanceof YamlSource.Scalar s)
                                || !s.text().equals("refuses")).orElse(true)) {
                            throw expect.keyError("message", "expected 'message' only with 'qemu: refuses'");
                        }
                    }
                    case "stderr" -> sets.put("stderr", readRegexes(v));
                    case "fw-cfg" -> {
                        Set<String> files = new LinkedHashSet<>();
                        for (Node f : v.asSequence("a list of " + FW_CFG).items()) {
                            files.add(f.oneOf(FW_CFG));
                        }
                        sets.put("fw-cfg", files);
                    }
                    case "asls", "bdsm", "bdsm64" -> sets.put(e.getKey(), RegisterExpectation.valueOf(
                            v.oneOf(REGISTER_VALUES).toUpperCase(Locale.ROOT).replace('-', '_')));
                    case "ggc" -> {
                        if (v instanceof YamlSource.Scalar sc && sc.text().equals("firmware-allocated")) {
                            throw v.expected("one of " + GGC_VALUES + " (no firmware writes GGC)");
                        }
                        String value = v.oneOf(GGC_VALUES);
                        sets.put("ggc", value.startsWith("gms-") ? RegisterExpectation.EXACT
                                : RegisterExpectation.valueOf(value.toUpperCase(Locale.ROOT)));
                        sets.put(GGC_GMS_ZERO, value.equals("gms-zero"));
                    }
                    case "display" -> {
                        Mapping d = v.asMapping("a mapping {pre-os: shown|black|unchecked, os: shown|black|unchecked}");
                        d.onlyKeys(Set.of("pre-os", "os"));
                        for (Map.Entry<String, Node> de : d.entries().entrySet()) {
                            sets.put("display." + de.getKey(), DisplayExpectation.Output.valueOf(
                                    de.getValue().oneOf(DISPLAY_VALUES).toUpperCase(Locale.ROOT)));
                        }
                    }
                    case "bdsm-size" -> sets.put("bdsm-size", ProbeExpectation.BdsmSize.valueOf(
                            v.oneOf(List.of("gms", "unchecked")).toUpperCase(Locale.ROOT)));
                    case "lpc" -> sets.put("lpc", ProbeExpectation.Lpc.valueOf(
                            v.oneOf(List.of("host-ids", "absent", "unchecked")).toUpperCase(Locale.ROOT).replace('-', '_')));
                    case GUEST_LOG -> sets.put(GUEST_LOG, readGuestLog(v));
                    case WINDOWS -> sets.put(WINDOWS, GuestExpectation.WindowsStatus.valueOf(
                            v.oneOf(WINDOWS_VALUES).toUpperCase(Locale.ROOT)));
                    case "note" -> note = v.string(TEXT, "a note");
                    default -> throw expect.keyError(e.getKey(), "unexpected key");
                }
            }
            rules.add(new Rule(id, cite, conditions, sets, note));
        }
        return rules;
    }

    /**
     * {@code guest-log: {present: [regex…], absent: [regex…], opregion: follows-asls, stolen: follows-bdsm}},
     * each key optional; {@code unchecked} for none.
     */
    private static GuestExpectation.Log readGuestLog(Node v) throws Invalid {
        if (v instanceof YamlSource.Scalar sc && sc.text().equals("unchecked")) {
            return GuestExpectation.Log.UNCHECKED;
        }
        Mapping m = v.asMapping("unchecked or a mapping {present: [regex…], absent: [regex…], opregion: follows-asls|unchecked, "
                + "stolen: follows-bdsm|unchecked}");
        m.onlyKeys(GUEST_LOG_KEYS);
        List<String> present = m.get("present").isPresent() ? readRegexes(m.get("present").get()) : List.of();
        List<String> absent = m.get("absent").isPresent() ? readRegexes(m.get("absent").get()) : List.of();
        for (String p : present) {
            if (PLACEHOLDER.matcher(p).find()) {
                throw m.get("present").get().expected("a regex without placeholders (guest-log lines carry no {device-id})");
            }
        }
        boolean opregion = m.get("opregion").isPresent()
                && m.get("opregion").get().oneOf(List.of("follows-asls", "unchecked")).equals("follows-asls");
        boolean stolen = m.get("stolen").isPresent()
                && m.get("stolen").get().oneOf(List.of("follows-bdsm", "unchecked")).equals("follows-bdsm");
        return new GuestExpectation.Log(present, absent, opregion, stolen);
    }

    /** {@link QemuOutcome.Starts}, or the refusal's message regex with its placeholders unresolved. */
    private static Object readQemu(Node v, Mapping expect) throws Invalid {
        String q = v.oneOf(List.of("starts", "refuses"));
        if (q.equals("starts")) {
            return new QemuOutcome.Starts();
        }
        Node message = expect.get("message").orElseThrow(() ->
                v.error("expected a 'message:' regex with 'qemu: refuses', found none"));
        return regex(message);
    }

    private static List<String> readRegexes(Node v) throws Invalid {
        List<String> out = new ArrayList<>();
        for (Node p : v.asSequence("a list of regexes").items()) {
            out.add(regex(p));
        }
        return out;
    }

    private static String regex(Node p) throws Invalid {
        String text = p.string(TEXT, "a regex");
        try {
            Pattern.compile(PLACEHOLDER.matcher(text).replaceAll("0"));
        } catch (PatternSyntaxException e) {
            throw p.expected("a valid regex (" + e.getDescription() + ")");
        }
        return text;
    }

    private static List<Condition> readWhen(Node node) throws Invalid {
        Mapping when = node.asMapping("a mapping of conditions ({} for always)");
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : when.entries().entrySet()) {
            String key = e.getKey();
            Node v = e.getValue();
            if (Axes.known(key)) {
                out.add(new Condition.AxisIn(key, values(v, n -> Axes.value(key, n))));
            } else if (key.equals("qemu-gen")) {
                out.add(readQemuGen(v));
            } else if (key.equals("qemu-band")) {
                Set<String> bands = values(v, n -> n.oneOf(java.util.Arrays.stream(QemuBand.values()).map(Enum::name).toList()));
                Set<QemuBand> set = new LinkedHashSet<>();
                bands.forEach(b -> set.add(QemuBand.valueOf(b)));
                out.add(new Condition.QemuBandIn(set));
            } else if (key.equals("qemu-version")) {
                out.add(readQemuVersion(v));
            } else if (key.equals("host.rom")) {
                Set<String> roms = values(v, n -> n.oneOf(List.of("shadow", "none")));
                Set<RomSource> set = new LinkedHashSet<>();
                roms.forEach(r -> set.add(RomSource.valueOf(r.toUpperCase(Locale.ROOT))));
                out.add(new Condition.HostRom(set));
            } else if (key.equals("host.ivd")) {
                out.add(new Condition.HostIvd((int) v.integer(0, 1, "0 or 1 (GGC bit 1)")));
            } else if (key.equals("guest-rom")) {
                out.add(new Condition.GuestRom(v.oneOf(List.of("present", "absent")).equals("present")));
            } else if (key.equals("host.kernel")) {
                out.add(readHostKernel(v));
            } else if (key.equals("guest-bdf")) {
                out.add(new Condition.GuestBdf(values(v, n -> n.oneOf(List.of("00:02.0", "00:05.0")))));
            } else {
                List<String> allowed = new ArrayList<>(Axes.names());
                allowed.addAll(List.of("qemu-gen", "qemu-band", "qemu-version", "host.rom", "host.ivd", "host.kernel",
                        "guest-bdf", "guest-rom"));
                throw when.keyError(key, "expected one of " + allowed + ", found unknown condition '" + key + "'");
            }
        }
        return out;
    }

    private static final Pattern KERNEL_BOUND = Pattern.compile("^[0-9]{1,3}\\.[0-9]{1,3}$");

    /** {@code host.kernel: ["4.6", "6.14"]}: a major.minor range, both ends included. */
    private static Condition readHostKernel(Node v) throws Invalid {
        String expectation = "a kernel range [min, max] of quoted major.minor versions, like [\"4.6\", \"6.14\"]";
        if (!(v instanceof Sequence s) || s.items().size() != 2) {
            throw v.expected(expectation);
        }
        VersionNumber min = VersionNumber.parse(s.items().get(0).string(KERNEL_BOUND, expectation)).orElseThrow();
        VersionNumber max = VersionNumber.parse(s.items().get(1).string(KERNEL_BOUND, expectation)).orElseThrow();
        if (min.compareTo(max) > 0) {
            throw v.expected("a kernel range [min, max] with min ≤ max");
        }
        return new Condition.HostKernel(min, max);
    }

    private static Condition readQemuGen(Node v) throws Invalid {
        String expectation = "a QEMU generation (6, 7, 8, 9, 11, 12 or -1) or a range [min, max]";
        if (v instanceof Sequence s) {
            if (s.items().size() != 2) {
                throw v.expected(expectation);
            }
            int min = (int) s.items().get(0).integer(-1, 12, expectation);
            int max = (int) s.items().get(1).integer(-1, 12, expectation);
            if (min > max) {
                throw v.expected("a range [min, max] with min ≤ max");
            }
            return new Condition.QemuGen(min, max);
        }
        int g = (int) v.integer(-1, 12, expectation);
        return new Condition.QemuGen(g, g);
    }

    private static final Pattern VERSION = Pattern.compile("^[0-9]{1,6}(\\.[0-9]{1,6}){0,2}$");

    /** {@code qemu-version: [min, max]}, both QEMU versions ("5.0", "9.2.4"), quoted so YAML keeps them strings. */
    private static Condition readQemuVersion(Node v) throws Invalid {
        String expectation = "a range [min, max] of QEMU versions like [\"5.0\", \"5.0\"] or [\"2.7\", \"9.1.99\"]";
        if (!(v instanceof Sequence s) || s.items().size() != 2) {
            throw v.expected(expectation);
        }
        VersionNumber min = VersionNumber.parse(s.items().get(0).string(VERSION, expectation)).orElseThrow();
        VersionNumber max = VersionNumber.parse(s.items().get(1).string(VERSION, expectation)).orElseThrow();
        try {
            return new Condition.QemuVersionIn(min, max);
        } catch (IllegalArgumentException e) {
            throw v.expected("a range [min, max] with min <= max");
        }
    }

    private interface ValueReader {
        String read(Node n) throws Invalid;
    }

    /** A scalar or a list of scalars, each read by {@code reader}. */
    private static Set<String> values(Node v, ValueReader reader) throws Invalid {
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof Sequence s) {
            if (s.items().isEmpty()) {
                throw v.expected("at least one value");
            }
            for (Node n : s.items()) {
                out.add(reader.read(n));
            }
        } else {
            out.add(reader.read(v));
        }
        return out;
    }
}
