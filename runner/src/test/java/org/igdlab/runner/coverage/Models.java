package org.igdlab.runner.coverage;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Test fixtures: the bundled copies of the benchmark models, and the shared originals if present. */
final class Models {

    private Models() {
    }

    static PictModel bundled(String file) {
        URL url = Models.class.getResource("/coverage/" + file);
        if (url == null) {
            throw new IllegalStateException("test resource /coverage/" + file + " is missing");
        }
        try {
            return PictModel.parse(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared benchmark directory, looked up relative to the runner module directory. */
    static Optional<Path> sharedBenchDirectory() {
        for (String candidate : new String[] {"../../shared/bench/tway", "../shared/bench/tway"}) {
            Path dir = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
