package org.igdlab.runner.quarantine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The quarantine state of an inventory's hosts, kept beside the inventory in
 * {@code .igdlab-state/quarantine.json} so that it outlives a run: a later run health-checks a
 * quarantined host before using it again, and {@code lab hosts release} ends a quarantine by hand.
 * Written whole to a temporary file and moved into place, so a reader never sees half a file.
 */
public final class QuarantineFile {

    static final String DIR = ".igdlab-state";
    static final String FILE = "quarantine.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    private QuarantineFile(Path file) {
        this.file = file;
    }

    /** The state file of the inventory {@code inventoryFile}. */
    public static QuarantineFile besideInventory(Path inventoryFile) {
        Path dir = inventoryFile.toAbsolutePath().normalize().getParent();
        return new QuarantineFile(dir.resolve(DIR).resolve(FILE));
    }

    public Path path() {
        return file;
    }

    /** Host name → its quarantine; empty when the file does not exist yet. */
    public synchronized Map<String, QuarantineEntry> load() throws IOException {
        Map<String, QuarantineEntry> entries = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not readable JSON (" + e.getMessage()
                    + "); delete it to release every host", e);
        }
        for (JsonNode h : root.path("hosts")) {
            try {
                QuarantineEntry entry = new QuarantineEntry(h.path("host").asText(),
                        Instant.parse(h.path("since").asText()), h.path("reason").asText());
                entries.put(entry.host(), entry);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IOException(file + ": unreadable entry " + h + ": " + e.getMessage(), e);
            }
        }
        return entries;
    }

    /** Adds (or replaces) one host's quarantine. */
    public synchronized void quarantine(QuarantineEntry entry) throws IOException {
        Map<String, QuarantineEntry> entries = load();
        entries.put(entry.host(), entry);
        save(entries);
    }

    /** Ends one host's quarantine; the entry it had, if any. */
    public synchronized Optional<QuarantineEntry> release(String host) throws IOException {
        Map<String, QuarantineEntry> entries = load();
        QuarantineEntry removed = entries.remove(host);
        if (removed != null) {
            save(entries);
        }
        return Optional.ofNullable(removed);
    }

    private void save(Map<String, QuarantineEntry> entries) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        var hosts = root.putArray("hosts");
        entries.values().forEach(e -> hosts.addObject().put("host", e.host()).put("since", e.since().toString())
                .put("reason", e.reason()));
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
