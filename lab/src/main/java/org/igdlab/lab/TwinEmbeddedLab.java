package org.igdlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.igdlab.runner.inventory.Endpoint;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.twin.fleet.TwinEndpoint;
import org.igdlab.twin.fleet.TwinFleet;

/**
 * The embedded lab: the twin fleet started in-process. The runner gets only what a real lab
 * would give it — addresses, ports, host-key fingerprints to pin, and a key to log in with.
 */
final class TwinEmbeddedLab implements EmbeddedLab {

    @Override
    public Fleet start(Path inventoryFile, Path artifactsFile) throws IOException {
        Path keyDir = Files.createTempDirectory("igdlab-fleet-");
        try {
            ClientKey key = ClientKey.generate(keyDir);
            TwinFleet fleet = TwinFleet.start(inventoryFile, artifactsFile, key.keyPair().getPublic());
            Map<String, Endpoint> endpoints = new LinkedHashMap<>();
            for (TwinEndpoint e : fleet.endpoints()) {
                endpoints.put(e.name(), new Endpoint(e.host(), e.port(), e.hostKeyFingerprint()));
            }
            // in twin.yaml order, as the fleet lists them
            return new Started(fleet, Collections.unmodifiableMap(endpoints), key.file(), keyDir);
        } catch (IOException | RuntimeException e) {
            deleteTree(keyDir);
            throw e;
        }
    }

    private record Started(TwinFleet fleet, Map<String, Endpoint> endpoints, Path identityFile, Path keyDir)
            implements Fleet {
        @Override
        public void close() {
            fleet.close();
            deleteTree(keyDir);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
