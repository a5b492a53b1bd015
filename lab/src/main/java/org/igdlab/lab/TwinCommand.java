package org.igdlab.lab;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab twin}: the lab twin on its own. */
@Command(name = "twin", mixinStandardHelpOptions = true,
        description = {"The lab twin: simulated Intel IGD hosts behind real SSH servers.",
            "`lab run` starts it by itself when the inventory has address: embedded hosts;",
            "`lab twin serve` runs it standalone so other tools can use it as a lab."})
final class TwinCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
