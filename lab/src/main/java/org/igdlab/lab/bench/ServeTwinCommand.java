package org.igdlab.lab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.igdlab.lab.ClientKey;
import org.igdlab.twin.fleet.TwinEndpoint;
import org.igdlab.twin.fleet.TwinFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab bench serve-twin}: the twin half of a benchmark, in its own JVM so that the
 * runner's threads and heap are measured alone. Serves a fleet with the simulated guest boot time
 * at zero, publishes it as an inventory (ports, pinned host keys, login key), prints
 * {@value #READY} and serves until its stdin ends — so it dies with the bench that started it.
 */
@Command(name = "serve-twin", hidden = true, mixinStandardHelpOptions = true,
        description = {"(used by `lab bench`) Serve a twin fleet with zero simulated delays until stdin ends;",
            "write it as an inventory with ports and pinned host keys."})
final class ServeTwinCommand implements Callable<Integer> {

    static final String READY = "bench-twin-ready";

    @Spec
    CommandSpec spec;

    @Option(names = "--twin", paramLabel = "FILE", required = true, description = "Twin inventory to serve.")
    Path twin;

    @Option(names = "--artifacts", paramLabel = "FILE", required = true, description = "Artifacts catalogue.")
    Path artifacts;

    @Option(names = "--publish", paramLabel = "FILE", required = true, description = "Write the served fleet here.")
    Path publish;

    @Override
    public Integer call() throws Exception {
        Path keyDir = Files.createTempDirectory("igdlab-bench-key-");
        ClientKey key = ClientKey.generate(keyDir);
        try (TwinFleet fleet = TwinFleet.start(twin, artifacts, key.keyPair().getPublic(), Duration.ZERO)) {
            writeInventory(fleet, key.file());
            PrintWriter out = spec.commandLine().getOut();
            out.println(READY + " " + fleet.endpoints().size());
            out.flush();
            drain(System.in);
        } finally {
            Files.deleteIfExists(key.file());
            Files.deleteIfExists(keyDir);
        }
        return 0;
    }

    /** Blocks until the parent closes our stdin (or dies). */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // nothing is sent; only the end matters
        }
    }

    /** As {@code lab twin serve --publish}: the twin inventory with each host's port and pinned key. */
    private void writeInventory(TwinFleet fleet, Path identity) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        ObjectNode root = (ObjectNode) yaml.readTree(twin.toFile());
        ObjectNode defaults = root.has("defaults") ? (ObjectNode) root.get("defaults") : root.putObject("defaults");
        defaults.putObject("identity").put("file", identity.toString());
        for (JsonNode host : root.withArray("hosts")) {
            String name = host.get("name").asText();
            TwinEndpoint e = fleet.endpoints().stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the fleet does not serve host " + name));
            ((ObjectNode) host).put("address", e.host()).put("port", e.port()).put("host-key", e.hostKeyFingerprint());
        }
        Path partial = publish.resolveSibling(publish.getFileName() + ".partial");
        Files.writeString(partial, "# published by `lab bench serve-twin` from " + twin + "\n" + yaml.writeValueAsString(root));
        Files.move(partial, publish, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
