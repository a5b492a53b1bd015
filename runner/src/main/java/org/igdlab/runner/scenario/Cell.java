package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Igd;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One combination of axis values, run as one VM. {@code id} is stable and readable, e.g.
 * {@code coffee-lake.pc.seabios.legacy.opregion-default}, and safe as a directory name. The
 * option axes added after the nightly suite (x-igd-legacy-mode, x-igd-lpc, x-igd-gms, x-vga, rom)
 * appear in the id only at a non-default value, e.g. {@code ….opregion-default.legacy-mode-on.gms-0x10}.
 *
 * <p>A {@link Kind#CONTROL control} cell asks "is this host and guest image healthy?": the same
 * machine, firmware and guest with QEMU's emulated VGA at 00:02.0 instead of the IGD. It belongs to
 * one host ({@code control.<host>.<machine>.<firmware>}) and has only the axes generation, machine
 * and firmware: no mode, no IGD option.
 */
public record Cell(String id, Map<String, String> axes, String guest, Kind kind) {

    static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    /** What a cell tests: the product (the IGD assigned with vfio-pci) or the lab itself. */
    public enum Kind { PRODUCT, CONTROL }

    /** The axes of a control cell, in id order. */
    static final List<String> CONTROL_AXES = List.of(Axes.GENERATION, Axes.MACHINE, Axes.FIRMWARE);

    /** Where a control cell puts the emulated VGA: where legacy mode puts the IGD. */
    static final String CONTROL_BDF = "00:02.0";

    public Cell {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("cell id (" + id + ") must match " + ID.pattern());
        }
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(kind, "kind");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(axes);
        for (String r : kind == Kind.CONTROL ? CONTROL_AXES : Axes.REQUIRED) {
            if (!copy.containsKey(r)) {
                throw new IllegalArgumentException("cell " + id + " has no '" + r + "' axis");
            }
        }
        if (kind == Kind.CONTROL && !CONTROL_AXES.containsAll(copy.keySet())) {
            throw new IllegalArgumentException("control cell " + id + " has axes " + copy.keySet()
                    + "; a control cell has only " + CONTROL_AXES);
        }
        for (Map.Entry<String, String> e : copy.entrySet()) {
            if (!Axes.allows(e.getKey(), e.getValue())) {
                throw new IllegalArgumentException("cell " + id + " axis " + e.getKey() + " (" + e.getValue()
                        + ") is not one of " + Axes.allowed(e.getKey()));
            }
        }
        String byAxis = copy.get(Axes.GUEST);
        if (byAxis != null && !byAxis.equals(guest)) {
            throw new IllegalArgumentException("cell " + id + " has guest (" + guest + ") but its guest axis is " + byAxis);
        }
        if (!Axes.allows(Axes.GUEST, guest)) {
            throw new IllegalArgumentException("cell " + id + " guest (" + guest + ") is not one of " + Axes.allowed(Axes.GUEST));
        }
        axes = Collections.unmodifiableMap(copy);
    }

    /** A product cell. */
    public Cell(String id, Map<String, String> axes, String guest) {
        this(id, axes, guest, Kind.PRODUCT);
    }

    /**
     * The control cell of {@code hostName} for one machine, firmware and guest, e.g.
     * {@code control.cfl-02.pc.seabios} (the Linux guest) or {@code control.cfl-02.pc.seabios.guest-windows}.
     */
    public static Cell control(String hostName, Generation generation, String machine, String firmware, String guest) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put(Axes.GENERATION, generation.id());
        axes.put(Axes.MACHINE, machine);
        axes.put(Axes.FIRMWARE, firmware);
        // a guest other than the default is named, as in product cell ids: control.kbl-01.pc.seabios.guest-windows
        String guestPart = Axes.idPart(Axes.GUEST, guest);
        return new Cell("control." + hostName + "." + machine + "." + firmware + (guestPart.isEmpty() ? "" : "." + guestPart),
                axes, guest, Kind.CONTROL);
    }

    public boolean isControl() {
        return kind == Kind.CONTROL;
    }

    /**
     * A product cell whose id is built from its axis values. Its guest is the {@code guest} axis
     * when {@code axes} has one, else {@code guest} (the suite's top-level {@code guest:}).
     */
    public static Cell of(Map<String, String> axes, String guest) {
        StringBuilder id = new StringBuilder();
        for (Map.Entry<String, String> e : axes.entrySet()) {
            String part = Axes.idPart(e.getKey(), e.getValue());
            if (part.isEmpty()) {
                continue;
            }
            if (!id.isEmpty()) {
                id.append('.');
            }
            id.append(part);
        }
        return new Cell(id.toString(), axes, axes.getOrDefault(Axes.GUEST, guest));
    }

    /**
     * The value of {@code axis}. An option axis the suite does not vary has its default value
     * ({@code x-igd-opregion}, {@code x-igd-lpc}, {@code x-igd-gms}, {@code x-vga}: {@code default};
     * {@code x-igd-legacy-mode}: {@code auto}; {@code rom}: {@code rombar}).
     */
    public String axis(String axis) {
        if (axis.equals(Axes.GUEST)) {
            // one guest per cell, whether the suite varies it or names it at the top level
            return guest;
        }
        String v = axes.get(axis);
        if (v == null) {
            String byDefault = Axes.DEFAULTS.get(axis);
            if (byDefault != null) {
                return byDefault;
            }
            throw new IllegalArgumentException("cell " + id + " has no axis '" + axis + "' (axes: " + axes.keySet() + ")");
        }
        return v;
    }

    public Generation generation() {
        return Generation.fromId(axis(Axes.GENERATION));
    }

    /**
     * Whether this cell may run on {@code host}: the axes the inventory binds agree — the generation,
     * and for a product cell the host class ({@code host-class: vga} needs an IGD of class 0x0300xx,
     * {@code display} one of 0x0380xx). A control cell does not assign the IGD, so any class will do.
     */
    public boolean runsOn(Host host) {
        if (host.generation() != generation()) {
            return false;
        }
        return isControl() || hostClassOf(host.igd()).filter(axis(Axes.HOST_CLASS)::equals).isPresent();
    }

    /** The {@code host-class} value of an IGD: {@code vga} for 0x0300xx, {@code display} for 0x0380xx, else empty. */
    public static Optional<String> hostClassOf(Igd igd) {
        String c = igd.classCode();
        return c.startsWith("0300") ? Optional.of("vga") : c.startsWith("0380") ? Optional.of("display") : Optional.empty();
    }

    /** Whether the IGD is hot-added with QMP {@code device_add} instead of being on the command line. */
    public boolean hotplug() {
        return !isControl() && axis(Axes.HOTPLUG).equals("on");
    }

    /**
     * The kernel release the host must run for this cell, or empty for {@code default}: whatever
     * the host boots by default (its inventory {@code kernel:}).
     */
    public java.util.Optional<String> kernel() {
        String k = axis(Axes.KERNEL);
        return k.equals(Axes.DEFAULTS.get(Axes.KERNEL)) ? java.util.Optional.empty() : java.util.Optional.of(k);
    }

    /**
     * The QEMU build (a qemu artifact's name) this cell must run, or empty for {@code default}: the
     * host's first installed qemu build. {@link QemuBuild} resolves either on a host.
     */
    public java.util.Optional<String> qemu() {
        String q = axis(Axes.QEMU);
        return q.equals(Axes.DEFAULTS.get(Axes.QEMU)) ? java.util.Optional.empty() : java.util.Optional.of(q);
    }

    /**
     * The guest PCI address of the IGD: {@code 00:02.0} in legacy mode, {@code 00:05.0} for UPT; for
     * a control cell, the address of the emulated VGA, {@code 00:02.0}.
     */
    public String guestBdf() {
        return isControl() ? CONTROL_BDF : Axes.guestBdf(axis(Axes.MODE));
    }

    /**
     * {@code coffee-lake · pc · seabios · legacy · x-igd-opregion=default}; a control cell reads
     * {@code control · coffee-lake · pc · seabios}.
     */
    public String displayName() {
        StringBuilder b = new StringBuilder(isControl() ? "control" : "");
        for (Map.Entry<String, String> e : axes.entrySet()) {
            if (!b.isEmpty()) {
                b.append(" · ");
            }
            b.append(Axes.displayPart(e.getKey(), e.getValue()));
        }
        if (isControl() && !guest.equals(Axes.DEFAULTS.get(Axes.GUEST))) {
            b.append(" · ").append(Axes.displayPart(Axes.GUEST, guest));
        }
        return b.toString();
    }
}
