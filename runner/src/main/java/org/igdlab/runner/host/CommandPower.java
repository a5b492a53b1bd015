package org.igdlab.runner.host;

import java.util.List;

import org.igdlab.runner.time.Deadline;

/** The inventory's own power-cycle command ({@code power.cycle}), run as argv on the runner's machine. */
final class CommandPower implements PowerControl {

    private final List<String> argv;

    CommandPower(List<String> argv) {
        this.argv = List.copyOf(argv);
        if (this.argv.isEmpty()) {
            throw new IllegalArgumentException("a power command must name a program");
        }
    }

    @Override
    public PowerResult cycle(Deadline deadline) {
        return PowerProcess.run(argv, deadline);
    }

    @Override
    public String describe() {
        return String.join(" ", argv);
    }
}
