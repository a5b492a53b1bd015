package org.igdlab.runner.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeedlesTest {
    @TempDir
    Path dir;

    private void needle(String name, String json) throws IOException {
        Files.writeString(dir.resolve(name + ".json"), json);
        Files.write(dir.resolve(name + ".png"), Frame.filled(64, 32, 0).toPng());
    }

    @Test
    void readsOpenQaNeedlesWithMatchAndExcludeAreasAndTheDefaultThreshold() throws IOException {
        needle("console", """
                {"tags": ["os", "linux-console"], "properties": [],
                 "area": [{"xpos": 0, "ypos": 0, "width": 32, "height": 16, "type": "match", "match": 90},
                          {"xpos": 8, "ypos": 0, "width": 8, "height": 16, "type": "exclude"},
                          {"xpos": 32, "ypos": 16, "width": 32, "height": 16}]}
                """);

        Needle n = Needles.load(dir).all().get(0);

        assertThat(n.name()).isEqualTo("console");
        assertThat(n.tags()).containsExactlyInAnyOrder("os", "linux-console");
        assertThat(n.matches()).containsExactly(new Needle.MatchArea(new Area(0, 0, 32, 16), 0.90),
                new Needle.MatchArea(new Area(32, 16, 32, 16), 0.96));
        assertThat(n.excludes()).containsExactly(new Area(8, 0, 8, 16));
        assertThat(Needles.load(dir).tagged("os")).hasSize(1);
        assertThat(Needles.load(dir).tagged("pre-os")).isEmpty();
    }

    @Test
    void aNeedleWithoutItsImageOrWithABadAreaIsRefusedNamingTheFileAndTheProblem() throws IOException {
        Files.writeString(dir.resolve("lonely.json"), "{\"tags\": [\"os\"], \"area\": []}");
        assertThatThrownBy(() -> Needles.load(dir)).hasMessageContaining("lonely.json").hasMessageContaining("no image lonely.png");
        Files.delete(dir.resolve("lonely.json"));

        needle("ocr", "{\"tags\": [\"os\"], \"area\": [{\"xpos\": 0, \"ypos\": 0, \"width\": 8, \"height\": 8, \"type\": \"ocr\"}]}");
        assertThatThrownBy(() -> Needles.load(dir)).hasMessageContaining("ocr.json")
                .hasMessageContaining("type 'ocr' is not one of [match, exclude]");
        Files.delete(dir.resolve("ocr.json"));

        needle("outside", "{\"tags\": [\"os\"], \"area\": [{\"xpos\": 60, \"ypos\": 0, \"width\": 8, \"height\": 8}]}");
        assertThatThrownBy(() -> Needles.load(dir)).hasMessageContaining("lies outside its 64x32 image");
        Files.delete(dir.resolve("outside.json"));

        needle("percent", "{\"tags\": [\"os\"], \"area\": [{\"xpos\": 0, \"ypos\": 0, \"width\": 8, \"height\": 8, \"match\": 150}]}");
        assertThatThrownBy(() -> Needles.load(dir)).hasMessageContaining("percentage in (0, 100]");
    }

    @Test
    void theNeedlesOfTheScenariosDirectoryLoadAndRecogniseEachOtherButNotABlackFrame() throws IOException {
        Needles needles = Needles.load(Path.of("..", "scenarios", "needles"));
        Needle firmware = needles.tagged("pre-os").get(0);
        Needle console = needles.tagged("os").get(0);

        assertThat(NeedleMatcher.match(firmware, firmware.reference()).matched()).isTrue();
        assertThat(NeedleMatcher.match(console, console.reference()).matched()).isTrue();
        assertThat(NeedleMatcher.match(firmware, console.reference()).matched()).isFalse();
        assertThat(NeedleMatcher.match(console, firmware.reference()).matched()).isFalse();
        Frame black = Frame.filled(640, 400, 0);
        assertThat(NeedleMatcher.match(firmware, black).matched()).isFalse();
        assertThat(NeedleMatcher.match(console, black).matched()).isFalse();
    }
}
