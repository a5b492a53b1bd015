package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.YamlSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The axes a suite may vary, and the values each may take. */
final class Axes {
    static final String GENERATION = "generation";
    static final String MACHINE = "machine";
    static final String FIRMWARE = "firmware";
    static final String MODE = "mode";
    static final String OPREGION = "x-igd-opregion";
    static final String LEGACY_MODE = "x-igd-legacy-mode";
    static final String LPC = "x-igd-lpc";
    static final String GMS = "x-igd-gms";
    static final String VGA = "x-vga";
    static final String ROM = "rom";
    /**
     * The guest OS the cell boots: {@code linux} (the lab's Debian image) or {@code windows} (its
     * Windows 11 image); each host must have a {@code guest-image} artifact of that {@code os:}
     * installed. A suite names its guest once: as this axis, or as the top-level {@code guest:} key.
     */
    static final String GUEST = "guest";
    /**
     * The class of the host's IGD (igd-model.md §0, §7.1): {@code vga} (0x0300xx, the primary
     * display) or {@code display} (0x0380xx, an IGD that is not the boot display). Bound to hosts by
     * the inventory's {@code igd.class}, like generation: a cell runs only on a host of its class.
     */
    static final String HOST_CLASS = "host-class";
    /** Whether the IGD is hot-added with QMP {@code device_add} after QEMU started (igd-model.md §2.3 step 2, §7.1). */
    static final String HOTPLUG = "hotplug";
    /** Firmware values that are OVMF with an IgdAssignmentDxe option ROM of one variant as the IGD's romfile= (§4.2). */
    static final String OVMF_OPROM_2018 = "ovmf+igd-oprom-2018";
    static final String OVMF_OPROM_CURRENT = "ovmf+igd-oprom-current";
    /**
     * The host kernel a cell runs under: {@code default} (the host's booted {@code kernel:}) or a
     * release the inventory's hosts have installed ({@code kernels:}). Open-valued: the suite checks
     * the syntax, the planner checks the values against the inventory.
     */
    static final String KERNEL = "kernel";
    /** A kernel release as a suite may name it: safe in a cell id, a directory name and an agent argument. */
    static final Pattern KERNEL_RELEASE = Pattern.compile("^(default|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$");
    /**
     * The QEMU build a cell runs: {@code default} (the host's first installed qemu artifact, as
     * before the axis existed) or the name of a {@code kind: qemu} artifact of artifacts.yaml.
     * Open-valued like {@code kernel}: the suite checks the syntax, the planner checks the name
     * against the catalogue and places the cell only on hosts that have the build installed.
     */
    static final String QEMU = "qemu";
    /** A qemu build name as a suite may give it: safe in a cell id and a directory name. */
    static final Pattern QEMU_BUILD = Pattern.compile("^(default|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$");

    /** Axes every suite must declare: a cell cannot be run without them. */
    static final List<String> REQUIRED = List.of(GENERATION, MACHINE, FIRMWARE, MODE);

    static final Map<String, List<String>> KNOWN;

