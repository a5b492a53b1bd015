package org.igdlab.runner.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.igdlab.runner.coverage.CoveringArray;
import org.igdlab.runner.coverage.CoveringArrays;
import org.igdlab.runner.coverage.PictModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lab tway MODEL_FILE --strength N [--seed S] [--time-budget SECONDS]}: reads a PICT-format
 * model and prints a t-way covering array as TSV (a header line of parameter names, then one row
 * per line). Expected errors are thrown as {@link IllegalArgumentException} with a one-line message.
 */
@Command(name = "tway", mixinStandardHelpOptions = true,
        description = {
            "Generate t-way (pairwise, 3-way, ...) test rows from a PICT-format model.",
            "Prints TSV: a header of parameter names, then one row per line. Every coverable",
            "t-tuple appears in some row; every row satisfies the model's constraints.",
            "The same model, strength and seed give the same rows (without --time-budget)."})
final class TwayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_FILE", description = "PICT-format model file")
    Path modelFile;

    @Option(names = "--strength", required = true, paramLabel = "N",
            description = "interaction strength t, one of 1..6 (2 = pairwise)")
    int strength;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--time-budget", defaultValue = "0", paramLabel = "SECONDS",
            description = "extra seconds to keep shrinking the array after the deterministic search; "
                    + "the result then depends on machine speed (default: ${DEFAULT-VALUE})")
    double timeBudget;

    @Override
    public Integer call() {
        if (strength < CoveringArrays.MIN_STRENGTH || strength > CoveringArrays.MAX_STRENGTH) {
            throw new IllegalArgumentException("--strength (" + strength + ") must be one of 1, 2, 3, 4, 5, 6");
        }
        if (!(timeBudget >= 0) || Double.isInfinite(timeBudget)) {
            throw new IllegalArgumentException("--time-budget (" + timeBudget + ") must be a non-negative number of seconds");
        }
        PictModel model;
        try {
            model = PictModel.parse(modelFile);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        CoveringArray array = CoveringArrays.generate(model, strength, seed,
                Duration.ofNanos((long) (timeBudget * 1e9)));
        PrintWriter out = spec.commandLine().getOut();
        out.print(array.toTsv());
        out.flush();
        return 0;
    }
}
