package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** {@code lab tway} through the real command line: TSV out, every pair covered, clear errors. */
class TwayCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LabCommand.commandLine(Optional.empty(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path model(String name) throws URISyntaxException {
        return Path.of(TwayCommandTest.class.getResource("/coverage/" + name).toURI());
    }

    @Test
    void printsAHeaderOfParameterNamesAndRowsThatCoverEveryPair() throws Exception {
        Run run = lab("tway", model("a_3p4.txt").toString(), "--strength", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("P1\tP2\tP3\tP4");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split("\t")).toList();
        // counted here, independently of the generator and its checker: 6 parameter pairs x 9 value pairs
        Set<String> pairs = new HashSet<>();
        for (String[] row : rows) {
            assertThat(row).hasSize(4);
            for (int i = 0; i < 4; i++) {
                for (int j = i + 1; j < 4; j++) {
                    pairs.add(i + "=" + row[i] + "," + j + "=" + row[j]);
                }
            }
        }
        assertThat(pairs).hasSize(6 * 9);
        assertThat(rows.size()).as("PICT's default gives 12 rows for 3^4").isLessThanOrEqualTo(12);
    }

    @Test
    void aStrengthOutsideOneToSixIsRefusedNamingTheAllowedRange() throws Exception {
        Run run = lab("tway", model("a_3p4.txt").toString(), "--strength", "7");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("strength").contains("1").contains("6");
    }

    @Test
    void aMissingModelFileIsAClearError() {
        Run run = lab("tway", "/no/such/model.txt", "--strength", "2");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("/no/such/model.txt");
        assertThat(Arrays.asList(run.err().split("\n"))).noneMatch(l -> l.trim().startsWith("at "));
    }
}
