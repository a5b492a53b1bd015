package org.igdlab.runner.inventory;

import org.igdlab.runner.inventory.YamlSource.Invalid;
import org.igdlab.runner.inventory.YamlSource.Mapping;
import org.igdlab.runner.inventory.YamlSource.Node;
import org.igdlab.runner.inventory.YamlSource.Scalar;
import org.igdlab.runner.inventory.YamlSource.Sequence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an inventory (hosts.yaml, twin.yaml) and the artifacts catalogue into validated records.
 *
 * <p>Every problem is reported as {@code FILE:LINE:COLUMN: path: expected …, found …}. Unknown
 * keys are errors (they are usually typos), except each host's {@code twin:} block, which belongs
 * to the twin and is ignored here. {@code defaults:} fill in what a host does not set. A
 * {@code password} key anywhere is refused.
 */
public final class InventoryLoader {

    /** {@code durations:} holds the planner's estimates (plan.Durations reads and checks it). */
    private static final Set<String> TOP_KEYS = Set.of("version", "defaults", "hosts", "durations");
    private static final Set<String> DEFAULT_KEYS = Set.of("user", "port", "identity", "agent-root", "kernel",
            "kernels", "installed", "display");
    private static final Set<String> HOST_KEYS = Set.of("name", "address", "port", "user", "identity", "host-key",
            "agent-root", "generation", "igd", "kernel", "kernels", "installed", "display", "power", "twin");
    private static final Set<String> IGD_KEYS = Set.of("bdf", "device-id", "class", "rom", "registers");
    private static final Set<String> REGISTER_KEYS = Set.of("ggc", "bdsm", "bdsm64", "asls");
    private static final Set<String> ARTIFACT_TOP_KEYS = Set.of("version", "artifacts");
    private static final Set<String> ARTIFACT_KEYS = Set.of("name", "kind", "version", "variant", "sha256",
            "source", "os");
    private static final Pattern IDENTITY_FILE = Pattern.compile("^(~/)?[A-Za-z0-9._/+-]+$");
    private static final Pattern ANY_TEXT = Pattern.compile("^[^\\n\\x00]+$");
    private static final String PASSWORD_REFUSAL = "passwords are not accepted in inventory files — they end up"
            + " in git and in logs; use password-file: PATH (a file readable only by the lab user) or, for SSH,"
            + " identity: {file: PATH} or {agent: true}";

    private InventoryLoader() {
    }

