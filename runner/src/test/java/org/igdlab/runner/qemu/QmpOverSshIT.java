package org.igdlab.runner.qemu;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.igdlab.runner.ssh.EmbeddedSshServer;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.ssh.SshConnector;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class QmpOverSshIT {

    @TempDir
    Path work;

    @Test
    void speaksQmpThroughAUnixSocketTunnelledOverSsh() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String socket = "/var/lib/igdlab/cells/c1/qmp.sock";
        try (EmbeddedSshServer server = EmbeddedSshServer.start(work)) {
            server.onSocket(socket, (in, out) -> {
                out.write("{\"QMP\": {\"version\": {\"qemu\": {\"major\": 10, \"minor\": 1, \"micro\": 2}}, \"capabilities\": []}}\r\n"
                        .getBytes(UTF_8));
                out.flush();
                JsonParser parser = mapper.getFactory().createParser(in);
                while (parser.nextToken() != null) {
                    JsonNode request = mapper.readTree(parser);
                    String id = request.get("id").asText();
                    String body = request.get("execute").asText().equals("query-status")
                            ? "{\"event\": \"RESUME\"}\r\n{\"return\": {\"status\": \"running\"}, \"id\": \"" + id + "\"}"
                            : "{\"return\": {}, \"id\": \"" + id + "\"}";
                    out.write((body + "\r\n").getBytes(UTF_8));
                    out.flush();
                }
            });
            Deadline deadline = Deadline.after(Duration.ofSeconds(10));
            try (RemoteShell shell = new SshConnector(Clock.systemUTC()).connect(server.target("kbl-01"), deadline);
                    QmpClient qmp = QmpClient.connect(shell.openUnixSocket(socket, deadline), deadline)) {
                assertThat(qmp.execute("query-status", null, deadline).get("status").asText()).isEqualTo("running");
                assertThat(qmp.greeting().at("/QMP/version/qemu/major").asInt()).isEqualTo(10);
            }
        }
    }
}
