package org.igdlab.runner.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code journal.jsonl} of a run: one JSON line per attempt started and per attempt finished,
 * forced to disk before the run moves on, so that a runner killed at any moment leaves a journal
 * that says which cells are done ({@code lab run --resume}).
 */
final class RunJournal implements AutoCloseable {

    static final String FILE = "journal.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    private RunJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens the journal of a run directory for appending, creating it if needed. */
    static RunJournal open(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        RunJournal journal = new RunJournal(file, channel);
        journal.endCutLine();
        return journal;
    }

    /** Appends one entry and forces it to disk; a journal that cannot be written stops the run. */
    synchronized void append(JournalEntry entry) {
        byte[] line = (entry.toJson(JSON) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A line cut off by a kill has no newline; the next entry must not be glued to it, or both
     * would be lost.
     */
    private void endCutLine() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            read.read(last, size - 1);
            if (last.get(0) != '\n') {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                channel.force(true);
            }
        }
    }

    /** What a journal file holds: its readable entries, and a warning for each line that is not one. */
    record Contents(List<JournalEntry> entries, List<String> warnings) {
        Contents {
            entries = List.copyOf(entries);
            warnings = List.copyOf(warnings);
        }
    }

    /** Reads a journal; an unreadable line (cut off by a kill) is skipped with a warning, never an error. */
    static Contents read(Path file) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                entries.add(JournalEntry.fromJson(node));
            } catch (IOException | RuntimeException e) {
                warnings.add(file + ":" + (i + 1) + ": ignored an unreadable journal line (cut off when the runner"
                        + " stopped?): " + abbreviate(line) + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        return new Contents(entries, warnings);
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 79) + "…";
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing after every line was forced loses nothing
        }
    }
}
