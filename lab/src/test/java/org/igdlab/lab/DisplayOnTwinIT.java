package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The display check on the twin, through the real {@code lab run}: a small suite on snb-01 (a
 * monitor, a shadowed VBIOS), kbl-01 (a monitor, no VBIOS) and hsw-01 (no monitor). What each frame
 * must show is written out here from igd-model.md (§5.3: the console needs the VBT behind 0xFC,
 * which SeaBIOS writes and stock OVMF does not; §7.1 row 'same but no ROM': legacy mode without a
 * ROM leaves the host's 0xFC), and the frames are read from the PNGs the run attached, pixel by
 * pixel, not through the runner's matcher.
 */
class DisplayOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final String SUITE = """
            version: 1
            suite: display
            description: display output on hosts with and without a monitor
            coverage: full
            guest: linux
            axes:
              generation: [sandy-bridge, kaby-lake, haswell]
              machine: [pc]
              firmware: [seabios, ovmf]
              mode: [legacy, upt]
            """;

    @TempDir
    static Path tmp;

    private static Run real;
    private static Run wrongOracle;

    private record Run(String id, int exitCode, String output, List<JsonNode> results) { }

    @BeforeAll
    static void runTheSuiteWithTheOracleAndWithAWrongOne() throws Exception {
        Path suite = Files.writeString(tmp.resolve("display.yaml"), SUITE);
        real = run("display-it", suite, HOME.resolve("scenarios/expectations.yaml"));
        // a deliberately wrong oracle: it says stock OVMF lights the port; the needles come along
        Path scenarios = Files.createDirectories(tmp.resolve("wrong"));
        Files.writeString(scenarios.resolve("expectations.yaml"), Files.readString(HOME.resolve("scenarios/expectations.yaml"))
                + """
                  - id: wrong-ovmf-shows-the-console
                    cite: "deliberately wrong, for DisplayOnTwinIT"
                    when: {firmware: ovmf}
                    expect:
                      display: {os: shown}
                """);
        Path needles = Files.createDirectories(scenarios.resolve("needles"));
        try (Stream<Path> files = Files.list(HOME.resolve("scenarios/needles"))) {
            for (Path f : files.toList()) {
                Files.copy(f, needles.resolve(f.getFileName()));
            }
        }
        wrongOracle = run("display-wrong-it", suite, scenarios.resolve("expectations.yaml"));
    }

    private static Run run(String id, Path suite, Path expectations) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"run", "--reports", tmp.resolve("reports").toString(), "--run-id", id,
                "--suite", suite.toString(), "--expectations", expectations.toString(), "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        List<JsonNode> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("reports/runs/" + id + "/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList()) {
                results.add(JSON.readTree(f.toFile()));
            }
        }
        return new Run(id, exit, out + "\n" + err, results);
    }

    /** What the port shows once the guest runs, from igd-model.md; empty: the host has no monitor. */
    private static Optional<String> expectedScreen(Map<String, String> p) {
        String host = p.get("host");
        if (host.equals("hsw-01")) {
            return Optional.empty();
        }
        if (p.get("firmware").equals("ovmf")) {
            return Optional.of("black");                 // stock OVMF writes no 0xFC (§4.1): no VBT, no console
        }
        if (host.equals("kbl-01") && p.get("mode").equals("legacy")) {
            return Optional.of("black");                 // legacy without a ROM: 0xFC is the host's (§7.1, F2)
        }
        return Optional.of("console");                   // SeaBIOS wrote 0xFC (§3): i915 finds the VBT (§5.3)
    }

    @Test
    void everyCellPassesWithTheOracle() {
        assertThat(real.results()).as(real.output()).hasSize(12);
        assertThat(real.exitCode()).as(real.output()).isZero();
        assertThat(real.results()).allSatisfy(r -> assertThat(r.get("status").asText()).as(describe(r)).isEqualTo("passed"));
    }

    @Test
    void aCellWithWorkingOutputShowsTheConsoleAndOneWhoseOutputShouldBeBlackIsBlack() throws Exception {
        BufferedImage console = ImageIO.read(HOME.resolve("scenarios/needles/linux-console-login.png").toFile());
        int consoles = 0;
        int blacks = 0;
        for (JsonNode r : real.results()) {
            Map<String, String> p = parameters(r);
            Optional<String> expected = expectedScreen(p);
            Optional<byte[]> png = attachment(real, r, "frame from ");
            if (expected.isEmpty()) {
                assertThat(png).as(describe(r) + ": no monitor, no frame").isEmpty();
                assertThat(steps(r)).as(describe(r)).noneMatch(s -> s.startsWith("display:"));
                continue;
            }
            assertThat(png).as(describe(r) + ": a frame is attached").isPresent();
            BufferedImage frame = ImageIO.read(new ByteArrayInputStream(png.get()));
            if (expected.get().equals("console")) {
                assertThat(samePixels(frame, console)).as(describe(r) + ": the frame is the guest console").isTrue();
                consoles++;
            } else {
                assertThat(litPixels(frame)).as(describe(r) + ": the frame is black").isZero();
                blacks++;
            }
        }
        assertThat(consoles).isEqualTo(3);   // snb legacy + upt, kbl upt (SeaBIOS)
        assertThat(blacks).isEqualTo(5);     // snb/kbl OVMF x 2 modes, kbl legacy SeaBIOS
    }

    @Test
    void aWrongDisplayExpectationFailsTheCellNamingWhatWasExpectedAndWhatTheFrameShowed() {
        assertThat(wrongOracle.exitCode()).as(wrongOracle.output()).isEqualTo(1);
        for (JsonNode r : wrongOracle.results()) {
            Map<String, String> p = parameters(r);
            boolean fails = p.get("firmware").equals("ovmf") && !p.get("host").equals("hsw-01");
            assertThat(r.get("status").asText()).as(describe(r)).isEqualTo(fails ? "failed" : "passed");
            if (fails) {
                assertThat(r.get("statusDetails").get("message").asText()).as(describe(r))
                        .contains("expected the guest console on the IGD's port; the frame shows a black frame")
                        .contains("deliberately wrong, for DisplayOnTwinIT")
                        .contains("expected the guest to report a connected DRM connector");
            }
        }
    }

    // --- helpers ---

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long litPixels(BufferedImage img) {
        long lit = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0) {
                    lit++;
                }
            }
        }
        return lit;
    }

    private static Map<String, String> parameters(JsonNode result) {
        Map<String, String> p = new HashMap<>();
        result.get("parameters").forEach(n -> p.put(n.get("name").asText(), n.get("value").asText()));
        return p;
    }

    private static String describe(JsonNode result) {
        return result.get("name").asText() + " on " + parameters(result).get("host") + ": "
                + result.path("statusDetails").path("message").asText("");
    }

    private static List<String> steps(JsonNode result) {
        List<String> names = new ArrayList<>();
        List<JsonNode> pending = new ArrayList<>(List.of(result));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(0);
            node.path("steps").forEach(s -> {
                names.add(s.get("name").asText());
                pending.add(s);
            });
        }
        return names;
    }

    /** The bytes of the first attachment whose name starts with {@code prefix}, searched through nested steps. */
    private static Optional<byte[]> attachment(Run run, JsonNode result, String prefix) throws Exception {
        List<JsonNode> pending = new ArrayList<>(List.of(result));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(0);
            for (JsonNode a : node.path("attachments")) {
                if (a.get("name").asText().startsWith(prefix)) {
                    return Optional.of(Files.readAllBytes(tmp.resolve("reports/runs/" + run.id() + "/allure-results")
                            .resolve(a.get("source").asText())));
                }
            }
            node.path("steps").forEach(pending::add);
        }
        return Optional.empty();
    }
}
