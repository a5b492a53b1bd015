package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * `lab bench` end to end on a few twin hosts: it runs, and prints its table. Figures are printed,
 * never asserted: a smoke test, not a timed one.
 */
class BenchOnTwinIT {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(exit, out.toString(), err.toString());
    }

    private static boolean sshInstalled() {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, "ssh")));
    }

    @Test
    void scaleDrivesThreeTwinHostsAtOnceAndPrintsItsTable() {
        Outcome run = lab("bench", "scale", "--hosts", "3");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("### (c) 3 twin hosts driven at once by one runner")
                .contains("| hosts | cells | wall s |")
                .containsPattern("\\n\\| 3 \\| 3 \\| [0-9.]+ \\| .* \\| 3 passed \\|\\n")
                .contains("largest thread groups at the peak:");
    }

    @Test
    void overheadRunsTheRunnerAndTheSshBaselineOnTheSameCellsAndPrintsTheRatio() {
        Outcome run = lab("bench", "overhead", "--cells", "2");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("### (a) orchestration overhead per cell: 2 cells on one twin host (cfl-01-001)")
                .containsPattern("\\| runner: `lab run` .* \\| 2 \\| [0-9.]+ \\| .* \\| 2 passed \\|");
        if (sshInstalled()) {
            assertThat(run.out()).containsPattern("\\| baseline: bench-ssh-baseline \\(one `ssh` process per call, [0-9.]+ per cell\\) \\| 2 \\|")
                    .containsPattern("ratio runner / baseline: [0-9.]+");
        } else {
            assertThat(run.out()).contains("baseline skipped: OpenSSH's client is not installed");
        }
    }

    @Test
    void refusesMoreHostsThanTheBenchCanGiveACellEachAndSaysHowMany() {
        Outcome run = lab("bench", "scale", "--hosts", "1000");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("hosts (1000)").contains("at most 384");
    }

    @Test
    void refusesAnUnknownGenerationNamingTheKnownOnes() {
        Outcome run = lab("bench", "overhead", "--generation", "pentium");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--generation 'pentium'").contains("coffee-lake");
    }
}
