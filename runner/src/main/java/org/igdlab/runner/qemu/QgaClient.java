package org.igdlab.runner.qemu;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import org.igdlab.runner.ssh.DuplexStream;
import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The QEMU guest agent protocol over any byte stream. QGA has no request ids, so the client first
 * synchronises with {@code guest-sync} and a random id (discarding stale replies), then runs one
 * request at a time. {@code exec} is {@code guest-exec} with captured output, then
 * {@code guest-exec-status} polls (50 ms, doubling to 500 ms) until the process exits.
 */
public final class QgaClient implements GuestAgent {

    private static final Logger LOG = LoggerFactory.getLogger(QgaClient.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LONGEST_POLL = Duration.ofMillis(500);

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonMessages messages;
    private boolean synced;

    private QgaClient(DuplexStream stream) {
        this.messages = new JsonMessages(stream, mapper, "qga");
    }

    public static QgaClient over(DuplexStream stream) {
        return new QgaClient(stream);
    }

    @Override
    public synchronized void sync(Deadline d) throws GuestAgentException {
        long id = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        ObjectNode request = mapper.createObjectNode().put("execute", "guest-sync");
        request.putObject("arguments").put("id", id);
        send("guest-sync", request);
        while (true) {
            JsonNode message = await("guest-sync", d);
            JsonNode value = message.get("return");
            if (value != null && value.isIntegralNumber() && value.asLong() == id) {
                synced = true;
                return;
            }
            LOG.debug("QGA discarding a stale message while syncing: {}", QmpClient.abbreviate(message));
        }
    }

    @Override
    public synchronized GuestExecResult exec(List<String> argv, Deadline d) throws GuestAgentException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        if (!synced) {
            sync(d);
        }
        ObjectNode arguments = mapper.createObjectNode().put("path", argv.get(0));
        ArrayNode args = arguments.putArray("arg");
        argv.subList(1, argv.size()).forEach(args::add);
        arguments.put("capture-output", true);
        JsonNode started = call("guest-exec", arguments, d);
        if (!started.path("pid").isIntegralNumber()) {
            throw new GuestAgentException("guest-exec", "no pid in " + QmpClient.abbreviate(started));
        }
        long pid = started.get("pid").asLong();
        Duration interval = FIRST_POLL;
        while (true) {
            JsonNode status = call("guest-exec-status", mapper.createObjectNode().put("pid", pid), d);
            if (status.path("exited").asBoolean(false)) {
                int exitCode = status.has("exitcode") ? status.get("exitcode").asInt()
                        : status.has("signal") ? 128 + status.get("signal").asInt() : -1;
                return new GuestExecResult(argv, exitCode, decode(status, "out-data"), decode(status, "err-data"));
            }
            if (d.expired()) {
                throw new GuestAgentException("guest-exec-status",
                        "guest process " + pid + " (" + argv + ") still running at the deadline");
            }
            sleep(min(interval, d.remaining()));
            interval = min(interval.multipliedBy(2), LONGEST_POLL);
        }
    }

    private JsonNode call(String command, ObjectNode arguments, Deadline d) throws GuestAgentException {
        ObjectNode request = mapper.createObjectNode().put("execute", command);
        request.set("arguments", arguments);
        send(command, request);
        JsonNode message = await(command, d);
        if (message.has("return")) {
            return message.get("return");
        }
        if (message.has("error")) {
            JsonNode error = message.get("error");
            throw new GuestAgentException(command, Optional.of(error.path("class").asText("?")),
                    error.path("class").asText("?") + ": " + error.path("desc").asText(""), null);
        }
        synced = false;
        throw new GuestAgentException(command, "unexpected reply " + QmpClient.abbreviate(message));
    }

    private void send(String command, ObjectNode request) throws GuestAgentException {
        try {
            messages.send(request);
        } catch (IOException e) {
            synced = false;
            throw new GuestAgentException(command, "could not send: " + e.getMessage(), e);
        }
    }

    private JsonNode await(String command, Deadline d) throws GuestAgentException {
        try {
            return messages.next(d);
        } catch (TimeoutException e) {
            synced = false; // a late reply would be mistaken for the next one's
            throw new GuestAgentException(command, "no reply within the deadline", e);
        } catch (IOException e) {
            synced = false;
            throw new GuestAgentException(command, "the guest agent stream ended: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synced = false;
            throw new GuestAgentException(command, "interrupted", e);
        }
    }

    private static byte[] decode(JsonNode status, String field) throws GuestAgentException {
        JsonNode data = status.get(field);
        if (data == null || data.isNull()) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new GuestAgentException("guest-exec-status", field + " is not base64", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) throws GuestAgentException {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestAgentException("guest-exec-status", "interrupted", e);
        }
    }

    @Override
    public void close() {
        messages.close();
    }
}
