package org.igdlab.runner.qemu;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class QgaClientTest {

    private static Deadline seconds(int n) {
        return Deadline.after(Duration.ofSeconds(n));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }

    /** A guest agent that runs one process, reporting it running for {@code pollsBeforeExit} polls. */
    private static FakeJsonPeer guest(int pollsBeforeExit, String exitStatus) throws Exception {
        AtomicInteger polls = new AtomicInteger();
        return new FakeJsonPeer(List.of(), r -> switch (r.get("execute").asText()) {
            case "guest-sync" -> List.of("{\"return\": " + r.at("/arguments/id").asLong() + "}");
            case "guest-exec" -> List.of("{\"return\": {\"pid\": 812}}");
            case "guest-exec-status" -> polls.incrementAndGet() <= pollsBeforeExit
                    ? List.of("{\"return\": {\"exited\": false}}")
                    : List.of("{\"return\": {\"exited\": true, " + exitStatus + "}}");
            default -> List.of("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"no such command\"}}");
        });
    }

    @Test
    void execDecodesTheBase64Output() throws Exception {
        String lspci = "00:02.0 VGA compatible controller: Intel Corporation Device 3e92\n00: 86 80 92 3e\n";
        try (FakeJsonPeer peer = guest(2, "\"exitcode\": 0, \"out-data\": \"" + b64(lspci) + "\", \"err-data\": \""
                + b64("warning\n") + "\"");
                QgaClient qga = QgaClient.over(peer.clientEnd())) {
            GuestExecResult result = qga.exec(List.of("lspci", "-xxxx", "-s", "00:02.0"), seconds(5));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdoutText()).isEqualTo(lspci);
            assertThat(result.stderrText()).isEqualTo("warning\n");
            JsonNode exec = peer.requests.stream().filter(r -> r.get("execute").asText().equals("guest-exec"))
                    .findFirst().orElseThrow();
            assertThat(exec.at("/arguments/path").asText()).isEqualTo("lspci");
            assertThat(exec.at("/arguments/arg").toString()).isEqualTo("[\"-xxxx\",\"-s\",\"00:02.0\"]");
            assertThat(exec.at("/arguments/capture-output").asBoolean()).isTrue();
            assertThat(peer.requests.get(0).get("execute").asText()).as("syncs before the first request")
                    .isEqualTo("guest-sync");
        }
    }

    @Test
    void execReportsAnExitCodeWithoutOutput() throws Exception {
        try (FakeJsonPeer peer = guest(0, "\"exitcode\": 1");
                QgaClient qga = QgaClient.over(peer.clientEnd())) {
            GuestExecResult result = qga.exec(List.of("false"), seconds(5));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
        }
    }

    @Test
    void syncDiscardsStaleLines() throws Exception {
        try (FakeJsonPeer peer = new FakeJsonPeer(List.of(), r -> r.get("execute").asText().equals("guest-sync")
                ? List.of("{\"return\": {\"pid\": 1}}", "{\"return\": 42}",
                        "{\"error\": {\"class\": \"GenericError\", \"desc\": \"old\"}}",
                        "{\"return\": " + r.at("/arguments/id").asLong() + "}")
                : List.of("{\"return\": {\"fresh\": true}}"));
                QgaClient qga = QgaClient.over(peer.clientEnd())) {
            qga.sync(seconds(5));

            assertThat(peer.requests).singleElement()
                    .satisfies(r -> assertThat(r.at("/arguments/id").asLong()).isPositive());
        }
    }

    @Test
    void anAgentErrorBecomesAGuestAgentException() throws Exception {
        try (FakeJsonPeer peer = new FakeJsonPeer(List.of(), r -> r.get("execute").asText().equals("guest-sync")
                ? List.of("{\"return\": " + r.at("/arguments/id").asLong() + "}")
                : List.of("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Guest agent command failed, error was 'Failed to execute child process \\\"lspci\\\" (No such file or directory)'\"}}"));
                QgaClient qga = QgaClient.over(peer.clientEnd())) {
            assertThatThrownBy(() -> qga.exec(List.of("lspci"), seconds(5)))
                    .isInstanceOfSatisfying(GuestAgentException.class,
                            e -> assertThat(e.errorClass()).contains("GenericError"))
                    .hasMessageContaining("guest-exec")
                    .hasMessageContaining("No such file or directory");
        }
    }

    @Test
    void execFailsAtTheDeadlineWhileTheProcessStillRuns() throws Exception {
        try (FakeJsonPeer peer = guest(Integer.MAX_VALUE, "\"exitcode\": 0");
                QgaClient qga = QgaClient.over(peer.clientEnd())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> qga.exec(List.of("sleep", "100"), Deadline.after(Duration.ofMillis(400))))
                    .isInstanceOf(GuestAgentException.class)
                    .hasMessageContaining("deadline");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
