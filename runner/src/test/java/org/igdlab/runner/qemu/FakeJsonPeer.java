package org.igdlab.runner.qemu;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.igdlab.runner.ssh.DuplexStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The other end of a JSON stream, in memory: sends scripted lines first, then answers each request
 * the client sends with the lines a {@link Responder} returns. Records every request.
 */
final class FakeJsonPeer implements AutoCloseable {

    @FunctionalInterface
    interface Responder {
        List<String> answer(JsonNode request);
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Pipe toClient;
    private final Pipe toPeer;
    private final Thread thread;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    FakeJsonPeer(List<String> opening, Responder responder) throws IOException {
        toClient = Pipe.open();
        toPeer = Pipe.open();
        thread = new Thread(() -> serve(opening, responder), "fake-json-peer");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(List<String> opening, Responder responder) {
        try (OutputStream out = Channels.newOutputStream(toClient.sink());
                InputStream in = Channels.newInputStream(toPeer.source())) {
            for (String line : opening) {
                out.write((line + "\r\n").getBytes(UTF_8));
            }
            out.flush();
            // only now: creating a parser over a stream reads its first bytes (encoding detection)
            JsonParser parser = mapper.getFactory().createParser(in);
            while (parser.nextToken() != null) {
                JsonNode request = mapper.readTree(parser);
                requests.add(request);
                for (String line : responder.answer(request)) {
                    out.write((line + "\r\n").getBytes(UTF_8));
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client closed its end
        }
    }

    /** The client's end. */
    DuplexStream clientEnd() {
        InputStream in = Channels.newInputStream(toClient.source());
        OutputStream out = Channels.newOutputStream(toPeer.sink());
        return new DuplexStream() {
            @Override
            public InputStream in() {
                return in;
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void close() {
                try {
                    in.close();
                    out.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        toClient.sink().close();
        toPeer.source().close();
        thread.interrupt();
    }
}
