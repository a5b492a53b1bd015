package org.igdlab.runner.repro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.igdlab.runner.inspect.InspectedDevice;

/**
 * What a pasted bug report was read to say: the parts found in it, the reporter's IGD cell
 * (one {@link Derived} per suite axis, plus {@code guest}), further options that are not yet
 * axes, versions, observations (what the reporter saw), and everything that could not be used.
 *
 * @param parts       what was recognised, e.g. "QEMU command line, lines 5-62"
 * @param devices     every config-space dump, decoded, with the role it was read to have
 * @param cell        axis name → value; the keys are a subset of generation, machine, firmware,
 *                    mode, x-igd-opregion, guest (generation may be missing)
 * @param extras      options seen that are not suite axes (x-igd-gms, romfile, rombar, …)
 * @param versions    qemu, kernel, seabios, libvirt, pve-qemu-kvm, …
 * @param observations what the reporter saw: register values, QEMU's messages, firmware lines
 * @param unusable    values and lines that were recognised but failed validation or parsing
 * @param unusedText  lines no parser used, as ranges with their first words
 */
public record ReproReport(List<Part> parts, List<RoleDevice> devices, Map<String, Derived> cell, List<Derived> extras,
                          List<Derived> versions, List<Derived> observations, List<Unusable> unusable,
                          List<Unusable> unusedText) {

    /** A recognised piece of the report. */
    public record Part(String kind, int firstLine, int lastLine, String summary) {
        public Part {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /** A decoded dump and whether it was read as the host's or the guest's view. */
    public record RoleDevice(String role, String roleSource, InspectedDevice device) {
        public RoleDevice {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(roleSource, "roleSource");
            Objects.requireNonNull(device, "device");
        }
    }

    public ReproReport {
        parts = List.copyOf(parts);
        devices = List.copyOf(devices);
        cell = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cell));
        extras = List.copyOf(extras);
        versions = List.copyOf(versions);
        observations = List.copyOf(observations);
        unusable = List.copyOf(unusable);
        unusedText = List.copyOf(unusedText);
    }

    public Optional<Derived> axis(String name) {
        return Optional.ofNullable(cell.get(name));
    }
}
