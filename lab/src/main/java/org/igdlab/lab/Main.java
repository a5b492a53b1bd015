package org.igdlab.lab;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.igdlab.lab.bench.BenchCommand;
import org.igdlab.runner.cli.LabCommand;
import picocli.CommandLine;

/** The {@code lab} executable: the runner's commands, with the embedded twin fleet and {@code lab twin}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = LabCommand.commandLine(Optional.of(new TwinEmbeddedLab()), out, err);
        cli.addSubcommand("twin", new CommandLine(new TwinCommand()).addSubcommand("serve", new TwinServeCommand()));
        cli.addSubcommand("bench", BenchCommand.commandLine().setOut(out).setErr(err));
        return cli.execute(args);
    }
}
