package org.igdlab.twin.fleet;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/** A test's SSH connection to one twin host, with the helpers the tests need. */
final class TwinClient implements AutoCloseable {
    record Result(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }

        String value(String key) {
            return lines().stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + key + " in:\n" + stdout + stderr));
        }
    }

    final SSHClient ssh = new SSHClient();

    TwinClient(TwinEndpoint endpoint, KeyPair clientKey) throws IOException {
        ssh.addHostKeyVerifier(new PinnedFingerprint(endpoint.hostKeyFingerprint()));
        ssh.connect(endpoint.host(), endpoint.port());
        ssh.authPublickey("igdlab", ssh.loadKeys(clientKey));
    }

    Result exec(String command) throws IOException {
        return exec(command, null);
    }

    Result exec(String command, String stdin) throws IOException {
        try (Session session = ssh.startSession()) {
            Session.Command cmd = session.exec(command);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(cmd.getErrorStream()));
            if (stdin != null) {
                OutputStream in = cmd.getOutputStream();
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
                in.flush();
                in.close();
            }
            byte[] out = readAll(cmd.getInputStream());
            cmd.join(10, TimeUnit.SECONDS);
            return new Result(cmd.getExitStatus(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A JSON-lines conversation over a direct-streamlocal channel (QMP or QGA). */
    final class JsonChannel implements AutoCloseable {
        final DirectStreamLocal channel;
        final BufferedReader reader;
        final List<String> events = new ArrayList<>();

        JsonChannel(String path) throws IOException {
            channel = new DirectStreamLocal(ssh.getConnection(), path);
            channel.open();
            reader = new BufferedReader(new InputStreamReader(channel.getInputStream(), StandardCharsets.UTF_8));
        }

        String readLine() throws IOException {
            return reader.readLine();
        }

        /** Sends one command and returns the first non-event line. */
        String call(String json) throws IOException {
            channel.getOutputStream().write((json + "\n").getBytes(StandardCharsets.UTF_8));
            channel.getOutputStream().flush();
            while (true) {
                String line = reader.readLine();
                if (line == null) return null;
                if (line.startsWith("{\"event\"")) {
                    events.add(line);
                    continue;
                }
                return line;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    JsonChannel open(String socketPath) throws IOException {
        return new JsonChannel(socketPath);
    }

    @Override
    public void close() throws IOException {
        ssh.disconnect();
    }
}
