package org.igdlab.runner.repro;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.igdlab.runner.verdict.DumpReader;
import org.igdlab.runner.inspect.InspectedDevice;
import org.igdlab.runner.inventory.Generation;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads a pasted IGD bug report: QEMU command lines (any quoting, continuations, the
 * libvirt-logged form), libvirt domain XML (whole or in fragments), Proxmox VM configs, lspci
 * and earlydump dumps of host and guest, QEMU's stderr, firmware and kernel lines, versions and
 * the reporter's prose. Nothing is executed or shell-expanded; every value passes {@link Allow}
 * before it is used, and what is not used is listed.
 */
public final class ReproParser {
    static final int CONFIG = 50;
    static final int CONFIG_DEFAULT = 45;
    static final int DUMP = 40;
    static final int LOG = 35;
    static final int TEXT_ID = 30;
    static final int ROMFILE = 20;
    static final int PROSE = 10;
    static final int DEFAULT = 0;

    static final List<String> AXES = List.of("generation", "machine", "firmware", "mode", "x-igd-opregion", "guest");
    private static final Set<String> EXTRA_PROPS = Set.of("x-igd-legacy-mode", "x-igd-lpc", "x-igd-gms", "x-vga",
            "romfile", "rombar", "x-pci-device-id", "x-pci-class-code", "legacy-igd", "pcie");
    private static final Set<String> PVE_KEYS = Set.of("agent", "args", "balloon", "bios", "boot", "bootdisk", "cores",
            "cpu", "description", "efidisk0", "hostpci", "hotplug", "kvm", "machine", "memory", "meta", "name", "numa",
            "onboot", "ostype", "scsihw", "smbios1", "sockets", "tablet", "vga", "vmgenid", "tpmstate0", "audio0",
            "startup", "protection", "template", "localtime", "hookscript", "affinity", "vcpus");
    private static final Pattern PVE_LINE = Pattern.compile(
            "^(hostpci\\d+|net\\d+|scsi\\d+|sata\\d+|ide\\d+|virtio\\d+|usb\\d+|serial\\d+|unused\\d+|[a-z][a-z0-9]*)\\s*:\\s*(.*)$");
    private static final Pattern STDERR = Pattern.compile(
            "^(?:\\S+\\s+)?((?:\\S*/)?(?:qemu-system-[\\w.]+|qemu-kvm[\\w.]*|kvm)):\\s+(\\S.*)$");
    private static final Pattern DEVICE_ID = Pattern.compile(
            "(?i)(?:\\b8086:([0-9a-f]{4})\\b|Intel display ([0-9a-f]{4})\\b)");
    private static final Pattern ROM_ID = Pattern.compile("(?i)(?:^|[-_.])([0-9a-f]{4})(?=[-_.]|$)");
    private static final Pattern SEABIOS = Pattern.compile("SeaBIOS \\(version ([^)\\s]+)\\)");
    private static final Pattern QEMU_VERSION = Pattern.compile(
            "(?i)(?:qemu\\s+version:?|QEMU emulator version|\\bQEMU)\\s+(\\d+\\.\\d+(?:\\.\\d+)?)\\b");
    private static final Pattern PVE_QEMU = Pattern.compile("pve-qemu-kvm(?:\\s+|=)(\\d+\\.\\d+\\.\\d+(?:-\\d+)?)");
    private static final Pattern LIBVIRT_VERSION = Pattern.compile("(?i)libvirt\\s+version:?\\s+(\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final Pattern KERNEL = Pattern.compile("(?i)(?:\\bkernel:?\\s+|Linux version\\s+)(\\d+\\.\\d+(?:\\.\\d+)?[-\\w.+]*)");
    private static final Pattern UNAME = Pattern.compile("^(\\d+\\.\\d+(?:\\.\\d+)?(?:-[\\w.+-]+)?)$");
    private static final Pattern FC_ZERO = Pattern.compile(
            "(?i)\\b(?:0x)?fc\\b[^.\\n]{0,40}?\\b(?:is|reads|=)\\s*(zero|0x0+\\b|00 00 00 00)");
    private static final Pattern SYMPTOM = Pattern.compile(
            "(?i)(code 43|black screen|no (?:display|video|windows boot logo|output)[^,;\\n]{0,30}|Failed to find VBIOS tables \\(VBT\\)"
                    + "|failed to allocate BDSM[^.]*|Intel IGD (?:OpRegion|BDSM) enabled at [^\\n]+|SetupVm\\w+: [^\\n]+|Running option rom at \\S+)");
    private static final Pattern UPT = Pattern.compile("(?i)\\bUPT\\b|universal pass-?through");
    private static final Pattern LEGACY = Pattern.compile("(?i)(?<!not |no |non-)\\blegacy[- ]mode\\b");
    private static final Pattern OPREGION_TEXT = Pattern.compile(
            "(?i)x-igd-opregion(?:\\s*=\\s*(on|off|true|false|yes|no))?");
    private static final Pattern WINDOWS = Pattern.compile("(?i)\\b(windows(?: 1[01]| 7)?|win ?1[01]|win7|w10)\\b");
    private static final Map<Pattern, Generation> PLATFORMS = new LinkedHashMap<>();

    static {
        String[][] names = {{"sandy[\\s-]?bridge", "SANDY_BRIDGE"}, {"ivy[\\s-]?bridge", "IVY_BRIDGE"},
            {"haswell", "HASWELL"}, {"bay[\\s-]?trail", "BAY_TRAIL"}, {"broadwell", "BROADWELL"},
            {"cherry[\\s-]?trail|braswell", "CHERRY_TRAIL"}, {"skylake", "SKYLAKE"}, {"apollo[\\s-]?lake", "APOLLO_LAKE"},
            {"kaby[\\s-]?lake", "KABY_LAKE"}, {"amber[\\s-]?lake", "AMBER_LAKE"}, {"gemini[\\s-]?lake", "GEMINI_LAKE"},
            {"coffee[\\s-]?lake|whiskey[\\s-]?lake", "COFFEE_LAKE"}, {"comet[\\s-]?lake", "COMET_LAKE"},
            {"cannon[\\s-]?lake", "CANNON_LAKE"}, {"ice[\\s-]?lake", "ICE_LAKE"}, {"elkhart[\\s-]?lake", "ELKHART_LAKE"},
            {"jasper[\\s-]?lake", "JASPER_LAKE"}, {"tiger[\\s-]?lake", "TIGER_LAKE"}, {"rocket[\\s-]?lake", "ROCKET_LAKE"},
            {"alder[\\s-]?lake[\\s-]?n\\b", "ALDER_LAKE_N"}, {"alder[\\s-]?lake", "ALDER_LAKE"},
            {"raptor[\\s-]?lake", "RAPTOR_LAKE"}, {"meteor[\\s-]?lake", "METEOR_LAKE"}, {"arrow[\\s-]?lake", "ARROW_LAKE"},
            {"lunar[\\s-]?lake", "LUNAR_LAKE"}, {"panther[\\s-]?lake", "PANTHER_LAKE"}};
        for (String[] n : names) {
            PLATFORMS.put(Pattern.compile("(?i)\\b(?:" + n[0] + ")"), Generation.valueOf(n[1]));
        }
    }

    private record Evidence(String key, String value, int rank, String source, int order) {
    }

    private final String[] lines;
    private final BitSet used = new BitSet();
    private final BitSet stderrLines = new BitSet();
    private final List<Evidence> evidence = new ArrayList<>();
    private final List<ReproReport.Part> parts = new ArrayList<>();
    private final List<ReproReport.RoleDevice> devices = new ArrayList<>();
    private final List<Derived> extras = new ArrayList<>();
    private final List<Derived> versions = new ArrayList<>();
    private final List<Derived> observations = new ArrayList<>();
    private final List<Unusable> unusable = new ArrayList<>();

    private ReproParser(String text) {
        this.lines = text.split("\\R", -1);
    }

    /** Reads {@code text}. Never throws on content: what cannot be read is listed in the result. */
    public static ReproReport parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the report is empty");
        }
        ReproParser p = new ReproParser(text.replace("\r\n", "\n"));
        p.dumps();
        p.commandLines();
        p.libvirt();
        p.stderr();
        p.proxmox();
        p.logsAndVersions();
        p.prose();
        return p.result();
    }

    // ---------------------------------------------------------------- dumps

    private void dumps() {
        DumpReader.Scan scan = DumpReader.scan(String.join("\n", lines));
        used.or(scan.usedLines());
        scan.problems().forEach(pr -> unusable.add(new Unusable(pr.line(), pr.text(), "dump row: " + pr.why())));
        List<InspectedDevice> inspected = InspectedDevice.inspect(scan.dumps());
        List<String> pending = new ArrayList<>();
        String previous = "unknown";
        int from = 1;
        for (InspectedDevice d : inspected) {
            List<String> mentions = roleMentions(from, d.dump().firstLine() - 1);
            String role;
            String why;
            if (!mentions.isEmpty()) {
                role = mentions.get(0);
                pending = new ArrayList<>(mentions.subList(1, mentions.size()));
                why = "the text before line " + d.dump().firstLine() + " names the " + String.join(" then the ", mentions);
            } else if (!pending.isEmpty() && !devices.isEmpty()
                    && devices.get(devices.size() - 1).device().bdf().equals(d.bdf())) {
                role = pending.remove(0); // a second dump of the same function: the other side the text named
                why = "the " + role + " is the next one the earlier text names";
            } else {
                role = previous;
                why = role.equals("unknown") ? "the text does not say" : "follows the previous " + role + " dump";
            }
            previous = role;
            from = d.dump().lastLine() + 1;
            devices.add(new ReproReport.RoleDevice(role, why, d));
            parts.add(new ReproReport.Part("dump", d.dump().firstLine(), d.dump().lastLine(),
                    role + " " + d.bdf() + " " + InspectReportHex.id(d)));
            String src = "dump lines " + d.dump().firstLine() + "-" + d.dump().lastLine() + " (" + role + ")";
            if (d.kind() == InspectedDevice.Kind.IGD) {
                d.generation().ifPresent(g -> add("generation", g.id(), DUMP + (role.equals("host") ? 1 : 0),
                        src + ": device ID " + String.format("0x%04x", d.deviceId().getAsInt()), d.dump().firstLine()));
                observe(role + " " + d.bdf() + " 0xFC ASLS", InspectReportHex.hex(d.registers().asls(), 8), src);
                observe(role + " " + d.bdf() + " 0x5C BDSM", InspectReportHex.hex(d.registers().bdsm(), 8), src);
                observe(role + " " + d.bdf() + " 0xC0 BDSM64", InspectReportHex.hex(d.registers().bdsm64(), 16), src);
                observe(role + " " + d.bdf() + " 0x50 GGC", InspectReportHex.hex(d.registers().ggc(), 4), src);
                d.classCode().ifPresent(c -> observe(role + " " + d.bdf() + " class", String.format("0x%06x", c), src));
            }
        }
    }

    private List<String> roleMentions(int from, int to) {
        List<String> out = new ArrayList<>();
        Pattern guest = Pattern.compile("(?i)\\b(guest|VM|virtual machine)\\b");
        Pattern host = Pattern.compile("(?i)\\bhost\\b(?![-_ ]?(?:bridge|name|dev|fwd|pci|=))");
        for (int i = Math.max(1, from); i <= to && i <= lines.length; i++) {
            if (used.get(i)) {
                continue;
            }
            String l = lines[i - 1];
            Matcher g = guest.matcher(l);
            Matcher h = host.matcher(l);
            int gi = g.find() ? g.start() : Integer.MAX_VALUE;
            int hi = h.find() ? h.start() : Integer.MAX_VALUE;
            if (gi < hi) {
                addOnce(out, "guest");
                if (hi != Integer.MAX_VALUE) {
                    addOnce(out, "host");
                }
            } else if (hi < gi) {
                addOnce(out, "host");
                if (gi != Integer.MAX_VALUE) {
                    addOnce(out, "guest");
                }
            }
        }
        return out;
    }

    private static void addOnce(List<String> l, String s) {
        if (!l.contains(s)) {
            l.add(s);
        }
    }

    // ---------------------------------------------------------------- QEMU command lines

    private void commandLines() {
        for (int i = 1; i <= lines.length; i++) {
            if (used.get(i)) {
                continue;
            }
            String line = stripPrompt(lines[i - 1]);
            List<String> first = quietSplit(line);
            if (first.isEmpty()) {
                continue;
            }
            boolean env = QemuArgs.ENV.matcher(first.get(0)).matches() && line.endsWith("\\");
            boolean binary = QemuArgs.BINARY.matcher(first.get(0)).matches()
                    && (line.endsWith("\\") || first.size() > 1 && first.get(1).startsWith("-"));
            boolean fragment = first.get(0).equals("-device") && line.contains("vfio-pci")
                    || first.get(0).equals("-set") && line.contains("device.");
            if (!env && !binary && !fragment) {
                continue;
            }
            int end = i;
            StringBuilder text = new StringBuilder(line);
            while (end < lines.length && continues(text.toString(), end)) {
                end++;
                text.append('\n').append(lines[end - 1]);
            }
            List<String> argv;
            try {
                argv = QemuArgs.split(text.toString());
            } catch (QemuArgs.Unterminated e) {
                unusable.add(new Unusable(i, line, "command line at lines " + i + "-" + end + ": " + e.getMessage()));
                used.set(i, end + 1);
                i = end;
                continue;
            }
            int k = 0;
            while (k < argv.size() && QemuArgs.ENV.matcher(argv.get(k)).matches()) {
                k++;
            }
            if (!fragment && (k >= argv.size() || !QemuArgs.BINARY.matcher(argv.get(k)).matches())) {
                continue; // environment assignments not followed by QEMU: not a command line
            }
            used.set(i, end + 1);
            String where = (fragment ? "QEMU arguments" : "QEMU command line") + " lines " + i + "-" + end;
            parts.add(new ReproReport.Part(fragment ? "qemu-args" : "qemu-cmdline", i, end,
                    fragment ? argv.size() + " words" : argv.get(k) + ", " + (argv.size() - k - 1) + " arguments"));
            interpretArgv(argv.subList(fragment ? 0 : k + 1, argv.size()), where, i, fragment, Map.of());
            i = end;
        }
    }

    private boolean continues(String soFar, int lineNo) {
        String last = lines[lineNo - 1].stripTrailing();
        if (last.endsWith("\\") || QemuArgs.openQuote(soFar)) {
            return true;
        }
        return lineNo < lines.length && lines[lineNo].strip().equals("\\");
    }

    private static String stripPrompt(String line) {
        return line.strip().replaceFirst("^(?:\\S+@\\S+[:~\\w/]*)?[#$]\\s+", "");
    }

    private static List<String> quietSplit(String line) {
        try {
            return QemuArgs.split(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line);
        } catch (QemuArgs.Unterminated e) {
            int cut = Math.min(line.indexOf('\'') < 0 ? line.length() : line.indexOf('\''),
                    line.indexOf('"') < 0 ? line.length() : line.indexOf('"'));
            try {
                return QemuArgs.split(line.substring(0, cut));
            } catch (QemuArgs.Unterminated again) {
                return List.of();
            }
        }
    }

    /**
     * Options of one QEMU invocation (or of args added by libvirt/Proxmox). {@code known} maps
     * device ids that the surrounding config already created (libvirt hostdevN, Proxmox hostpciN).
     */
    private void interpretArgv(List<String> args, String where, int line, boolean partial,
                               Map<String, Map<String, String>> known) {
        Map<String, Map<String, String>> vfio = new LinkedHashMap<>();
        known.forEach((id, props) -> vfio.put(id, props));
        Map<String, String> globals = new LinkedHashMap<>();
        boolean firmwareSeen = false;
        for (int k = 0; k < args.size(); k++) {
            String opt = args.get(k);
            if (!opt.startsWith("-")) {
                continue;
            }
            String name = opt.startsWith("--") ? opt.substring(1) : opt;
            if (QemuArgs.FLAGS.contains(name)) {
                continue;
            }
            if (name.chars().anyMatch(Character::isWhitespace)) {
                unusable.add(new Unusable(line, opt, where + ": one word holds spaces, so QEMU gets it as ONE argument "
                        + "and will not split it"));
                continue;
            }
            if (k + 1 >= args.size()) {
                unusable.add(new Unusable(line, opt, where + ": " + opt + " has no value"));
                continue;
            }
            String value = args.get(++k);
            switch (name) {
                case "-machine", "-M" -> {
                    Map<String, String> o = QemuArgs.options(value, "type");
                    machine(o.getOrDefault("type", ""), CONFIG, where + ": " + name + " " + value, line);
                }
                case "-bios" -> {
                    firmwareSeen = true;
                    firmwareFile(value, CONFIG, where + ": -bios " + value, line);
                }
                case "-drive" -> {
                    Map<String, String> o = QemuArgs.options(value, "file");
                    if ("pflash".equals(o.get("if"))) {
                        firmwareSeen = true;
                        add("firmware", "ovmf", CONFIG, where + ": pflash drive " + o.getOrDefault("file", ""), line);
                    }
                }
                case "-cpu" -> {
                    if (value.contains("hv_") || value.contains("hv-")) {
                        add("guest", "windows", PROSE + 5, where + ": Hyper-V enlightenments in -cpu", line);
                    }
                }
                case "-device" -> {
                    Map<String, String> o = QemuArgs.options(value, "driver");
                    if ("vfio-pci".equals(o.get("driver"))) {
                        String id = o.getOrDefault("id", "#" + vfio.size());
                        vfio.put(id, new LinkedHashMap<>(o));
                    }
                }
                case "-set" -> {
                    Matcher m = Pattern.compile("^device\\.([^.=]+)\\.([^=]+)=(.*)$").matcher(value);
                    if (!m.matches()) {
                        continue;
                    }
                    Map<String, String> target = vfio.get(m.group(1));
                    if (target == null) {
                        if (m.group(2).startsWith("x-igd") || partial) {
                            unusable.add(new Unusable(line, "-set " + value, where + ": no vfio-pci device with id '"
                                    + m.group(1) + "' in this part of the report"));
                        }
                        continue;
                    }
                    target.put(m.group(2), m.group(3));
                    target.put("@set:" + m.group(2), "-set " + value);
                }
                case "-global" -> {
                    Matcher m = Pattern.compile("^vfio-pci\\.([^=]+)=(.*)$").matcher(value);
                    if (m.matches()) {
                        globals.put(m.group(1), m.group(2));
                    }
                }
                default -> {
                }
            }
        }
        if (!partial && !firmwareSeen && known.isEmpty()) {
            add("firmware", "seabios", CONFIG_DEFAULT, where + ": no -bios or pflash drive, so QEMU's default SeaBIOS", line);
        }
        for (Map.Entry<String, Map<String, String>> e : vfio.entrySet()) {
            Map<String, String> props = new LinkedHashMap<>(e.getValue());
            globals.forEach(props::putIfAbsent);
            if (isIgd(props)) {
                assign(props, where + (e.getKey().startsWith("#") ? "" : " (device " + e.getKey() + ")"), line);
            }
        }
    }

    private static boolean isIgd(Map<String, String> props) {
        String host = props.getOrDefault("host", "");
        String sysfs = props.getOrDefault("sysfsdev", "");
        return host.matches("^(?:0000:)?00:02(?:\\.0)?$") || sysfs.contains("0000:00:02.0");
    }

    /** An IGD assignment from any source: its guest address, x-igd-opregion and the other options. */
    private void assign(Map<String, String> props, String where, int line) {
        String addr = props.get("addr");
        String bus = props.getOrDefault("bus", "");
        if (addr != null) {
            Matcher m = Pattern.compile("^(?:0x)?([0-9a-fA-F]{1,2})(?:\\.(?:0x)?([0-7]))?$").matcher(addr);
            if (!m.matches()) {
                unusable.add(new Unusable(line, "addr=" + addr, where + ": guest address is not slot[.function]"));
            } else {
                int slot = Integer.parseInt(m.group(1), 16);
                int fn = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                boolean root = bus.isEmpty() || bus.equals("pci.0") || bus.equals("pcie.0");
                String guest = String.format("%s:%02x.%d", root ? "00" : bus, slot, fn);
                boolean legacy = root && slot == 2 && fn == 0;
                add("mode", legacy ? "legacy" : "upt", CONFIG, where + ": IGD at guest " + guest
                        + (root ? " on the root bus" : "") + sourceOf(props, "addr"), line);
            }
        } else {
            add("mode", "upt", PROSE + 5, where + ": no guest address given, so not pinned to 00:02.0", line);
        }
        if (bus.equals("pcie.0")) {
            add("machine", "q35", CONFIG_DEFAULT, where + ": bus=pcie.0 exists only on q35", line);
        }
        String op = props.get("x-igd-opregion");
        if (op != null) {
            onOff(op).ifPresentOrElse(v -> add("x-igd-opregion", v, CONFIG, where + ": x-igd-opregion=" + op
                    + sourceOf(props, "x-igd-opregion"), line),
                    () -> unusable.add(new Unusable(line, "x-igd-opregion=" + op, where + ": not on/off")));
        } else {
            add("x-igd-opregion", "default", CONFIG_DEFAULT, where + ": x-igd-opregion not set", line);
        }
        for (Map.Entry<String, String> p : props.entrySet()) {
            if (EXTRA_PROPS.contains(p.getKey())) {
                extra(p.getKey(), p.getValue(), where + sourceOf(props, p.getKey()), line);
            }
        }
        String rom = props.get("romfile");
        if (rom != null) {
            Matcher m = ROM_ID.matcher(rom.substring(rom.lastIndexOf('/') + 1));
            while (m.find()) {
                int id = Integer.parseInt(m.group(1), 16);
                Optional<Generation> g = Generation.forDeviceId(id);
                if (g.isPresent() && Allow.check(Allow.PATH, rom).isEmpty()) {
                    add("generation", g.get().id(), ROMFILE, where + ": romfile name " + rom + " carries device ID "
                            + m.group(1), line);
                    break;
                }
            }
        }
    }

    private static String sourceOf(Map<String, String> props, String key) {
        String set = props.get("@set:" + key);
        return set == null ? "" : " (" + set + ")";
    }

    private static Optional<String> onOff(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> Optional.of("on");
            case "off", "false", "no", "0" -> Optional.of("off");
            default -> Optional.empty();
        };
    }

    private void machine(String raw, int rank, String where, int line) {
        Optional<String> bad = Allow.check(Allow.WORD, raw);
        if (bad.isPresent()) {
            unusable.add(new Unusable(line, raw, where + ": machine " + bad.get()));
            return;
        }
        String m = raw.toLowerCase(Locale.ROOT);
        if (m.equals("q35") || m.startsWith("pc-q35")) {
            add("machine", "q35", rank, where, line);
        } else if (m.equals("pc") || m.startsWith("pc-i440fx") || m.matches("^pc-\\d.*")) {
            add("machine", "pc", rank, where, line);
        } else {
            unusable.add(new Unusable(line, raw, where + ": machine '" + raw + "' is neither pc (i440fx) nor q35"));
        }
    }

    private void firmwareFile(String path, int rank, String where, int line) {
        Optional<String> bad = Allow.check(Allow.PATH, path);
        if (bad.isPresent()) {
            unusable.add(new Unusable(line, path, where + ": firmware path " + bad.get()));
            return;
        }
        String p = path.toLowerCase(Locale.ROOT);
        if (p.contains("ovmf") || p.contains("edk2") || p.contains("qemu_efi")) {
            add("firmware", "ovmf", rank, where, line);
        } else if (p.contains("seabios") || p.endsWith("bios.bin") || p.endsWith("bios-256k.bin")) {
            add("firmware", "seabios", rank, where, line);
        } else {
            unusable.add(new Unusable(line, path, where + ": cannot tell SeaBIOS from OVMF by the file name"));
        }
    }

    private void extra(String name, String value, String where, int line) {
        Optional<String> bad = Allow.check(name.equals("romfile") ? Allow.PATH : Allow.WORD, value);
        if (bad.isPresent()) {
            unusable.add(new Unusable(line, name + "=" + value, where + ": " + name + " " + bad.get()));
            return;
        }
        for (Derived d : extras) {
            if (d.name().equals(name) && d.value().equals(value)) {
                return;
            }
        }
        extras.add(new Derived(name, value, where + " (line " + line + ")"));
    }

    // ---------------------------------------------------------------- libvirt XML

    private void libvirt() {
        for (int i = 1; i <= lines.length; i++) {
            if (used.get(i)) {
                continue;
            }
            String l = lines[i - 1];
            String tag = null;
            for (String t : List.of("domain", "hostdev", "qemu:commandline", "qemu:override", "os")) {
                if (Pattern.compile("<" + t + "(?:[\\s>/]|$)").matcher(l).find()) {
                    tag = t;
                    break;
                }
            }
            if (tag == null) {
                continue;
            }
            int end = i;
            while (end <= lines.length && !lines[end - 1].contains("</" + tag + ">")) {
                end++;
            }
            if (end > lines.length) {
                unusable.add(new Unusable(i, l.strip(), "libvirt XML <" + tag + "> is never closed"));
                used.set(i);
                continue;
            }
            if (!tag.equals("domain")) {
                // fragments pasted one after another (a <qemu:commandline> and a <hostdev>) belong together
                int next = end + 1;
                while (next <= lines.length && lines[next - 1].isBlank()) {
                    next++;
                }
                while (next <= lines.length && lines[next - 1].strip().matches("^<(hostdev|qemu:commandline|qemu:override|os)[\\s>].*")) {
                    String t = lines[next - 1].strip().replaceFirst("^<([a-z:]+).*$", "$1");
                    int close = next;
                    while (close <= lines.length && !lines[close - 1].contains("</" + t + ">")) {
                        close++;
                    }
                    if (close > lines.length) {
                        break;
                    }
                    end = close;
                    next = end + 1;
                    while (next <= lines.length && lines[next - 1].isBlank()) {
                        next++;
                    }
                }
            }
            String closing = lastClosing(lines[end - 1]);
            StringBuilder xml = new StringBuilder();
            for (int k = i; k <= end; k++) {
                String s = lines[k - 1];
                if (k == i) {
                    s = s.substring(s.indexOf("<" + tag));
                }
                if (k == end) {
                    s = s.substring(0, s.lastIndexOf(closing) + closing.length());
                }
                xml.append(s).append('\n');
            }
            used.set(i, end + 1);
            try {
                Element root = parseXml("<fragment>" + xml + "</fragment>");
                parts.add(new ReproReport.Part("libvirt-xml", i, end, "<" + tag + ">"));
                domain(root, "libvirt XML lines " + i + "-" + end, i);
            } catch (Exception e) {
                unusable.add(new Unusable(i, l.strip(), "libvirt XML lines " + i + "-" + end + " is not well-formed: "
                        + e.getMessage()));
            }
            i = end;
        }
    }

    private static String lastClosing(String line) {
        Matcher m = Pattern.compile("</[A-Za-z:]+>").matcher(line);
        String last = "";
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    private static Element parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }

    private void domain(Element root, String where, int line) {
        for (Element type : elements(root, "type")) {
            if (type.getParentNode() instanceof Element parent && parent.getTagName().equals("os")) {
                String m = type.getAttribute("machine");
                if (!m.isEmpty()) {
                    machine(m, CONFIG, where + ": <type machine='" + m + "'>", line);
                } else {
                    add("machine", "pc", CONFIG_DEFAULT - 5, where + ": <os><type> names no machine; libvirt then "
                            + "uses QEMU's default, pc (i440fx)", line);
                }
            }
        }
        boolean firmware = false;
        for (Element os : elements(root, "os")) {
            if (os.getAttribute("firmware").equals("efi")) {
                add("firmware", "ovmf", CONFIG, where + ": <os firmware='efi'>", line);
                firmware = true;
            }
            for (Element loader : elements(os, "loader")) {
                firmwareFile(loader.getTextContent().strip(), CONFIG, where + ": <loader> " + loader.getTextContent().strip(), line);
                firmware = true;
            }
            if (!firmware) {
                add("firmware", "seabios", CONFIG_DEFAULT - 5, where + ": <os> has no <loader>, so SeaBIOS", line);
            }
        }
        if (!elements(root, "hyperv").isEmpty()) {
            add("guest", "windows", PROSE + 5, where + ": <hyperv> enlightenments", line);
        }
        Map<String, Map<String, String>> hostdevs = new LinkedHashMap<>();
        int n = 0;
        for (Element hd : elements(root, "hostdev")) {
            String alias = "hostdev" + n++;
            if (!hd.getAttribute("type").equals("pci") && !hd.getAttribute("type").isEmpty()) {
                continue;
            }
            Map<String, String> props = new LinkedHashMap<>();
            for (Element src : elements(hd, "source")) {
                for (Element a : elements(src, "address")) {
                    props.put("host", pciAddress(a, false));
                }
            }
            for (Node c = hd.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element a && a.getTagName().equals("address")) {
                    String bus = a.getAttribute("bus");
                    props.put("bus", bus.isEmpty() || Integer.decode(bus) == 0 ? "pci.0" : "pci." + Integer.decode(bus));
                    props.put("addr", pciAddress(a, true));
                }
                if (c instanceof Element rom && rom.getTagName().equals("rom")) {
                    if (!rom.getAttribute("bar").isEmpty()) {
                        props.put("rombar", rom.getAttribute("bar").equals("on") ? "1" : "0");
                    }
                    if (!rom.getAttribute("file").isEmpty()) {
                        props.put("romfile", rom.getAttribute("file"));
                    }
                }
            }
            props.put("id", alias);
            hostdevs.put(alias, props);
        }
        for (Element ov : elements(root, "qemu:device")) {
            Map<String, String> target = hostdevs.get(ov.getAttribute("alias"));
            for (Element prop : elements(ov, "qemu:property")) {
                String name = prop.getAttribute("name");
                String value = prop.getAttribute("value");
                if (target == null) {
                    unusable.add(new Unusable(line, name + "=" + value, where + ": <qemu:device alias='"
                            + ov.getAttribute("alias") + "'> names no <hostdev> in this XML"));
                } else {
                    target.put(name, value);
                    target.put("@set:" + name, "<qemu:override> " + name + "=" + value);
                }
            }
        }
        List<String> args = new ArrayList<>();
        for (Element arg : elements(root, "qemu:arg")) {
            args.add(arg.getAttribute("value"));
        }
        boolean hasIgd = hostdevs.values().stream().anyMatch(ReproParser::isIgd);
        if (!args.isEmpty()) {
            Map<String, Map<String, String>> known = new LinkedHashMap<>();
            hostdevs.forEach((k, v) -> known.put(k, v));
            interpretArgv(args, where + " <qemu:commandline> (hostdevN = libvirt's alias of the Nth <hostdev>)", line,
                    true, known);
        } else if (hasIgd) {
            hostdevs.values().stream().filter(ReproParser::isIgd).forEach(p -> assign(p, where + " <hostdev>", line));
        }
    }

    private static String pciAddress(Element a, boolean guest) {
        int bus = decode(a.getAttribute("bus"));
        int slot = decode(a.getAttribute("slot"));
        int fn = decode(a.getAttribute("function"));
        return guest ? String.format("0x%x.%d", slot, fn) : String.format("0000:%02x:%02x.%d", bus, slot, fn);
    }

    private static int decode(String s) {
        try {
            return s.isEmpty() ? 0 : Integer.decode(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Element> elements(Element root, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nl = root.getElementsByTagName(tag);
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    // ---------------------------------------------------------------- Proxmox

    private void proxmox() {
        Map<Integer, String[]> entries = new LinkedHashMap<>();
        for (int i = 1; i <= lines.length; i++) {
            if (used.get(i)) {
                continue;
            }
            Matcher m = PVE_LINE.matcher(lines[i - 1].strip());
            if (m.matches()) {
                String key = m.group(1);
                String base = key.replaceAll("\\d+$", "");
                if (key.equals("kvm") && !m.group(2).strip().matches("^[01]$")) {
                    continue; // "kvm: -device …: …" is Proxmox's QEMU talking, not the kvm: 0|1 key
                }
                if (PVE_KEYS.contains(key) || PVE_KEYS.contains(base) || key.matches("^(net|scsi|sata|ide|virtio|usb|serial|unused)\\d+$")) {
                    entries.put(i, new String[] {key, m.group(2).strip()});
                }
            }
        }
        boolean isConfig = entries.values().stream().anyMatch(e -> e[0].startsWith("hostpci") || e[0].equals("args"))
                && entries.values().stream().filter(e -> Set.of("bios", "machine", "vga", "hostpci0", "args", "ostype", "cpu")
                        .contains(e[0])).count() >= 2;
        if (!isConfig) {
            return;
        }
        int first = entries.keySet().iterator().next();
        int last = first;
        Map<String, Map<String, String>> hostpci = new LinkedHashMap<>();
        List<Object[]> args = new ArrayList<>();
        String where = "Proxmox VM config";
        boolean biosSeen = false;
        boolean machineSeen = false;
        for (Map.Entry<Integer, String[]> e : entries.entrySet()) {
            int line = e.getKey();
            String key = e.getValue()[0];
            String value = e.getValue()[1];
            used.set(line);
            last = line;
            String at = where + " line " + line + ": " + key + ": " + value;
            switch (key) {
                case "bios" -> {
                    biosSeen = true;
                    if (value.equals("ovmf") || value.equals("seabios")) {
                        add("firmware", value, CONFIG, at, line);
                    } else {
                        unusable.add(new Unusable(line, value, at + ": bios is not ovmf or seabios"));
                    }
                }
                case "machine" -> {
                    machineSeen = true;
                    machine(value.replaceFirst("\\+pve\\d+$", ""), CONFIG, at, line);
                }
                case "ostype" -> add("guest", value.startsWith("win") ? "windows" : "linux", PROSE + 8, at, line);
                case "args" -> args.add(new Object[] {line, value});
                case "meta" -> {
                    Matcher m = Pattern.compile("creation-qemu=([^,\\s]+)").matcher(value);
                    if (m.find()) {
                        version("qemu (VM created with)", m.group(1), at, line);
                    }
                }
                default -> {
                    if (key.startsWith("hostpci")) {
                        Map<String, String> props = QemuArgs.options(value, "host");
                        props.put("id", key);
                        boolean legacy = "1".equals(props.get("legacy-igd"));
                        boolean pcie = "1".equals(props.get("pcie"));
                        props.put("bus", legacy || !pcie ? "pci.0" : "ich9-pcie-port-" + (key.substring(7)));
                        if (legacy) {
                            props.put("addr", "0x2");
                            props.put("@set:addr", "legacy-igd=1 puts it at pci.0 addr 0x2");
                        } else if (!pcie) {
                            props.put("addr", String.format("0x%x", 0x10 + Integer.parseInt(key.substring(7)) % 4));
                            props.put("@set:addr", "Proxmox's slot for " + key + " on pci.0");
                        } else {
                            props.put("addr", "0x0");
                            props.put("@set:addr", "pcie=1 puts it behind a root port");
                        }
                        hostpci.put(key, props);
                    }
                }
            }
        }
        if (!biosSeen) {
            add("firmware", "seabios", CONFIG_DEFAULT - 5, where + ": no bios: line, so Proxmox's default SeaBIOS", first);
        }
        if (!machineSeen) {
            add("machine", "pc", CONFIG_DEFAULT - 5, where + ": no machine: line, so Proxmox's default pc (i440fx)", first);
        }
        parts.add(new ReproReport.Part("proxmox-config", first, last, entries.size() + " keys, "
                + hostpci.size() + " hostpci"));
        List<String> argv = new ArrayList<>();
        int argsLine = first;
        for (Object[] a : args) {
            argsLine = (Integer) a[0];
            try {
                argv.addAll(QemuArgs.split((String) a[1]));
            } catch (QemuArgs.Unterminated ex) {
                unusable.add(new Unusable(argsLine, (String) a[1], where + " args: " + ex.getMessage()));
            }
        }
        interpretArgv(argv, where + (args.isEmpty() ? "" : " (args: line " + argsLine + ")"), argsLine, true, hostpci);
    }

    // ---------------------------------------------------------------- logs, versions, prose

    private void stderr() {
        for (int i = 1; i <= lines.length; i++) {
            if (used.get(i)) {
                continue;
            }
            Matcher m = STDERR.matcher(lines[i - 1].strip());
            if (!m.matches()) {
                continue;
            }
            StringBuilder msg = new StringBuilder(m.group(2).strip());
            int end = i;
            while (end < lines.length && !used.get(end + 1) && lines[end].matches("^[a-z0-9'].*")
                    && !lines[end].matches("^\\S+: .*") && !STDERR.matcher(lines[end].strip()).matches()) {
                msg.append(' ').append(lines[end].strip());
                end++;
            }
            used.set(i, end + 1);
            stderrLines.set(i, end + 1);
            parts.add(new ReproReport.Part("qemu-stderr", i, end, m.group(1)));
            Matcher dev = Pattern.compile("^-device (vfio-pci,\\S+?): ").matcher(msg);
            if (dev.find()) {
                interpretArgv(List.of("-device", dev.group(1)), "QEMU stderr line " + i + " (the -device it echoes)", i,
                        true, Map.of());
            }
            observeText("QEMU said", msg.toString(), "QEMU stderr line " + i, i);
            i = end;
        }
    }

    private void logsAndVersions() {
        String all = String.join("\n", lines);
        versionsIn(all, QEMU_VERSION, "qemu");
        versionsIn(all, PVE_QEMU, "pve-qemu-kvm");
        versionsIn(all, LIBVIRT_VERSION, "libvirt");
        versionsIn(all, KERNEL, "kernel");
        versionsIn(all, SEABIOS, "seabios");
        for (int i = 1; i <= lines.length; i++) {
            String l = lines[i - 1].strip();
            if (l.endsWith("uname -r") && i < lines.length) {
                Matcher m = UNAME.matcher(lines[i].strip());
                if (m.matches()) {
                    version("kernel", m.group(1), "uname -r output, line " + (i + 1), i + 1);
                    used.set(i, i + 2);
                }
            }
            Matcher s = SEABIOS.matcher(l);
            if (s.find()) {
                add("firmware", "seabios", LOG, "SeaBIOS log line " + i + ": " + s.group(), i);
                used.set(i);
            }
            if (l.contains("SetupVmOpRegion") || l.contains("IgdAssignmentDxe")) {
                add("firmware", "ovmf", LOG, "UEFI IGD option ROM log line " + i, i);
            }
            if (stderrLines.get(i)) {
                continue;
            }
            Matcher sym = SYMPTOM.matcher(l);
            if (sym.find()) {
                observeText("reported", sym.group(1).strip().replaceAll("[\"';,.]+$", ""), "line " + i, i);
                used.set(i);
            }
            Matcher fc = FC_ZERO.matcher(l);
            if (fc.find()) {
                observeText("text says ASLS 0xFC", "zero", "line " + i + ": \"" + fc.group().strip() + "\"", i);
                used.set(i);
            }
        }
    }

    private void versionsIn(String all, Pattern p, String component) {
        Matcher m = p.matcher(all);
        while (m.find()) {
            int line = lineOf(all, m.start());
            if (component.equals("qemu") && stderrLines.get(line)) {
                continue;
            }
            version(component, m.group(1), "line " + line + ": \"" + m.group().replaceAll("\\s+", " ").strip() + "\"", line);
            used.set(line);
        }
    }

    private static int lineOf(String all, int offset) {
        int n = 1;
        for (int i = 0; i < offset; i++) {
            if (all.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private void version(String component, String v, String source, int line) {
        Optional<String> bad = Allow.check(Allow.VERSION, v);
        if (bad.isPresent()) {
            unusable.add(new Unusable(line, v, component + " version " + bad.get()));
            return;
        }
        for (Derived d : versions) {
            if (d.name().equals(component) && d.value().equals(v)) {
                return;
            }
        }
        versions.add(new Derived(component, v, source));
    }

    private void prose() {
        for (int i = 1; i <= lines.length; i++) {
            if (stderrLines.get(i)) {
                continue; // QEMU's words, not the reporter's ("try SandyBridge or newer")
            }
            String l = lines[i - 1];
            boolean took = false;
            Matcher id = DEVICE_ID.matcher(l);
            while (id.find()) {
                String hex = id.group(1) != null ? id.group(1) : id.group(2);
                Optional<Generation> g = Generation.forDeviceId(Integer.parseInt(hex, 16));
                if (g.isPresent()) {
                    add("generation", g.get().id(), TEXT_ID, "line " + i + ": \"" + id.group() + "\"", i);
                    took = true;
                }
            }
            for (Map.Entry<Pattern, Generation> p : PLATFORMS.entrySet()) {
                Matcher m = p.getKey().matcher(l);
                if (m.find()) {
                    add("generation", p.getValue().id(), PROSE, "line " + i + " names \"" + m.group() + "\"", i);
                    took = true;
                }
            }
            if (UPT.matcher(l).find()) {
                add("mode", "upt", PROSE, "line " + i + " says UPT", i);
                took = true;
            } else if (LEGACY.matcher(l).find()) {
                add("mode", "legacy", PROSE - 1, "line " + i + " says legacy mode", i);
                took = true;
            }
            if (!used.get(i)) {
                Matcher op = OPREGION_TEXT.matcher(l);
                if (op.find()) {
                    String v = op.group(1) == null ? "on" : onOff(op.group(1)).orElse("on");
                    add("x-igd-opregion", v, PROSE, "line " + i + " mentions \"" + op.group() + "\"", i);
                    took = true;
                }
                if (Pattern.compile("(?i)\\bseabios\\b").matcher(l).find()) {
                    add("firmware", "seabios", PROSE - 1, "line " + i + " names SeaBIOS", i);
                    took = true;
                }
                if (Pattern.compile("(?i)\\b(ovmf|uefi)\\b").matcher(l).find()) {
                    add("firmware", "ovmf", PROSE - 1, "line " + i + " names OVMF/UEFI", i);
                    took = true;
                }
            }
            Matcher w = WINDOWS.matcher(l);
            if (w.find()) {
                add("guest", "windows", PROSE, "line " + i + " names \"" + w.group() + "\"", i);
                took = true;
            }
            if (took) {
                used.set(i);
            }
        }
    }

    // ---------------------------------------------------------------- results

    private void add(String key, String value, int rank, String source, int line) {
        evidence.add(new Evidence(key, value, rank, source, evidence.size()));
    }

    private void observe(String what, String value, String source) {
        observations.add(new Derived(what, value, source));
    }

    private void observeText(String what, String text, String source, int line) {
        Optional<String> bad = Allow.check(Allow.TEXT, text);
        if (bad.isPresent()) {
            unusable.add(new Unusable(line, text, source + ": " + bad.get()));
            return;
        }
        observations.add(new Derived(what, text, source));
    }

    private ReproReport result() {
        Map<String, Derived> cell = new LinkedHashMap<>();
        for (String axis : AXES) {
            List<Evidence> all = evidence.stream().filter(e -> e.key().equals(axis)).toList();
            Optional<Evidence> best = all.stream().max((a, b) -> a.rank() != b.rank()
                    ? Integer.compare(a.rank(), b.rank()) : Integer.compare(b.order(), a.order()));
            if (best.isEmpty()) {
                if (axis.equals("machine")) {
                    cell.put(axis, new Derived(axis, "pc", "the report does not say; QEMU's default machine"));
                } else if (axis.equals("firmware")) {
                    cell.put(axis, new Derived(axis, "seabios", "the report does not say; QEMU's default firmware"));
                } else if (axis.equals("mode")) {
                    cell.put(axis, new Derived(axis, "upt", "the report does not say where the IGD sits in the guest"));
                } else if (axis.equals("x-igd-opregion")) {
                    cell.put(axis, new Derived(axis, "default", "the report does not set it"));
                } else if (axis.equals("guest")) {
                    cell.put(axis, new Derived(axis, "linux", "the report does not name a guest OS"));
                }
                continue;
            }
            Evidence b = best.get();
            List<String> others = new ArrayList<>();
            for (Evidence e : all) {
                String o = e.value() + " (" + e.source() + ")";
                if (!e.value().equals(b.value()) && !others.contains(o)) {
                    others.add(o);
                }
            }
            cell.put(axis, new Derived(axis, b.value(), b.source(), others));
        }
        List<Unusable> unused = new ArrayList<>();
        int i = 1;
        while (i <= lines.length) {
            if (used.get(i) || lines[i - 1].isBlank()) {
                i++;
                continue;
            }
            int from = i;
            while (i <= lines.length && !used.get(i) && !(lines[i - 1].isBlank() && (i == lines.length || lines[i].isBlank()))) {
                i++;
            }
            int to = i - 1;
            while (to > from && lines[to - 1].isBlank()) {
                to--;
            }
            unused.add(new Unusable(from, lines[from - 1].strip(), to == from ? "line " + from + " not used"
                    : "lines " + from + "-" + to + " not used"));
        }
        parts.sort((a, b) -> Integer.compare(a.firstLine(), b.firstLine()));
        return new ReproReport(parts, devices, cell, extras, versions, observations, unusable, unused);
    }
}
