package org.igdlab.runner.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One lab host, validated. {@code address} is {@code "embedded"} for a twin host until
 * {@link Inventory#withEndpoints} binds it to the port the twin listens on.
 *
 * <p>{@code installed} maps artifact names to paths on the host, in file order; {@code artifacts}
 * is the catalogue those names refer to (every name is in it), so a host can answer
 * {@link #installedOfKind(String)} on its own.
 */
public record Host(String name, String address, int port, String user, Identity identity,
                   Optional<String> hostKey, String agentRoot, Generation generation, Igd igd,
                   String kernel, List<String> kernels, Map<String, String> installed, Display display,
                   Optional<Power> power, Artifacts artifacts) {

    static final String EMBEDDED = "embedded";

    public Host {
        Checks.require("name", name, Checks.HOST_NAME);
        Objects.requireNonNull(address, "address");
        if (!EMBEDDED.equals(address)) {
            Checks.require("host " + name + " address", address, Checks.ADDRESS);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("host " + name + " port (" + port + ") must be 1..65535");
        }
        Checks.require("host " + name + " user", user, Checks.USER);
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(hostKey, "hostKey");
        hostKey.ifPresent(k -> Checks.require("host " + name + " host-key", k, Checks.HOST_KEY));
        if (!EMBEDDED.equals(address)) {
            if (hostKey.isEmpty()) {
                throw new IllegalArgumentException("host " + name + " (" + address + ") needs a pinned host-key");
            }
            if (identity instanceof Identity.Unbound) {
                throw new IllegalArgumentException("host " + name + " (" + address + ") needs an identity");
            }
        }
        Checks.require("host " + name + " agent-root", agentRoot, Checks.ABSOLUTE_PATH);
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(igd, "igd");
        DeviceGeneration.check(igd.deviceIdValue(), generation).ifPresent(problem -> {
            throw new IllegalArgumentException("host " + name + ": " + problem);
        });
        kernels = List.copyOf(kernels);
        for (String k : kernels) {
            Checks.require("host " + name + " kernels[]", k, Checks.KERNEL);
        }
        Checks.require("host " + name + " kernel", kernel, Checks.KERNEL);
        if (!kernels.contains(kernel)) {
            throw new IllegalArgumentException("host " + name + " kernel (" + kernel + ") is not in kernels " + kernels);
        }
        Objects.requireNonNull(artifacts, "artifacts");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : installed.entrySet()) {
            if (artifacts.byName(e.getKey()).isEmpty()) {
                throw new IllegalArgumentException("host " + name + " installed artifact (" + e.getKey()
                        + ") is not in the artifacts catalogue");
            }
            Checks.require("host " + name + " installed." + e.getKey(), e.getValue(), Checks.ABSOLUTE_PATH);
            copy.put(e.getKey(), e.getValue());
        }
        installed = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(power, "power");
    }

    /** A twin host not yet bound to its real endpoint. */
    public boolean embedded() {
        return EMBEDDED.equals(address);
    }

    /** The first installed artifact of {@code kind} (e.g. {@code qemu}, {@code seabios}), in file order. */
    public Optional<Installed> installedOfKind(String kind) {
        return installedWhere(kind, null);
    }

    /** The first installed guest image for guest OS {@code os} (e.g. {@code linux}). */
    public Optional<Installed> installedGuestImage(String os) {
        return installedWhere("guest-image", os);
    }

    private Optional<Installed> installedWhere(String kind, String os) {
        for (Map.Entry<String, String> e : installed.entrySet()) {
            Artifact a = artifacts.byName(e.getKey()).orElseThrow();
            if (a.kind().equals(kind) && (os == null || a.os().filter(os::equals).isPresent())) {
                return Optional.of(new Installed(a, e.getValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * This host with another {@code installed} map (name → path, in the order artifacts are
     * picked): {@code lab qualify} puts a candidate build first and drops what it replaces.
     */
    public Host withInstalled(Map<String, String> newInstalled) {
        return new Host(name, address, port, user, identity, hostKey, agentRoot, generation, igd, kernel, kernels,
                newInstalled, display, power, artifacts);
    }

    Host bind(Endpoint endpoint, Identity newIdentity) {
        return new Host(name, endpoint.address(), endpoint.port(), user, newIdentity,
                Optional.of(endpoint.hostKeyFingerprint()), agentRoot, generation, igd, kernel, kernels,
                installed, display, power, artifacts);
    }
}
