package org.igdlab.runner.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The files a run or a plan is made from; every default is relative to the igdlab checkout. */
final class InputOptions {

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "Lab inventory (default: lab-inventory/twin.yaml, the embedded twin fleet). "
                    + "A real lab: see lab-inventory/hosts.yaml.")
    Path inventory;

    @Option(names = "--artifacts", paramLabel = "FILE",
            description = "Artifacts the inventory refers to (default: lab-inventory/artifacts.yaml).")
    Path artifacts;

    @Option(names = {"-s", "--suite"}, paramLabel = "FILE",
            description = "Suite: the axes whose combinations are the cells (default: scenarios/suites/nightly.yaml).")
    Path suite;

    @Option(names = "--expectations", paramLabel = "FILE",
            description = "The oracle: what each cell should show (default: scenarios/expectations.yaml); "
                    + "the display check's needles are read from the needles/ directory beside it.")
    Path expectations;

    /** The options given on the command line, by name (for commands that refuse them). */
    java.util.List<String> given() {
        java.util.List<String> given = new java.util.ArrayList<>();
        if (inventory != null) {
            given.add("--inventory");
        }
        if (artifacts != null) {
            given.add("--artifacts");
        }
        if (suite != null) {
            given.add("--suite");
        }
        if (expectations != null) {
            given.add("--expectations");
        }
        return given;
    }

    Path inventory(LabPaths paths) {
        return inventory != null ? inventory : paths.resolve("lab-inventory/twin.yaml");
    }

    Path artifacts(LabPaths paths) {
        return artifacts != null ? artifacts : paths.resolve("lab-inventory/artifacts.yaml");
    }

    Path suite(LabPaths paths) {
        return suite != null ? suite : paths.resolve("scenarios/suites/nightly.yaml");
    }

    Path expectations(LabPaths paths) {
        return expectations != null ? expectations : paths.resolve("scenarios/expectations.yaml");
    }
}