    /**
     * The value of an optional axis when a suite does not vary it: what QEMU does when the option is
     * absent from the command line. A cell id leaves out the new axes at these values, so ids of
     * suites that do not use them are unchanged.
     */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(OPREGION, "default"),
            Map.entry(LEGACY_MODE, "auto"),
            Map.entry(LPC, "default"),
            Map.entry(GMS, "default"),
            Map.entry(VGA, "default"),
            Map.entry(ROM, "rombar"),
            Map.entry(KERNEL, "default"),
            Map.entry(GUEST, "linux"),
            Map.entry(HOST_CLASS, "vga"),
            Map.entry(HOTPLUG, "off"),
            Map.entry(QEMU, "default"));

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(GENERATION, Generation.ids());
        m.put(MACHINE, List.of("pc", "q35"));
        // seabios: the host's newest SeaBIOS >= 1.10; seabios-old: one < 1.10, with no IGD code (igd-model.md §3)
        // ovmf+igd-oprom-*: OVMF with the host's efi-oprom artifact of that IgdAssignmentDxe variant
        // as romfile= (igd-model.md §4.2; see OptionRom)
        m.put(FIRMWARE, List.of("seabios", "ovmf", "seabios-old", OVMF_OPROM_2018, OVMF_OPROM_CURRENT));
        m.put(MODE, List.of("legacy", "upt"));
        m.put(OPREGION, List.of("on", "off", "default"));
        // igd-model.md §1: OnOffAuto, default auto (auto is never written on the command line)
        m.put(LEGACY_MODE, List.of("auto", "on", "off"));
        m.put(LPC, List.of("on", "off", "default"));
        // igd-model.md §2.5: valid or not depends on the generation (0x11 is invalid for gen 6/7,
        // 0x41 and 0xff for every gen, anything for gen -1); the oracle says which refuse.
        m.put(GMS, List.of("default", "0x1", "0x2", "0x10", "0x11", "0x40", "0x41", "0xf0", "0xfe", "0xff"));
        m.put(VGA, List.of("on", "off", "default"));
        // rombar: QEMU's default ROM BAR; none: rombar=0; romfile-efi: the host's efi-oprom artifact as romfile=
        m.put(ROM, List.of("rombar", "none", "romfile-efi"));
        m.put(GUEST, List.of("linux", "windows"));
        m.put(HOST_CLASS, List.of("vga", "display"));
        m.put(HOTPLUG, List.of("off", "on"));
        KNOWN = java.util.Collections.unmodifiableMap(m);
    }

    private Axes() {
    }

    /** Whether {@code axis} is an axis a suite may vary. */
    static boolean known(String axis) {
        return KNOWN.containsKey(axis) || KERNEL.equals(axis) || QEMU.equals(axis);
    }

    /** Every axis name, the fixed-valued ones first. */
    static List<String> names() {
        List<String> names = new java.util.ArrayList<>(KNOWN.keySet());
        names.add(KERNEL);
        names.add(QEMU);
        return names;
    }

    /** Whether {@code value} is allowed on {@code axis} (for {@code kernel}: by syntax; the inventory decides the rest). */
    static boolean allows(String axis, String value) {
        if (KERNEL.equals(axis)) {
            return value != null && KERNEL_RELEASE.matcher(value).matches();
        }
        if (QEMU.equals(axis)) {
            return value != null && QEMU_BUILD.matcher(value).matches();
        }
        List<String> allowed = KNOWN.get(axis);
        return allowed != null && allowed.contains(value);
    }

    /** The allowed values of {@code axis}, as an error message names them. */
    static String allowed(String axis) {
        if (KERNEL.equals(axis)) {
            return "[default, or a kernel release of the inventory's kernels: matching " + KERNEL_RELEASE.pattern() + "]";
        }
        if (QEMU.equals(axis)) {
            return "[default, or the name of a qemu artifact of artifacts.yaml (e.g. qemu-9.2.4): matching "
                    + QEMU_BUILD.pattern() + "]";
        }
        return String.valueOf(KNOWN.get(axis));
    }

    /**
     * One axis value, checked against the allowed ones. YAML 1.1 reads bare {@code on}/{@code off}
     * as booleans, so a boolean is taken as {@code on}/{@code off}.
     */
    static String value(String axis, YamlSource.Node node) throws YamlSource.Invalid {
        if (KERNEL.equals(axis)) {
            return node.string(KERNEL_RELEASE, "default or a kernel release (one of the inventory's kernels:) matching "
                    + KERNEL_RELEASE.pattern());
        }
        if (QEMU.equals(axis)) {
            return node.string(QEMU_BUILD, "default or the name of a qemu artifact of artifacts.yaml (e.g. qemu-9.2.4) matching "
                    + QEMU_BUILD.pattern());
        }
        List<String> allowed = KNOWN.get(axis);
        if (node instanceof YamlSource.Scalar s && s.kind() == YamlSource.ScalarKind.BOOLEAN
                && allowed.contains("on")) {
            return node.bool("on or off") ? "on" : "off";
        }
        return node.oneOf(allowed);
    }

    /** Where the IGD sits in the guest: legacy mode needs 00:02.0 (igd-model.md §1); UPT uses 00:05.0. */
    static String guestBdf(String mode) {
        return switch (mode) {
            case "legacy" -> "00:02.0";
            case "upt" -> "00:05.0";
            default -> throw new IllegalArgumentException("mode (" + mode + ") is not one of " + KNOWN.get(MODE));
        };
    }

    /**
     * The part of a cell id for one axis value; empty for a new axis at its default, so that the ids
     * of the nightly suite (which does not vary those axes) stay as they were.
     */
    static String idPart(String axis, String value) {
        return switch (axis) {
            case OPREGION -> "opregion-" + value;
            case LEGACY_MODE -> value.equals(DEFAULTS.get(axis)) ? "" : "legacy-mode-" + value;
            case LPC -> value.equals(DEFAULTS.get(axis)) ? "" : "lpc-" + value;
            case GMS -> value.equals(DEFAULTS.get(axis)) ? "" : "gms-" + value;
            case VGA -> value.equals(DEFAULTS.get(axis)) ? "" : "vga-" + value;
            case ROM -> value.equals(DEFAULTS.get(axis)) ? "" : value.equals("none") ? "rombar-0" : value;
            case KERNEL -> value.equals(DEFAULTS.get(axis)) ? "" : "kernel-" + value;
            case GUEST -> value.equals(DEFAULTS.get(axis)) ? "" : "guest-" + value;
            case HOST_CLASS -> value.equals(DEFAULTS.get(axis)) ? "" : "host-class-" + value;
            case HOTPLUG -> value.equals(DEFAULTS.get(axis)) ? "" : "hotplug-" + value;
            // a cell id has no '+': ovmf+igd-oprom-2018 reads ovmf-igd-oprom-2018
            case FIRMWARE -> value.replace('+', '-');
            case QEMU -> value.equals(DEFAULTS.get(axis)) ? "" : value.startsWith("qemu-") ? value : "qemu-" + value;
            default -> value;
        };
    }

    /** The four required axes read by their bare value; the options read {@code name=value}. */
    static String displayPart(String axis, String value) {
        return REQUIRED.contains(axis) ? value : axis + "=" + value;
    }
}
