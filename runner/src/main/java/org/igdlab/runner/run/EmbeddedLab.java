package org.igdlab.runner.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.igdlab.runner.inventory.Endpoint;

/**
 * Starts the simulated hosts that an inventory marks {@code address: embedded}, and says how to
 * reach them: address, port and the host key to pin. The runner never imports the twin; the
 * {@code lab} module, which assembles both, provides this, so the runner's path to those hosts
 * is the same SSH path as to a real lab.
 */
public interface EmbeddedLab {

    Fleet start(Path inventoryFile, Path artifactsFile) throws IOException;

    /** A running embedded fleet. */
    interface Fleet extends AutoCloseable {

        /** Host name → where it listens and the fingerprint of its host key. */
        Map<String, Endpoint> endpoints();

        /** The private key the fleet accepts. */
        Path identityFile();

        @Override
        void close();
    }
}
