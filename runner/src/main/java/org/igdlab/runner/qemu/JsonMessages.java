package org.igdlab.runner.qemu;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.igdlab.runner.ssh.DuplexStream;
import org.igdlab.runner.time.Deadline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stream of JSON values in both directions (QMP, QGA): a reader thread owned by this object
 * parses values as they arrive and queues them, so that a wait for the next one can honour a
 * deadline. The end of the stream, or unparseable input, ends the queue and is reported to every
 * later wait.
 */
final class JsonMessages implements AutoCloseable {

    /** What the reader thread queues when the stream ends. */
    private record End(IOException cause) {
    }

    private final DuplexStream stream;
    private final ObjectMapper mapper;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile End end;
    private volatile boolean closed;

    JsonMessages(DuplexStream stream, ObjectMapper mapper, String name) {
        this.stream = stream;
        this.mapper = mapper;
        this.reader = new Thread(this::readLoop, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        IOException cause = null;
        try (JsonParser parser = mapper.getFactory().createParser(stream.in())) {
            while (!closed && parser.nextToken() != null) {
                JsonNode value = mapper.readTree(parser);
                inbox.add(value);
            }
        } catch (IOException e) {
            cause = e;
        } catch (RuntimeException e) {
            cause = new IOException(e);
        }
        inbox.add(new End(cause));
    }

    void send(ObjectNode message) throws IOException {
        if (closed) {
            throw new IOException("the stream was closed");
        }
        byte[] bytes = mapper.writeValueAsBytes(message);
        OutputStream out = stream.out();
        synchronized (this) {
            out.write(bytes);
            out.write('\n');
            out.flush();
        }
    }

    /**
     * The next value, waiting until the deadline.
     *
     * @throws TimeoutException when nothing arrived in time
     * @throws IOException when the stream ended (EOF, closed, or unparseable input)
     */
    JsonNode next(Deadline deadline) throws TimeoutException, IOException, InterruptedException {
        End ended = end;
        if (ended == null) {
            Object item = inbox.poll(deadline.remainingMillisAtLeastOne(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new TimeoutException("no message within the deadline");
            }
            if (item instanceof JsonNode node) {
                return node;
            }
            ended = (End) item;
            end = ended;
        }
        if (ended.cause() != null) {
            throw new IOException(closed ? "the stream was closed" : "the stream broke: " + ended.cause().getMessage(),
                    ended.cause());
        }
        throw new IOException(closed ? "the stream was closed" : "the other end closed the stream");
    }

    /** Idempotent; ends the reader thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stream.close();
        reader.interrupt();
    }
}
