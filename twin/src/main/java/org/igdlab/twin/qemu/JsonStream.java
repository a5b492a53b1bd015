package org.igdlab.twin.qemu;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** JSON values one after another on a byte stream, as QMP and the guest agent speak them. */
final class JsonStream {
    private final ObjectMapper json;
    private final JsonParser parser;
    private final OutputStream out;

    JsonStream(ObjectMapper json, InputStream in, OutputStream out) throws IOException {
        this.json = json;
        this.parser = json.getFactory().createParser(new InputStreamReader(new DropDelimiters(in), StandardCharsets.UTF_8));
        this.out = out;
    }

    /**
     * The next value, or empty at end of stream. Malformed input is answered with QEMU's
     * GenericError and ends the stream (the parser cannot resynchronise).
     */
    Optional<JsonNode> read() throws IOException {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) return Optional.empty();
            return Optional.of(json.readTree(parser));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var error = json.createObjectNode();
            error.putObject("error").put("class", "GenericError").put("desc", "JSON parse error, " + e.getOriginalMessage());
            write(error);
            return Optional.empty();
        }
    }

    void write(JsonNode value) throws IOException {
        synchronized (out) {
            out.write((json.writeValueAsString(value) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    void writeRaw(byte b) throws IOException {
        synchronized (out) {
            out.write(b);
        }
    }

    /** The guest agent's 0xFF sync delimiter may appear between requests; it is not JSON. */
    private static final class DropDelimiters extends FilterInputStream {
        DropDelimiters(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b;
            do {
                b = super.read();
            } while (b == 0xff);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            while (true) {
                int n = super.read(buf, off, len);
                if (n <= 0) return n;
                int w = off;
                for (int i = off; i < off + n; i++) if ((buf[i] & 0xff) != 0xff) buf[w++] = buf[i];
                if (w > off) return w - off;
            }
        }
    }
}
