package org.igdlab.runner.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host that takes the TCP connection and never says a word of SSH (a hung sshd, a tarpit, a
 * half-dead machine): the connect deadline must end the wait, as for any other step.
 */
class SilentHostIT {

    private ServerSocket silent;
    private final List<Socket> accepted = new ArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void listenAndNeverAnswer() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                while (!silent.isClosed()) {
                    accepted.add(silent.accept());
                }
            } catch (Exception ignored) {
                // closed by the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void aHostThatNeverSpeaksSshFailsWithinTheConnectDeadlineNamingTheHost() {
        SshTarget target = new SshTarget("tarpit-01", "127.0.0.1", silent.getLocalPort(), "igdlab",
                Path.of("/nonexistent/id_ecdsa"), "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> new SshConnector(Clock.systemUTC())
                        .connect(target, Deadline.after(Duration.ofMillis(1500))))
                        .isInstanceOf(RemoteTimeoutException.class)
                        .hasMessageContaining("tarpit-01")
                        .hasMessageContaining("127.0.0.1:" + silent.getLocalPort()));
        assertThat(accepted).isNotEmpty();
    }
}
