package org.igdlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.igdlab.runner.scenario.ScenarioException;
import org.junit.jupiter.api.Test;

class KnownIssuesTest {

    private static final String TWO = """
            version: 1
            issues:
              - id: CFL-ASLS
                url: https://example.org/bugs/1
                title: ASLS never written on one Coffee Lake board
                match:
                  axes:
                    generation: [coffee-lake]
                    host: cfl-02
                  message: 'expected 0xFC: .*observed 0x00000000'
              - id: Q35-ONLY
                url: https://example.org/bugs/2
                title: anything on q35
                match:
                  axes: {machine: q35}
            """;

    private static Map<String, String> cell(String generation, String machine, String host) {
        return Map.of("generation", generation, "machine", machine, "firmware", "seabios", "mode", "legacy", "host", host);
    }

    @Test
    void theShippedFileLoadsAndItsQemu50EntryMatchesALegacyCellOnAQemu50BuildOnly() throws Exception {
        KnownIssues shipped = KnownIssues.load(Path.of("../scenarios/known-issues.yaml"));
        String failure = "expected 0xFC: firmware-allocated, page-aligned, ≠ host 0xdaef6018; observed 0xdaef6018";
        Map<String, String> on501 = new java.util.HashMap<>(cell("sandy-bridge", "pc", "snb-01"));
        on501.put("qemu", "qemu-5.0.1");

        assertThat(shipped.match(on501, failure)).map(KnownIssue::id).contains("LP1882784");
        assertThat(shipped.match(cell("sandy-bridge", "pc", "snb-01"), failure)).as("the host's default build").isEmpty();
        Map<String, String> on827 = new java.util.HashMap<>(on501);
        on827.put("qemu", "qemu-8.2.7");
        assertThat(shipped.match(on827, failure)).as("another band-A build").isEmpty();
        Map<String, String> upt = new java.util.HashMap<>(on501);
        upt.put("mode", "upt");
        assertThat(shipped.match(upt, failure)).as("not legacy").isEmpty();
        assertThat(shipped.match(cell("coffee-lake", "pc", "cfl-02"), "expected 0xFC: firmware-allocated; observed 0x00000000"))
                .as("the seeded twin regression stays a regression").isEmpty();
    }

    @Test
    void aFailureMatchesOnlyWhenEveryAxisConditionAndTheMessageHold() throws Exception {
        KnownIssues known = KnownIssues.parse("k.yaml", TWO);
        String asls = "expected 0xFC: firmware-allocated; observed 0x00000000, so no firmware wrote it";

        assertThat(known.match(cell("coffee-lake", "pc", "cfl-02"), asls)).map(KnownIssue::id).contains("CFL-ASLS");
        assertThat(known.match(cell("coffee-lake", "pc", "cfl-01"), asls)).as("other host").isEmpty();
        assertThat(known.match(cell("kaby-lake", "pc", "cfl-02"), asls)).as("other generation").isEmpty();
        assertThat(known.match(cell("coffee-lake", "pc", "cfl-02"), "expected 0x5C: host value")).as("other message").isEmpty();
        assertThat(known.match(cell("coffee-lake", "q35", "cfl-01"), "anything")).map(KnownIssue::id).contains("Q35-ONLY");
    }

    @Test
    void theFirstMatchingEntryInFileOrderWins() throws Exception {
        KnownIssues known = KnownIssues.parse("k.yaml", TWO);
        assertThat(known.match(cell("coffee-lake", "q35", "cfl-02"), "expected 0xFC: x observed 0x00000000"))
                .map(KnownIssue::id).contains("CFL-ASLS");
    }

    @Test
    void aFileWithNoIssuesAndAMissingFileExplainNothing() throws Exception {
        assertThat(KnownIssues.parse("k.yaml", "version: 1\nissues: []\n").issues()).isEmpty();
        assertThat(KnownIssues.loadIfPresent(Path.of("no-such-known-issues.yaml")).match(cell("coffee-lake", "pc", "h"), "m"))
                .isEmpty();
    }

    @Test
    void anEntryWithoutConditionsIsRefusedBecauseItWouldHideEveryFailure() {
        assertThatThrownBy(() -> KnownIssues.parse("k.yaml", """
                version: 1
                issues:
                  - id: ALL
                    url: https://example.org/1
                    title: everything
                    match: {}
                """)).isInstanceOf(ScenarioException.class).hasMessageStartingWith("k.yaml:6:12: issues[0].match: ")
                .hasMessageContaining("would hide every failure");
    }

    @Test
    void errorsNameFileLineAndColumn() {
        assertThatThrownBy(() -> KnownIssues.parse("k.yaml", """
                version: 1
                issues:
                  - id: BAD-RE
                    url: https://example.org/1
                    title: broken pattern
                    match:
                      message: 'IGD (device'
                """)).isInstanceOf(ScenarioException.class).hasMessageStartingWith("k.yaml:7:16: issues[0].match.message: ")
                .hasMessageContaining("expected a regular expression");
        assertThatThrownBy(() -> KnownIssues.parse("k.yaml", """
                version: 1
                issues:
                  - id: X
                    url: https://example.org/1
                    title: t
                    match: {axes: {mode: legacy}}
                    severity: high
                """)).hasMessageStartingWith("k.yaml:7:5: issues[0].severity: ").hasMessageContaining("unknown key 'severity'");
        assertThatThrownBy(() -> KnownIssues.parse("k.yaml", """
                version: 1
                issues:
                  - {id: X, url: https://example.org/1, title: t, match: {axes: {mode: legacy}}}
                  - {id: X, url: https://example.org/2, title: u, match: {axes: {mode: upt}}}
                """)).hasMessageStartingWith("k.yaml:4:10: issues[1].id: ").hasMessageContaining("'X' again");
        assertThatThrownBy(() -> KnownIssues.parse("k.yaml", """
                version: 1
                issues:
                  - {id: X, url: not-a-url, title: t, match: {axes: {mode: legacy}}}
                """)).hasMessageStartingWith("k.yaml:3:18: issues[0].url: expected an http(s) URL");
    }
}
