package org.igdlab.runner.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.quarantine.QuarantineEntry;
import org.igdlab.runner.quarantine.QuarantineFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab hosts}: the inventory's hosts and whether each is usable or quarantined. */
@Command(name = "hosts", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "List the inventory's hosts with their state: ok, or quarantined since when and why.",
            "",
            "`lab run` quarantines a host that broke two cells in a row (lab faults: unreachable, agent errors, "
                + "stray QEMU...). The state is kept beside the inventory, in <inventory-dir>/.igdlab-state/"
                + "quarantine.json. A quarantined host gets no more cells in that run; a later run health-checks "
                + "it (agent verb `health`) and uses it again only if it is healthy. `lab hosts release NAME` "
                + "ends a quarantine by hand, e.g. after repairing the host."},
        footer = {"", "Examples:",
            "  lab hosts                                 the twin fleet (lab-inventory/twin.yaml)",
            "  lab hosts -i lab-inventory/hosts.yaml",
            "  lab hosts release hsw-01 -i lab-inventory/hosts.yaml",
            "", ExitCodes.HELP},
        subcommands = HostsCommand.Release.class)
final class HostsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inputs;

    @Override
    public Integer call() throws Exception {
        Inventory loaded = inputs.load();
        QuarantineFile file = QuarantineFile.besideInventory(loaded.source());
        Map<String, QuarantineEntry> quarantined = file.load();
        PrintWriter out = spec.commandLine().getOut();
        int width = loaded.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(4);
        int genWidth = loaded.hosts().stream().mapToInt(h -> h.generation().id().length()).max().orElse(10);
        out.printf("%-" + width + "s  %-" + genWidth + "s  %s%n", "host", "generation", "state");
        for (Host host : loaded.hosts()) {
            String state = Optional.ofNullable(quarantined.get(host.name())).map(QuarantineEntry::describe).orElse("ok");
            out.printf("%-" + width + "s  %-" + genWidth + "s  %s%n", host.name(), host.generation().id(), state);
        }
        quarantined.keySet().stream().filter(name -> loaded.host(name).isEmpty()).forEach(name -> out.printf(
                "(%s is quarantined in %s but not in this inventory)%n", name, file.path()));
        out.flush();
        return ExitCodes.OK;
    }


    /** {@code lab hosts release NAME}: ends one host's quarantine. */
    @Command(name = "release", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"End the quarantine of host NAME, so that the next run uses it without a health check.",
                "NAME must be a host of the inventory."},
            footer = {"", ExitCodes.HELP})
    static final class Release implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The host to release.")
        String name;

        @Mixin
        InventoryOptions inputs;

        @Override
        public Integer call() throws Exception {
            Inventory loaded = inputs.load();
            if (loaded.host(name).isEmpty()) {
                throw new IllegalArgumentException("no host '" + name + "' in " + loaded.source() + "; its hosts are: "
                        + String.join(", ", loaded.hosts().stream().map(Host::name).toList()));
            }
            QuarantineFile file = QuarantineFile.besideInventory(loaded.source());
            Optional<QuarantineEntry> released = file.release(name);
            PrintWriter out = spec.commandLine().getOut();
            out.println(released.map(e -> "released " + name + " (it was " + e.describe() + ")")
                    .orElse(name + " was not quarantined; nothing to release"));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
