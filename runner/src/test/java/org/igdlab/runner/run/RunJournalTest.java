package org.igdlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {

    private static final Instant T0 = Instant.parse("2026-12-07T18:00:00Z");

    @TempDir
    Path runDir;

    @Test
    void everyOutcomeComesBackAsItWasJournaled() throws Exception {
        List<CellOutcome> outcomes = List.of(
                new CellOutcome.Passed("a", "kbl-01", Duration.ofMillis(1200), List.of("0xFC ok", "0x50 ok")),
                new CellOutcome.Failed("b", "cfl-02", Duration.ofMillis(900), List.of("expected 0xFC ...; observed 0")),
                new CellOutcome.Broken("c", "snb-01", Duration.ofMillis(2001), "connect", "host=snb-01 step='connect': reset"),
                new CellOutcome.Skipped("d", "none", Duration.ZERO, "no host of generation x"),
                new CellOutcome.Known("e", "adl-01", Duration.ofMillis(5), List.of("m"), "QEMU-1", "https://example.org/1"));
        try (RunJournal journal = RunJournal.open(runDir)) {
            journal.append(JournalEntry.started("a", "kbl-01", 1, T0));
            for (CellOutcome o : outcomes) {
                journal.append(JournalEntry.finished(o, 2, T0.plusSeconds(1), !(o instanceof CellOutcome.Broken)));
            }
        }
        RunJournal.Contents read = RunJournal.read(runDir.resolve(RunJournal.FILE));

        assertThat(read.warnings()).isEmpty();
        assertThat(read.entries()).hasSize(6);
        assertThat(read.entries().get(0)).isEqualTo(JournalEntry.started("a", "kbl-01", 1, T0));
        assertThat(read.entries().subList(1, 6)).extracting(e -> e.outcome().orElseThrow()).isEqualTo(outcomes);
        assertThat(read.entries().subList(1, 6)).extracting(JournalEntry::last)
                .containsExactly(true, true, false, true, true);
    }

    @Test
    void aLineCutOffByAKillIsIgnoredWithAWarningAndTheNextEntryIsStillReadable() throws Exception {
        try (RunJournal journal = RunJournal.open(runDir)) {
            journal.append(JournalEntry.started("a", "kbl-01", 1, T0));
        }
        Path file = runDir.resolve(RunJournal.FILE);
        Files.writeString(file, "{\"event\":\"finished\",\"cell\":\"a\",\"host\":\"kb", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (RunJournal journal = RunJournal.open(runDir)) {
            journal.append(JournalEntry.started("a", "kbl-01", 2, T0.plusSeconds(5)));
        }

        RunJournal.Contents read = RunJournal.read(file);

        assertThat(read.entries()).extracting(JournalEntry::attempt).containsExactly(1, 2);
        assertThat(read.warnings()).singleElement().asString().contains(RunJournal.FILE + ":2: ignored an unreadable journal line");
    }

    @Test
    void aLineThatIsJsonButNotAnEntryIsAWarningNamingWhatIsMissing() throws Exception {
        Path file = runDir.resolve(RunJournal.FILE);
        Files.writeString(file, "{\"event\":\"finished\",\"cell\":\"a\",\"host\":\"h\",\"attempt\":1,"
                + "\"at\":\"2026-12-07T18:00:00Z\",\"status\":\"broken\",\"final\":true}\n");

        RunJournal.Contents read = RunJournal.read(file);

        assertThat(read.entries()).isEmpty();
        assertThat(read.warnings()).singleElement().asString().contains("no text field 'step'");
    }
}
