package org.igdlab.lab;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.igdlab.runner.inventory.Endpoint;
import org.igdlab.runner.run.EmbeddedLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab twin serve}: starts the twin fleet and publishes it as an ordinary inventory
 * (address, port and pinned host key per host, and the key to log in with), then serves until
 * interrupted. Any SSH client, or {@code lab run --inventory <published file>}, can use it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the twin fleet of an inventory and serve it until interrupted (Ctrl-C).",
            "Prints each host's address, port and host-key fingerprint, and writes an inventory",
            "with those pinned, usable as `lab run --inventory FILE` from another terminal."})
final class TwinServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", description = "Twin inventory (default: lab-inventory/twin.yaml).")
    Path inventory;

    @Option(names = "--artifacts", paramLabel = "FILE", description = "Artifacts (default: lab-inventory/artifacts.yaml).")
    Path artifacts;

    @Option(names = "--publish", paramLabel = "FILE", required = true,
            description = "Write the served fleet as an inventory here (hosts pinned to their keys).")
    Path publish;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("igdlab.home", ".")).toAbsolutePath();
        Path inv = inventory != null ? inventory : home.resolve("lab-inventory/twin.yaml");
        Path art = artifacts != null ? artifacts : home.resolve("lab-inventory/artifacts.yaml");
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        try (EmbeddedLab.Fleet fleet = new TwinEmbeddedLab().start(inv, art)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            writeInventory(inv, fleet, publish.toAbsolutePath(), art.toAbsolutePath());
            out.printf("%-10s %-22s %s%n", "host", "address", "host key");
            fleet.endpoints().forEach((name, e) -> out.printf("%-10s %-22s %s%n", name, e.address() + ":" + e.port(),
                    e.hostKeyFingerprint()));
            out.printf("%nlogin key: %s%ninventory: %s%nserving until interrupted (Ctrl-C)%n", fleet.identityFile(), publish);
            out.flush();
            stop.await();
        }
        return 0;
    }

    /** The twin inventory with each host bound to where it listens and the key it presents. */
    static void writeInventory(Path source, EmbeddedLab.Fleet fleet, Path target, Path artifacts) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        ObjectNode root = (ObjectNode) yaml.readTree(source.toFile());
        ObjectNode defaults = root.has("defaults") ? (ObjectNode) root.get("defaults") : root.putObject("defaults");
        defaults.putObject("identity").put("file", fleet.identityFile().toString());
        for (JsonNode host : root.withArray("hosts")) {
            Endpoint e = fleet.endpoints().get(host.get("name").asText());
            if (e != null) {
                ((ObjectNode) host).put("address", e.address()).put("port", e.port()).put("host-key", e.hostKeyFingerprint());
            }
        }
        Files.writeString(target, "# published by `lab twin serve` from " + source + "; artifacts: " + artifacts + "\n"
                + yaml.writeValueAsString(root));
    }

}
