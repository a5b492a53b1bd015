package org.igdlab.runner.realtier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.igdlab.runner.ssh.SshTarget;

/**
 * Lab hosts as network namespaces, each with its own OpenSSH sshd ({@code scripts/realtier/hosts}),
 * read back from the inventory the script writes. {@link #close()} runs {@code hosts down}, which
 * kills everything left in the namespaces.
 */
final class NamespaceHosts implements AutoCloseable {

    /** One namespace host as the inventory describes it. */
    record Host(String name, String address, int port, String hostKey, String user, Path identity, String namespace,
            String agentRoot, String qemu, String seabios, String ovmfCode, String ovmfVars, String guestKernel,
            String guestInitramfs, Path configDir) {

        SshTarget sshTarget() {
            return new SshTarget(name, address, port, user, identity, hostKey);
        }
    }

    private final Path script;
    private final Path directory;
    private final List<Host> hosts;

    private NamespaceHosts(Path script, Path directory, List<Host> hosts) {
        this.script = script;
        this.directory = directory;
        this.hosts = List.copyOf(hosts);
    }

    static NamespaceHosts up(Path repository, int count, Path directory, ControlGuest guest) {
        Path script = repository.resolve("scripts/realtier/hosts");
        try {
            LocalCommand.run(List.of(script.toString(), "up", Integer.toString(count), directory.toString()),
                    Map.of("IGDLAB_RT_GUEST_DIR", guest.directory().toString()), Duration.ofMinutes(2));
            return new NamespaceHosts(script, directory, read(directory.resolve("inventory.yaml")));
        } catch (RuntimeException e) {
            try {
                down(script, directory); // a half-done `up` leaves namespaces and sshds behind
            } catch (RuntimeException downFailed) {
                e.addSuppressed(downFailed);
            }
            throw e;
        }
    }

    List<Host> hosts() {
        return hosts;
    }

    Host host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in " + directory));
    }

    /** Kills every sshd of the host's namespace, the listener and the per-connection ones: the host drops off the network. */
    void killSshd(Host host) {
        for (long pid : pids(host.namespace(), "sshd")) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Starts the host's sshd again, with the same key and config. */
    void startSshd(Host host) {
        LocalCommand.run(List.of("ip", "netns", "exec", host.namespace(),
                RealTierRequirements.find("sshd", System.getenv("PATH")).orElseThrow().toString(),
                "-f", host.configDir().resolve("sshd_config").toString(), "-E", host.configDir().resolve("sshd.log").toString()),
                Map.of(), Duration.ofSeconds(10));
    }

    /** QEMU processes (not zombies) in the host's namespace. */
    List<Long> qemuPids(Host host) {
        return pids(host.namespace(), "qemu-system");
    }

    /** Pids in {@code namespace} whose command name starts with {@code commPrefix}, zombies left out. */
    static List<Long> pids(String namespace, String commPrefix) {
        String out = LocalCommand.run(List.of("ip", "netns", "pids", namespace), Map.of(), Duration.ofSeconds(10));
        List<Long> pids = new ArrayList<>();
        for (String line : out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            long pid = Long.parseLong(line);
            if (commPrefix(pid).filter(c -> c.startsWith(commPrefix)).isPresent() && !zombie(pid)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /**
     * Live processes anywhere on this machine whose command line mentions {@code fragment} (as
     * {@code pgrep -f} would, zombies left out): after {@code hosts down} no QEMU of the tier may remain.
     */
    static List<String> liveProcessesMentioning(String fragment) {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            Optional<String> line = p.info().commandLine();
            if (line.isPresent() && line.get().contains(fragment) && !zombie(p.pid())
                    && p.pid() != ProcessHandle.current().pid()) {
                found.add(p.pid() + " " + line.get());
            }
        });
        return found;
    }

    private static Optional<String> commPrefix(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true; // gone
        }
    }

    @Override
    public void close() {
        down(script, directory);
    }

    private static void down(Path script, Path directory) {
        LocalCommand.run(List.of(script.toString(), "down", directory.toString()), Map.of(), Duration.ofMinutes(1));
    }

    private static List<Host> read(Path inventory) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(inventory.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + inventory, e);
        }
        String user = root.path("defaults").path("user").asText();
        Path identity = Path.of(root.path("defaults").path("identity").path("file").asText());
        List<Host> hosts = new ArrayList<>();
        for (JsonNode h : root.path("hosts")) {
            JsonNode installed = h.path("installed");
            String agentRoot = h.path("agent-root").asText();
            hosts.add(new Host(h.path("name").asText(), h.path("address").asText(), h.path("port").asInt(22),
                    h.path("host-key").asText(), user, identity, h.path("namespace").asText(), agentRoot,
                    installedWithPrefix(installed, "qemu-", null), installedWithPrefix(installed, "seabios-", null),
                    installedWithPrefix(installed, "ovmf-", "ovmf-vars-"), installedWithPrefix(installed, "ovmf-vars-", null),
                    installed.path("guest-kernel-control").asText(), installed.path("guest-initramfs-control").asText(),
                    Path.of(agentRoot).getParent()));
        }
        if (hosts.isEmpty()) {
            throw new IllegalStateException(inventory + " lists no hosts");
        }
        return hosts;
    }

    /** The artifact whose key starts with {@code prefix} (and not with {@code notPrefix}, when given). */
    private static String installedWithPrefix(JsonNode installed, String prefix, String notPrefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = installed.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith(prefix) && (notPrefix == null || !e.getKey().startsWith(notPrefix))) {
                return e.getValue().asText();
            }
        }
        throw new IllegalStateException("no installed artifact named " + prefix + "* in " + installed);
    }
}
