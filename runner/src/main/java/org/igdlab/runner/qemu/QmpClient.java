package org.igdlab.runner.qemu;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.igdlab.runner.ssh.DuplexStream;
import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * QMP over any byte stream (normally a unix socket tunnelled over SSH): reads the greeting,
 * negotiates capabilities, then runs one command at a time, tagging each with an {@code id} and
 * skipping asynchronous events and stale replies while it waits for its own.
 */
public final class QmpClient implements Qmp {

    private static final Logger LOG = LoggerFactory.getLogger(QmpClient.class);

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonMessages messages;
    private final AtomicLong ids = new AtomicLong();
    private JsonNode greeting;

    private QmpClient(DuplexStream stream) {
        this.messages = new JsonMessages(stream, mapper, "qmp");
    }

    /** Reads the greeting and sends {@code qmp_capabilities}; closes the stream on failure. */
    public static QmpClient connect(DuplexStream stream, Deadline d) throws QmpException {
        QmpClient client = new QmpClient(stream);
        try {
            JsonNode first = client.awaitMessage("greeting", d);
            if (!first.has("QMP")) {
                throw new QmpException("greeting", "expected a QMP greeting but got " + abbreviate(first), (Throwable) null);
            }
            client.greeting = first;
            client.execute("qmp_capabilities", null, d);
            return client;
        } catch (QmpException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public JsonNode greeting() {
        return greeting;
    }

    @Override
    public synchronized JsonNode execute(String command, ObjectNode arguments, Deadline d) throws QmpException {
        String id = "igdlab-" + ids.incrementAndGet();
        ObjectNode request = mapper.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        request.put("id", id);
        try {
            messages.send(request);
        } catch (IOException e) {
            throw new QmpException(command, "could not send: " + e.getMessage(), e);
        }
        while (true) {
            JsonNode message = awaitMessage(command, d);
            if (message.has("event")) {
                LOG.debug("QMP event while awaiting {}: {}", command, message);
                continue;
            }
            if (!id.equals(message.path("id").asText(null))) {
                LOG.debug("QMP skipping a reply that is not for {} ({}): {}", command, id, abbreviate(message));
                continue;
            }
            if (message.has("return")) {
                return message.get("return");
            }
            if (message.has("error")) {
                JsonNode error = message.get("error");
                throw new QmpException(command, error.path("class").asText("?"), error.path("desc").asText(""));
            }
            throw new QmpException(command, "unexpected reply " + abbreviate(message), (Throwable) null);
        }
    }

    private JsonNode awaitMessage(String command, Deadline d) throws QmpException {
        try {
            return messages.next(d);
        } catch (TimeoutException e) {
            throw new QmpException(command, "no reply within the deadline", e);
        } catch (IOException e) {
            throw new QmpException(command, "the monitor stream ended: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException(command, "interrupted", e);
        }
    }

    static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    @Override
    public void close() {
        messages.close();
    }
}
