package org.igdlab.runner.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One line of a run's journal: an attempt of a cell started on a host, or finished with its
 * outcome. {@code last} says whether a finished attempt is the cell's final outcome (false for a
 * broken attempt that is retried on another host).
 */
record JournalEntry(Event event, String cellId, String host, int attempt, Instant at, Optional<CellOutcome> outcome,
                    boolean last) {

    enum Event { STARTED, FINISHED }

    JournalEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(cellId, "cellId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt (" + attempt + ") of cell " + cellId + " must be at least 1");
        }
        if ((event == Event.FINISHED) != outcome.isPresent()) {
            throw new IllegalArgumentException("a " + event + " entry of cell " + cellId
                    + (outcome.isPresent() ? " has no outcome" : " needs an outcome"));
        }
    }

    static JournalEntry started(String cellId, String host, int attempt, Instant at) {
        return new JournalEntry(Event.STARTED, cellId, host, attempt, at, Optional.empty(), false);
    }

    static JournalEntry finished(CellOutcome outcome, int attempt, Instant at, boolean last) {
        return new JournalEntry(Event.FINISHED, outcome.cellId(), outcome.hostName(), attempt, at, Optional.of(outcome),
                last);
    }

    String toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("event", event.name().toLowerCase());
        n.put("cell", cellId).put("host", host).put("attempt", attempt).put("at", at.toString());
        outcome.ifPresent(o -> {
            n.put("status", o.status()).put("final", last).put("durationMs", o.duration().toMillis());
            if (o instanceof CellOutcome.Passed p) {
                strings(n.putArray("checks"), p.checks());
            } else if (o instanceof CellOutcome.Failed f) {
                strings(n.putArray("mismatches"), f.mismatches());
            } else if (o instanceof CellOutcome.Known k) {
                strings(n.putArray("mismatches"), k.mismatches());
                n.put("issue", k.issueId()).put("url", k.url());
            } else if (o instanceof CellOutcome.Broken b) {
                n.put("step", b.step()).put("message", b.message());
            } else if (o instanceof CellOutcome.Skipped s) {
                n.put("reason", s.reason());
            }
        });
        return n.toString();
    }

    /** @throws IllegalArgumentException for a line that is not a complete journal entry */
    static JournalEntry fromJson(JsonNode n) {
        String event = text(n, "event");
        String cell = text(n, "cell");
        String host = text(n, "host");
        int attempt = n.path("attempt").asInt(0);
        Instant at = Instant.parse(text(n, "at"));
        if (event.equals("started")) {
            return started(cell, host, attempt, at);
        }
        if (!event.equals("finished")) {
            throw new IllegalArgumentException("unknown event '" + event + "' (started, finished)");
        }
        Duration took = Duration.ofMillis(n.path("durationMs").asLong(0));
        CellOutcome outcome = switch (text(n, "status")) {
            case "passed" -> new CellOutcome.Passed(cell, host, took, strings(n.path("checks")));
            case "failed" -> new CellOutcome.Failed(cell, host, took, strings(n.path("mismatches")));
            case "known" -> new CellOutcome.Known(cell, host, took, strings(n.path("mismatches")), text(n, "issue"),
                    text(n, "url"));
            case "broken" -> new CellOutcome.Broken(cell, host, took, text(n, "step"), text(n, "message"));
            case "skipped" -> new CellOutcome.Skipped(cell, host, took, text(n, "reason"));
            default -> throw new IllegalArgumentException("unknown status '" + n.path("status").asText()
                    + "' (passed, failed, known, broken, skipped)");
        };
        if (!n.path("final").isBoolean()) {
            throw new IllegalArgumentException("no final: true|false");
        }
        return finished(outcome, attempt, at, n.path("final").asBoolean());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text field '" + field + "'");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
