package org.igdlab.runner.cli;

import java.nio.file.Path;

import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryException;
import org.igdlab.runner.inventory.InventoryLoader;
import picocli.CommandLine.Option;

/** The inventory alone, for commands about hosts rather than runs; defaults as {@link InputOptions}'. */
final class InventoryOptions {

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "Lab inventory (default: lab-inventory/twin.yaml).")
    Path inventory;

    @Option(names = "--artifacts", paramLabel = "FILE",
            description = "Artifacts the inventory refers to (default: lab-inventory/artifacts.yaml).")
    Path artifacts;

    Inventory load() throws InventoryException {
        InputOptions defaults = new InputOptions();
        defaults.inventory = inventory;
        defaults.artifacts = artifacts;
        LabPaths paths = LabPaths.fromSystem();
        return InventoryLoader.load(defaults.inventory(paths), defaults.artifacts(paths));
    }
}
