package org.igdlab.runner.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PictModelTest {

    @Test
    void readsEveryModelOfTheSharedBenchmark() throws IOException {
        Path dir = Models.sharedBenchDirectory().orElse(null);
        Assumptions.assumeTrue(dir != null,
                "shared benchmark models not found at ../../shared/bench/tway or ../shared/bench/tway "
                        + "relative to " + Path.of("").toAbsolutePath() + "; the bundled copies are tested instead");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).hasSize(8);
        for (Path file : files) {
            PictModel model = PictModel.parse(file);
            assertThat(model.parameters()).as(file.toString()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_3p4.txt", "b_3p13.txt", "c_2p10.txt", "d_2p100.txt", "e_4p15_3p17_2p29.txt",
        "f_10p20.txt", "g_igd.txt", "h_igd_constrained.txt"})
    void readsEveryBundledBenchmarkModel(String file) {
        PictModel model = Models.bundled(file);
        assertThat(model.source()).isEqualTo(file);
        assertThat(model.parameters()).isNotEmpty();
    }

    @Test
    void readsTheConstrainedIgdModelWithItsElevenConstraints() {
        PictModel model = Models.bundled("h_igd_constrained.txt");
        assertThat(model.parameters()).extracting(Parameter::name).containsExactly("mode", "machine", "firmware",
                "guest", "x-igd-opregion", "x-igd-lpc", "x-igd-legacy-mode", "x-vga", "rom", "x-igd-gms",
                "generation", "host-kernel");
        assertThat(model.parameters().get(10).values()).contains("gen7.5", "gen12.7");
        assertThat(model.constraints()).hasSize(11);
        assertThat(model.constraints().get(0).source())
                .isEqualTo("IF [mode] = \"legacy\" THEN [machine] = \"pc-i440fx\";");
    }

    @Test
    void trimsValuesAndSkipsCommentsAndBlankLines() {
        PictModel model = PictModel.parse("m.txt", "# a comment\n\n  size :  1 ,  2,3  \n   # another\nx.y-z: a b, c\n");
        assertThat(model.parameters()).containsExactly(
                new Parameter("size", List.of("1", "2", "3")), new Parameter("x.y-z", List.of("a b", "c")));
        assertThat(model.constraints()).isEmpty();
    }

    @Test
    void namesFileLineAndColumnWhenAValueIsNotQuoted() {
        String text = "p: on, off\ngeneration: gen6, gen7\n\nIF [p] = \"on\" THEN [generation] = gen6;\n";
        assertThatThrownBy(() -> PictModel.parse("h.txt", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("h.txt:4:35: expected a value in quotes, a number or a [parameter] after '=', found 'gen6'");
    }

    @Test
    void namesFileLineAndColumnWhenAParameterLineHasNoColon() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1, 2\n  b 1, 2\n"))
                .hasMessage("m.txt:2:3: expected 'name: value, value, ...' or a constraint, found 'b 1, 2'");
    }

    @Test
    void namesFileLineAndColumnOfAnEmptyValue() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1,, 2\n"))
                .hasMessage("m.txt:1:6: expected a value after ',', found ','");
    }

    @Test
    void rejectsAnUnknownParameterInAConstraint() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1, 2\nb: x, y\nIF [a] = 1 THEN [c] = \"x\";\n"))
                .hasMessage("m.txt:3:17: expected a declared parameter, found [c] (parameters: a, b)");
    }

    @Test
    void rejectsAValueTheParameterDoesNotHave() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1, 2\nb: x, y\nIF [a] = 1 THEN [b] = \"z\";\n"))
                .hasMessage("m.txt:3:23: expected one of the values of [b] [x, y], found \"z\"");
    }

    @Test
    void rejectsAMissingThen() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1, 2\nb: x, y\nIF [a] = 1 [b] = \"x\";\n"))
                .hasMessage("m.txt:3:12: expected THEN after the IF condition, found '[b]'");
    }

    @Test
    void rejectsAMissingSemicolonAtTheEndOfTheFile() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1, 2\nb: x, y\nIF [a] = 1 THEN [b] = \"x\"\n"))
                .hasMessage("m.txt:4:1: expected ';' or AND/OR to continue the constraint, found end of file");
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1, 2\nb: x, y\n[b] = \"x;\n"))
                .hasMessage("m.txt:3:7: expected a closing '\"', found end of line");
    }

    @Test
    void rejectsAParameterDeclaredTwice() {
        assertThatThrownBy(() -> PictModel.parse("m.txt", "a: 1, 2\na: 3\n"))
                .hasMessage("m.txt:2:1: parameter 'a' is already declared");
    }

    @Test
    void namesTheFileWhenItCannotBeRead() {
        assertThatThrownBy(() -> PictModel.parse(Path.of("/nonexistent/model.txt")))
                .hasMessage("cannot read model /nonexistent/model.txt: no such file");
    }
}
