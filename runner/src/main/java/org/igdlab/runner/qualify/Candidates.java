package org.igdlab.runner.qualify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.igdlab.runner.inventory.Artifact;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.qemu.QemuCommandLine;

/**
 * The builds under qualification, at most one per kind, and the inventory as the run sees it
 * with them pinned: on each host the candidate comes first among its installed artifacts and
 * the builds it replaces are dropped, so every cell's command line names the candidate.
 *
 * <p>What a candidate replaces: the host's other artifacts of its kind; for SeaBIOS only those on
 * the same side of 1.10 (firmware {@code seabios-old} keeps its pre-1.10 build when a newer
 * SeaBIOS is the candidate, and the other way round).
 */
public record Candidates(List<Candidate> all) {

    public Candidates {
        all = List.copyOf(all);
        Set<String> kinds = new HashSet<>();
        for (Candidate c : all) {
            if (!kinds.add(c.kind())) {
                throw new IllegalArgumentException("--candidate " + c + ": a second " + c.kind()
                        + " candidate; give at most one per kind " + Candidate.KINDS.keySet());
            }
        }
    }

    /** The candidates {@code host} lacks: a host must have each installed to run a cell with it. */
    public List<Candidate> missingOn(Host host) {
        return all.stream().filter(c -> !host.installed().containsKey(c.artifact().name())).toList();
    }

    /** Every host with the candidates pinned; a host without one of them keeps its own builds of that kind. */
    public Inventory pin(Inventory inventory) {
        List<Host> hosts = new ArrayList<>();
        for (Host h : inventory.hosts()) {
            hosts.add(pin(h));
        }
        return new Inventory(inventory.source(), hosts, inventory.artifacts());
    }

    Host pin(Host host) {
        Map<String, String> installed = new LinkedHashMap<>();
        List<Candidate> present = all.stream().filter(c -> host.installed().containsKey(c.artifact().name())).toList();
        for (Candidate c : present) {
            installed.put(c.artifact().name(), host.installed().get(c.artifact().name()));
        }
        host.installed().forEach((name, path) -> {
            Artifact a = host.artifacts().byName(name).orElseThrow();
            if (present.stream().noneMatch(c -> replaces(c.artifact(), a))) {
                installed.putIfAbsent(name, path);
            }
        });
        return host.withInstalled(installed);
    }

    /** Whether {@code candidate} takes the place of {@code other} on a host (itself included). */
    static boolean replaces(Artifact candidate, Artifact other) {
        if (!candidate.kind().equals(other.kind())) {
            return false;
        }
        if (candidate.kind().equals("seabios")) {
            Optional<Boolean> mine = QemuCommandLine.seabiosWithIgdSetup(candidate);
            return mine.isEmpty() || mine.equals(QemuCommandLine.seabiosWithIgdSetup(other));
        }
        return true;
    }
}
