package org.igdlab.runner.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A validated lab inventory: the hosts in file order and the artifacts they refer to. */
public record Inventory(Path source, List<Host> hosts, Artifacts artifacts) {
    public Inventory {
        Objects.requireNonNull(source, "source");
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(artifacts, "artifacts");
        Set<String> names = new HashSet<>();
        for (Host h : hosts) {
            if (!names.add(h.name())) {
                throw new IllegalArgumentException("host name (" + h.name() + ") appears twice in " + source);
            }
        }
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The hosts of one generation, in inventory order. */
    public List<Host> hostsOf(Generation generation) {
        return hosts.stream().filter(h -> h.generation() == generation).toList();
    }

    /**
     * Binds every embedded host to where the twin really listens, authenticating with
     * {@code identityFile}. Other hosts are unchanged.
     *
     * @throws IllegalStateException naming an embedded host that has no endpoint
     */
    public Inventory withEndpoints(Map<String, Endpoint> endpoints, Path identityFile) {
        Identity identity = new Identity.KeyFile(identityFile.toAbsolutePath());
        List<Host> bound = new ArrayList<>();
        for (Host h : hosts) {
            if (!h.embedded()) {
                bound.add(h);
                continue;
            }
            Endpoint e = endpoints.get(h.name());
            if (e == null) {
                throw new IllegalStateException("embedded host " + h.name() + " of " + source
                        + " has no endpoint (endpoints given for " + endpoints.keySet() + ")");
            }
            bound.add(h.bind(e, identity));
        }
        return new Inventory(source, bound, artifacts);
    }
}
