package org.igdlab.runner.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the project's files are: the checkout (system property {@code igdlab.home}, set by
 * scripts/lab, else the working directory) and the unpacked Allure command line.
 */
final class LabPaths {

    static final String ALLURE_VERSION = "2.34.0";

    private final Path home;

    LabPaths(Path home) {
        this.home = home;
    }

    static LabPaths fromSystem() {
        return new LabPaths(Path.of(System.getProperty("igdlab.home", ".")).toAbsolutePath().normalize());
    }

    Path home() {
        return home;
    }

    Path resolve(String relative) {
        return home.resolve(relative);
    }

    /** The Allure command line, if the build unpacked it. */
    Optional<Path> allureHome() {
        Path configured = Path.of(System.getProperty("igdlab.allure.home",
                home.resolve("lab/target/allure/allure-" + ALLURE_VERSION).toString()));
        return Files.isDirectory(configured) ? Optional.of(configured) : Optional.empty();
    }
}