    public static Inventory load(Path inventoryYaml, Path artifactsYaml) throws InventoryException {
        try {
            Artifacts artifacts = readArtifacts(YamlSource.read(artifactsYaml));
            Node root = YamlSource.read(inventoryYaml);
            refusePasswords(root);
            return readInventory(inventoryYaml, root, artifacts);
        } catch (Invalid e) {
            throw new InventoryException(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    private static void refusePasswords(Node node) throws Invalid {
        if (node instanceof Mapping m) {
            if (m.entries().containsKey("password")) {
                throw m.keyError("password", PASSWORD_REFUSAL);
            }
            for (Node child : m.entries().values()) {
                refusePasswords(child);
            }
        } else if (node instanceof Sequence s) {
            for (Node child : s.items()) {
                refusePasswords(child);
            }
        }
    }

    private static void checkVersion(Mapping root) throws Invalid {
        Node v = root.require("version");
        v.integer(1, 1, "version 1");
    }

    // --- artifacts ---------------------------------------------------------------------------

    private static Artifacts readArtifacts(Node rootNode) throws Invalid {
        Mapping root = rootNode.asMapping("a mapping with 'version' and 'artifacts'");
        root.onlyKeys(ARTIFACT_TOP_KEYS);
        checkVersion(root);
        List<Artifact> all = new ArrayList<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        for (Node item : root.require("artifacts").asSequence("a list of artifacts").items()) {
            Mapping a = item.asMapping("an artifact {name, kind, version, ...}");
            a.onlyKeys(ARTIFACT_KEYS);
            Node nameNode = a.require("name");
            String name = nameNode.string(Checks.ARTIFACT_NAME, "an artifact name " + Checks.ARTIFACT_NAME.pattern());
            if (seen.containsKey(name)) {
                throw nameNode.expected("a unique artifact name (first at " + seen.get(name).mark() + ")");
            }
            seen.put(name, nameNode);
            String kind = a.require("kind").string(Checks.ARTIFACT_NAME, "an artifact kind");
            String version = a.require("version").string(ANY_TEXT, "a version");
            Optional<String> variant = optionalText(a, "variant", ANY_TEXT, "a variant");
            Optional<String> sha = optionalText(a, "sha256", Checks.SHA256, "64 lower-case hex digits");
            Optional<String> source = optionalText(a, "source", ANY_TEXT, "a source URL");
            Optional<String> os = optionalText(a, "os", Pattern.compile("^(linux|windows)$"), "one of [linux, windows]");
            all.add(new Artifact(name, kind, version, variant, sha, source, os));
        }
        return new Artifacts(all);
    }

    private static Optional<String> optionalText(Mapping m, String key, Pattern p, String expectation) throws Invalid {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(n.get().string(p, expectation));
    }

    // --- inventory ---------------------------------------------------------------------------

    private static Inventory readInventory(Path file, Node rootNode, Artifacts artifacts) throws Invalid {
        Mapping root = rootNode.asMapping("a mapping with 'version', 'defaults' and 'hosts'");
        root.onlyKeys(TOP_KEYS);
        checkVersion(root);
        Optional<Mapping> defaults = Optional.empty();
        if (root.get("defaults").isPresent()) {
            Mapping d = root.get("defaults").get().asMapping("a mapping of host defaults");
            d.onlyKeys(DEFAULT_KEYS);
            defaults = Optional.of(d);
        }
        List<Host> hosts = new ArrayList<>();
        Map<String, Node> names = new LinkedHashMap<>();
        for (Node item : root.require("hosts").asSequence("a list of hosts").items()) {
            Mapping h = item.asMapping("a host mapping");
            h.onlyKeys(HOST_KEYS);
            Node nameNode = h.require("name");
            String name = nameNode.string(Checks.HOST_NAME, "a host name matching " + Checks.HOST_NAME.pattern());
            if (names.containsKey(name)) {
                throw nameNode.expected("a unique host name (first at " + names.get(name).mark() + ")");
            }
            names.put(name, nameNode);
            hosts.add(readHost(new Fields(h, defaults), name, artifacts));
        }
        return new Inventory(file, hosts, artifacts);
    }

    /** A host's own keys, falling back to {@code defaults:}. */
    private record Fields(Mapping host, Optional<Mapping> defaults) {
        Optional<Node> get(String key) {
            Optional<Node> own = host.get(key);
            return own.isPresent() ? own : defaults.flatMap(d -> d.get(key));
        }

        Node require(String key) throws Invalid {
            Optional<Node> n = get(key);
            if (n.isEmpty()) {
                throw host.error("expected a '" + key + "' key (here or in defaults:), found none");
            }
            return n.get();
        }
    }

    private static Host readHost(Fields f, String name, Artifacts artifacts) throws Invalid {
        Node addressNode = f.require("address");
        String address = addressNode.string(Pattern.compile(Checks.ADDRESS.pattern()),
                "'embedded' or a hostname or IP address matching " + Checks.ADDRESS.pattern());
        boolean embedded = Host.EMBEDDED.equals(address);
        int port = f.get("port").isPresent()
                ? (int) f.get("port").get().integer(1, 65535, "a port number 1..65535") : 22;
        String user = f.require("user").string(Checks.USER, "a user name matching " + Checks.USER.pattern());
        Identity identity = readIdentity(f, embedded);
        Optional<String> hostKey = Optional.empty();
        if (f.get("host-key").isPresent()) {
            hostKey = Optional.of(f.get("host-key").get().string(Checks.HOST_KEY,
                    "a host key fingerprint 'SHA256:' + 43 base64 characters (ssh-keygen -lf)"));
        } else if (!embedded) {
            throw f.host().error("expected a 'host-key' (the pinned SHA256 fingerprint) for host " + name
                    + " at " + address + ", found none");
        }
        String agentRoot = f.require("agent-root").string(Checks.ABSOLUTE_PATH,
                "an absolute path matching " + Checks.ABSOLUTE_PATH.pattern());
        Node genNode = f.require("generation");
        Generation generation = Generation.fromId(genNode.oneOf(Generation.ids()));
        Igd igd = readIgd(f.require("igd"), generation);
        List<String> kernels = f.require("kernels").strings(Checks.KERNEL,
                "a kernel name matching " + Checks.KERNEL.pattern());
        Node kernelNode = f.require("kernel");
        String kernel = kernelNode.string(Checks.KERNEL, "a kernel name matching " + Checks.KERNEL.pattern());
        if (!kernels.contains(kernel)) {
            throw kernelNode.expected("one of the host's kernels " + kernels);
        }
        Map<String, String> installed = readInstalled(f.require("installed"), artifacts);
        Display display = readDisplay(f.require("display"));
        Optional<Power> power = f.get("power").isPresent()
                ? Optional.of(readPower(f.get("power").get())) : Optional.empty();
        try {
            return new Host(name, address, port, user, identity, hostKey, agentRoot, generation, igd, kernel,
                    kernels, installed, display, power, artifacts);
        } catch (IllegalArgumentException e) {
            throw f.host().error(e.getMessage());
        }
    }

    private static Identity readIdentity(Fields f, boolean embedded) throws Invalid {
        Optional<Node> n = f.get("identity");
        if (n.isEmpty()) {
            if (embedded) {
                return new Identity.Unbound();
            }
            throw f.host().error("expected an 'identity' ({file: PATH} or {agent: true}) here or in defaults:,"
                    + " found none");
        }
        Mapping m = n.get().asMapping("{file: PATH} or {agent: true}");
        m.onlyKeys(Set.of("file", "agent"));
        if (m.entries().size() != 1) {
            throw m.expected("exactly one of {file: PATH} or {agent: true}");
        }
        if (m.get("agent").isPresent()) {
            Node agent = m.get("agent").get();
            if (!agent.bool("true")) {
                throw agent.expected("true (or give {file: PATH} instead)");
            }
            return new Identity.SshAgent();
        }
        String raw = m.require("file").string(IDENTITY_FILE, "a key file path (absolute or ~/...)");
        Path p = raw.startsWith("~/") ? Path.of(System.getProperty("user.home"), raw.substring(2)) : Path.of(raw);
        if (!p.isAbsolute()) {
            throw m.require("file").expected("an absolute path or one starting with ~/");
        }
        return new Identity.KeyFile(p);
    }

    private static Igd readIgd(Node node, Generation generation) throws Invalid {
        Mapping m = node.asMapping("an igd mapping {bdf, device-id, class, rom, registers}");
        m.onlyKeys(IGD_KEYS);
        String bdf = m.require("bdf").string(Checks.BDF, "a PCI address like \"0000:00:02.0\"");
        Node didNode = m.require("device-id");
        String deviceId = didNode.string(Checks.DEVICE_ID, "4 lower-case hex digits like \"3e92\"");
        Optional<String> mismatch = DeviceGeneration.check(Integer.parseInt(deviceId, 16), generation);
        if (mismatch.isPresent()) {
            throw didNode.error("expected a " + generation.id() + " device ID, found " + deviceId + ": "
                    + mismatch.get());
        }
        String classCode = m.require("class").string(Checks.CLASS_CODE, "6 lower-case hex digits like \"030000\"");
        RomSource rom = RomSource.valueOf(m.require("rom").oneOf(List.of("shadow", "none")).toUpperCase());
        HostRegisters registers = readRegisters(m.require("registers"), generation);
        return new Igd(bdf, deviceId, classCode, rom, registers);
    }

    private static HostRegisters readRegisters(Node node, Generation generation) throws Invalid {
        Mapping m = node.asMapping("a registers mapping {ggc, bdsm, bdsm64, asls}");
        m.onlyKeys(REGISTER_KEYS);
        long ggc = m.require("ggc").integer(0, 0xFFFFL, "a 16-bit value like 0x02c1");
        long bdsm = m.require("bdsm").integer(0, 0xFFFF_FFFFL, "a 32-bit value like 0x8b800001");
        OptionalLong bdsm64 = OptionalLong.empty();
        if (m.get("bdsm64").isPresent()) {
            bdsm64 = OptionalLong.of(m.get("bdsm64").get().integer(0, Long.MAX_VALUE, "a 64-bit value"));
        } else if (generation.bdsmRegister() == Generation.BdsmRegister.QWORD_C0) {
            throw m.error("expected a 'bdsm64' key (" + generation.id() + " keeps its BDSM at 0xC0), found none");
        }
        long asls = m.require("asls").integer(0, 0xFFFF_FFFFL, "a 32-bit value like 0x8a3a4018");
        return new HostRegisters(ggc, bdsm, bdsm64, asls);
    }

    private static Map<String, String> readInstalled(Node node, Artifacts artifacts) throws Invalid {
        Mapping m = node.asMapping("a mapping of artifact name to path");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            if (artifacts.byName(e.getKey()).isEmpty()) {
                throw m.keyError(e.getKey(), "expected an artifact named in artifacts.yaml, found '" + e.getKey()
                        + "'");
            }
            out.put(e.getKey(), e.getValue().string(Checks.ABSOLUTE_PATH,
                    "an absolute path matching " + Checks.ABSOLUTE_PATH.pattern()));
        }
        return out;
    }

    private static Display readDisplay(Node node) throws Invalid {
        Mapping m = node.asMapping("a display mapping {connected, capture}");
        m.onlyKeys(Set.of("connected", "capture"));
        boolean connected = m.require("connected").bool("true or false");
        Optional<String> capture = optionalText(m, "capture", Checks.ABSOLUTE_PATH, "a device path like /dev/video0");
        return new Display(connected, capture);
    }

    private static Power readPower(Node node) throws Invalid {
        Mapping m = node.asMapping("a power mapping {type: ipmi|command, ...}");
        String type = m.require("type").oneOf(List.of("ipmi", "command"));
        if (type.equals("ipmi")) {
            m.onlyKeys(Set.of("type", "address", "user", "password-file"));
            String address = m.require("address").string(Checks.ADDRESS, "a hostname or IP address");
            String user = m.require("user").string(Pattern.compile("^[A-Za-z0-9._-]{1,32}$"), "a BMC user name");
            String pf = m.require("password-file").string(Checks.ABSOLUTE_PATH,
                    "an absolute path to a file readable only by the lab user");
            return new Power.Ipmi(address, user, Path.of(pf));
        }
        m.onlyKeys(Set.of("type", "cycle"));
        Node cycleNode = m.require("cycle");
        Sequence seq = cycleNode.asSequence("an argv list like [/usr/local/bin/pdu-cycle, --outlet, \"7\"]");
        if (seq.items().isEmpty()) {
            throw seq.expected("a non-empty argv list");
        }
        List<String> argv = new ArrayList<>();
        for (Node a : seq.items()) {
            Scalar s = a.asScalar("an argument");
            if (argv.isEmpty()) {
                a.string(Checks.ABSOLUTE_PATH, "an absolute path to the command");
            } else if (!ANY_TEXT.matcher(s.text()).matches()) {
                throw a.expected("an argument without newlines");
            }
            argv.add(s.text());
        }
        return new Power.Command(argv);
    }
}
