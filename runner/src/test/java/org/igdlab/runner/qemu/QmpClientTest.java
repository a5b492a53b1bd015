package org.igdlab.runner.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

class QmpClientTest {

    private static final String GREETING =
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 2, \"minor\": 1, \"major\": 10}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}";

    private static Deadline seconds(int n) {
        return Deadline.after(Duration.ofSeconds(n));
    }

    private static String reply(com.fasterxml.jackson.databind.JsonNode request, String body) {
        return "{" + body + ", \"id\": \"" + request.get("id").asText() + "\"}";
    }

    @Test
    void negotiatesCapabilitiesAndKeepsTheGreeting() throws Exception {
        try (FakeJsonPeer qemu = new FakeJsonPeer(List.of(GREETING), r -> List.of(reply(r, "\"return\": {}")));
                QmpClient qmp = QmpClient.connect(qemu.clientEnd(), seconds(5))) {
            assertThat(qmp.greeting().at("/QMP/version/qemu/major").asInt()).isEqualTo(10);
            assertThat(qemu.requests).singleElement()
                    .satisfies(r -> assertThat(r.get("execute").asText()).isEqualTo("qmp_capabilities"));
        }
    }

    @Test
    void skipsEventsAndReturnsTheReply() throws Exception {
        try (FakeJsonPeer qemu = new FakeJsonPeer(List.of(GREETING), r -> r.get("execute").asText().equals("query-status")
                ? List.of("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RESUME\"}",
                        "{\"event\": \"NIC_RX_FILTER_CHANGED\", \"data\": {\"path\": \"/machine/peripheral-anon/device[0]\"}}",
                        reply(r, "\"return\": {\"status\": \"running\", \"running\": true}"))
                : List.of(reply(r, "\"return\": {}")));
                QmpClient qmp = QmpClient.connect(qemu.clientEnd(), seconds(5))) {
            assertThat(qmp.execute("query-status", null, seconds(5)).get("status").asText()).isEqualTo("running");
        }
    }

    @Test
    void skipsAStaleReplyWithAnotherId() throws Exception {
        try (FakeJsonPeer qemu = new FakeJsonPeer(List.of(GREETING), r -> List.of(
                "{\"return\": {\"stale\": true}, \"id\": \"someone-else\"}", reply(r, "\"return\": {\"fresh\": true}")));
                QmpClient qmp = QmpClient.connect(qemu.clientEnd(), seconds(5))) {
            assertThat(qmp.execute("query-version", null, seconds(5)).has("fresh")).isTrue();
        }
    }

    @Test
    void sendsArgumentsAndAnId() throws Exception {
        try (FakeJsonPeer qemu = new FakeJsonPeer(List.of(GREETING), r -> List.of(reply(r, "\"return\": {}")));
                QmpClient qmp = QmpClient.connect(qemu.clientEnd(), seconds(5))) {
            var args = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("filename", "/tmp/s.ppm");
            qmp.execute("screendump", args, seconds(5));

            assertThat(qemu.requests.get(1).get("execute").asText()).isEqualTo("screendump");
            assertThat(qemu.requests.get(1).at("/arguments/filename").asText()).isEqualTo("/tmp/s.ppm");
            assertThat(qemu.requests.get(1).get("id").asText()).isNotEqualTo(qemu.requests.get(0).get("id").asText());
        }
    }

    @Test
    void aQmpErrorBecomesAQmpExceptionWithClassAndDescription() throws Exception {
        try (FakeJsonPeer qemu = new FakeJsonPeer(List.of(GREETING), r -> r.get("execute").asText().equals("device_add")
                ? List.of(reply(r, "\"error\": {\"class\": \"GenericError\", \"desc\": \"IGD device 0000:00:02.0 cannot support legacy mode\"}"))
                : List.of(reply(r, "\"return\": {}")));
                QmpClient qmp = QmpClient.connect(qemu.clientEnd(), seconds(5))) {
            assertThatThrownBy(() -> qmp.execute("device_add", null, seconds(5)))
                    .isInstanceOfSatisfying(QmpException.class, e -> {
                        assertThat(e.command()).isEqualTo("device_add");
                        assertThat(e.errorClass()).contains("GenericError");
                        assertThat(e.description()).contains("cannot support legacy mode");
                    })
                    .hasMessageContaining("device_add")
                    .hasMessageContaining("GenericError");
        }
    }

    @Test
    void failsAtTheDeadlineWhenQemuDoesNotAnswer() throws Exception {
        try (FakeJsonPeer qemu = new FakeJsonPeer(List.of(GREETING), r -> r.get("execute").asText().equals("quit")
                ? List.of()
                : List.of(reply(r, "\"return\": {}")));
                QmpClient qmp = QmpClient.connect(qemu.clientEnd(), seconds(5))) {
            assertThatThrownBy(() -> qmp.execute("quit", null, Deadline.after(Duration.ofMillis(200))))
                    .isInstanceOf(QmpException.class)
                    .hasMessageContaining("quit")
                    .hasMessageContaining("deadline");
        }
    }

    @Test
    void saysSoWhenTheMonitorClosesInsteadOfAnswering() throws Exception {
        FakeJsonPeer qemu = new FakeJsonPeer(List.of(GREETING), r -> List.of(reply(r, "\"return\": {}")));
        try (QmpClient qmp = QmpClient.connect(qemu.clientEnd(), seconds(5))) {
            qemu.close();
            assertThatThrownBy(() -> qmp.execute("query-status", null, seconds(5)))
                    .isInstanceOf(QmpException.class)
                    .hasMessageContaining("query-status");
        }
    }

    @Test
    void refusesAPeerThatIsNotQmp() throws Exception {
        try (FakeJsonPeer other = new FakeJsonPeer(List.of("{\"hello\": 1}"), r -> List.of())) {
            assertThatThrownBy(() -> QmpClient.connect(other.clientEnd(), seconds(5)))
                    .isInstanceOf(QmpException.class)
                    .hasMessageContaining("expected a QMP greeting");
        }
    }
}
