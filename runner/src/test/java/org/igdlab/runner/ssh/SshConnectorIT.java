package org.igdlab.runner.ssh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConnectorIT {

    @TempDir
    Path work;

    private EmbeddedSshServer server;
    private final SshConnector connector = new SshConnector(Clock.systemUTC());

    @BeforeEach
    void startServer() throws Exception {
        server = EmbeddedSshServer.start(work);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private static Deadline seconds(int n) {
        return Deadline.after(Duration.ofSeconds(n));
    }

    @Test
    void connectsAndRunsACommandWithThePinnedHostKey() throws Exception {
        server.onExec((argv, stdin) -> EmbeddedSshServer.Reply.ok("6.12.9-igdlab\n"));
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            ExecResult result = shell.exec(List.of("uname", "-r"), null, seconds(10));

            assertThat(shell.hostName()).isEqualTo("kbl-01");
            assertThat(result.succeeded()).isTrue();
            assertThat(result.stdoutText()).isEqualTo("6.12.9-igdlab\n");
            assertThat(server.received()).containsExactly(List.of("uname", "-r"));
        }
    }

    @Test
    void refusesAHostWhoseKeyDoesNotMatchThePinNamingBothFingerprints() {
        String pinned = "SHA256:" + "A".repeat(43);
        SshTarget target = new SshTarget("kbl-01", "127.0.0.1", server.port(), "lab", server.clientKeyFile(), pinned);

        assertThatThrownBy(() -> connector.connect(target, seconds(10)))
                .isInstanceOfSatisfying(HostKeyMismatchException.class, e -> {
                    assertThat(e.pinned()).isEqualTo(pinned);
                    assertThat(e.presented()).isEqualTo(server.hostKeyFingerprint());
                })
                .hasMessageContaining("kbl-01")
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining(pinned)
                .hasMessageContaining(server.hostKeyFingerprint())
                .hasMessageContaining("ssh-keyscan -p " + server.port() + " 127.0.0.1 | ssh-keygen -lf -");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void refusesAnIdentityTheHostDoesNotKnow() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        Path stranger = work.resolve("stranger");
        try (OutputStream out = Files.newOutputStream(stranger)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(generator.generateKeyPair(), "x", null, out);
        }
        Files.setPosixFilePermissions(stranger, PosixFilePermissions.fromString("rw-------"));
        SshTarget target = new SshTarget("kbl-01", "127.0.0.1", server.port(), "lab", stranger,
                server.hostKeyFingerprint());

        assertThatThrownBy(() -> connector.connect(target, seconds(10)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("kbl-01")
                .hasMessageContaining(stranger.toString());
    }

    @Test
    void passesArgumentsWithSpacesQuotesAndCommandSubstitutionVerbatim() throws Exception {
        server.onExec((argv, stdin) -> EmbeddedSshServer.Reply.ok(""));
        List<String> argv = List.of("/var/lib/igdlab/bin/igdlab-agent", "two words", "it's", "$(reboot)", "`id`",
                "a\"b", "back\\slash", "", "*", "semi;colon|pipe&");
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            shell.exec(argv, null, seconds(10));
        }

        assertThat(server.received()).containsExactly(argv);
    }

    @Test
    void sendsStdinThenEndOfFile() throws Exception {
        List<byte[]> seen = new ArrayList<>();
        server.onExec((argv, stdin) -> {
            seen.add(stdin);
            return EmbeddedSshServer.Reply.ok("read " + stdin.length + "\n");
        });
        byte[] input = "/usr/bin/qemu-system-x86_64\n-machine\nq35\n".getBytes(UTF_8);
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            ExecResult result = shell.exec(List.of("cat"), input, seconds(10));

            assertThat(result.stdoutText()).isEqualTo("read " + input.length + "\n");
        }
        assertThat(seen).singleElement().isEqualTo(input);
    }

    @Test
    void reportsAFailedCommandAsAValueWithItsStderrTail() throws Exception {
        String stderr = "x".repeat(40_000) + "IGD device 0000:00:02.0 cannot support legacy mode\n";
        server.onExec((argv, stdin) -> EmbeddedSshServer.Reply.of(1, "", stderr));
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            ExecResult result = shell.exec(List.of("false"), null, seconds(10));

            assertThat(result.succeeded()).isFalse();
            assertThat(result.exitStatus()).hasValue(1);
            assertThat(result.stderrTail()).endsWith("cannot support legacy mode\n").startsWith("[...] ");
            assertThat(result.stderrTail().length()).isLessThan(SshRemoteShell.STDERR_TAIL_BYTES + 10);
        }
    }

    @Test
    void aCommandThatOutlivesItsDeadlineFailsWithTheHostAndCommandInTheMessage() throws Exception {
        server.onExec((argv, stdin) -> EmbeddedSshServer.Reply.ok("late").after(Duration.ofSeconds(20)));
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> shell.exec(List.of("sleep", "20"), null, Deadline.after(Duration.ofMillis(300))))
                    .isInstanceOf(RemoteTimeoutException.class)
                    .hasMessageContaining("host=kbl-01")
                    .hasMessageContaining("'sleep' '20'")
                    .hasMessageContaining("deadline");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            server.onExec((argv, stdin) -> EmbeddedSshServer.Reply.ok("still here\n"));
            assertThat(shell.exec(List.of("echo"), null, seconds(10)).stdoutText())
                    .as("the connection survives a timed-out channel")
                    .isEqualTo("still here\n");
        }
    }

    @Test
    void runsConcurrentCommandsOverOneConnection() throws Exception {
        server.onExec((argv, stdin) -> EmbeddedSshServer.Reply.ok(argv.get(1) + "\n").after(Duration.ofMillis(200)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String word = "n" + i;
                results.add(pool.submit(() -> shell.exec(List.of("echo", word), null, seconds(10))));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(results.get(i).get().stdoutText()).isEqualTo("n" + i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uploadsThroughATemporaryNameWithTheModeAndDownloadsItBack() throws Exception {
        byte[] content = "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n".getBytes(UTF_8);
        Path old = Files.createDirectories(server.root().resolve("var/lib/igdlab/bin")).resolve("igdlab-agent");
        Files.writeString(old, "old agent");
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            shell.upload(content, "/var/lib/igdlab/bin/igdlab-agent", 0755, seconds(10));
            shell.upload(content, "/var/lib/igdlab/fresh/dir/file", 0644, seconds(10));

            assertThat(old).hasBinaryContent(content);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rwxr-xr-x");
            assertThat(old.resolveSibling("igdlab-agent.new")).doesNotExist();
            assertThat(server.root().resolve("var/lib/igdlab/fresh/dir/file")).hasBinaryContent(content);
            assertThat(shell.download("/var/lib/igdlab/bin/igdlab-agent", 1024, seconds(10))).isEqualTo(content);
        }
    }

    @Test
    void refusesToDownloadAFileLargerThanTheCap() throws Exception {
        Files.write(server.root().resolve("big.log"), new byte[5000]);
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            assertThatThrownBy(() -> shell.download("/big.log", 4096, seconds(10)))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("host=kbl-01")
                    .hasMessageContaining("download /big.log")
                    .hasMessageContaining("5000 bytes")
                    .hasMessageContaining("4096");
        }
    }

    @Test
    void namesTheMissingFileWhenADownloadFails() throws Exception {
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            assertThatThrownBy(() -> shell.download("/nope.txt", 4096, seconds(10)))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("download /nope.txt");
        }
    }

    @Test
    void aHandshakeWaitsForAFreeConnectSlotAndThenGetsItsWholeBudget() throws Exception {
        ConnectSlots slots = new ConnectSlots(1);
        SshConnector gated = new SshConnector(Clock.systemUTC(), slots);
        ConnectSlots.Slot held = slots.acquire(seconds(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long before = System.nanoTime();
            Future<RemoteShell> waiting = pool.submit(() -> gated.connect(server.target("kbl-01"), seconds(30), Duration.ofSeconds(10)));
            Thread.sleep(300);
            assertThat(waiting).isNotDone();
            held.close();
            try (RemoteShell shell = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS)) {
                assertThat(shell.connected()).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            // the slot came back when the handshake finished: the next one does not wait
            try (RemoteShell again = gated.connect(server.target("kbl-01"), seconds(10))) {
                assertThat(again.connected()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noConnectSlotBeforeTheDeadlineIsATimeoutThatSaysSo() throws Exception {
        ConnectSlots slots = new ConnectSlots(2);
        SshConnector gated = new SshConnector(Clock.systemUTC(), slots);
        try (ConnectSlots.Slot a = slots.acquire(seconds(1)); ConnectSlots.Slot b = slots.acquire(seconds(1))) {
            assertThatThrownBy(() -> gated.connect(server.target("kbl-01"), Deadline.after(Duration.ofMillis(300))))
                    .isInstanceOf(RemoteTimeoutException.class)
                    .hasMessageContaining("host=kbl-01")
                    .hasMessageContaining("all 2 connect slots stayed busy");
        }
    }

    @Test
    void downloadsSeveralFilesInOrderOverOneSession() throws Exception {
        Files.createDirectories(server.root().resolve("cells/c1"));
        Files.write(server.root().resolve("cells/c1/qemu.stderr"), "warning: x\n".getBytes(UTF_8));
        Files.write(server.root().resolve("cells/c1/serial.log"), new byte[3000]);
        Files.write(server.root().resolve("cells/c1/empty"), new byte[0]);
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            java.util.Map<String, byte[]> files = shell.downloadAll(
                    List.of("/cells/c1/serial.log", "/cells/c1/qemu.stderr", "/cells/c1/empty"), 4096, seconds(10));

            assertThat(files.keySet()).containsExactly("/cells/c1/serial.log", "/cells/c1/qemu.stderr", "/cells/c1/empty");
            assertThat(files.get("/cells/c1/serial.log")).hasSize(3000);
            assertThat(new String(files.get("/cells/c1/qemu.stderr"), UTF_8)).isEqualTo("warning: x\n");
            assertThat(files.get("/cells/c1/empty")).isEmpty();
        }
    }

    @Test
    void aSeveralFileDownloadNamesTheFileThatFailed() throws Exception {
        Files.createDirectories(server.root().resolve("cells/c2"));
        Files.write(server.root().resolve("cells/c2/a.log"), new byte[10]);
        Files.write(server.root().resolve("cells/c2/big.log"), new byte[5000]);
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            assertThatThrownBy(() -> shell.downloadAll(List.of("/cells/c2/a.log", "/cells/c2/big.log"), 4096, seconds(10)))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("download /cells/c2/big.log")
                    .hasMessageContaining("5000 bytes");
            assertThatThrownBy(() -> shell.downloadAll(List.of("/cells/c2/a.log", "/cells/c2/gone.log"), 4096, seconds(10)))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("gone.log");
        }
    }

    @Test
    void tunnelsAUnixSocketOverTheSameConnection() throws Exception {
        server.onSocket("/var/lib/igdlab/cells/c1/qmp.sock", (in, out) -> {
            out.write("hello\n".getBytes(UTF_8));
            out.flush();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                out.write(("echo:" + line + "\n").getBytes(UTF_8));
                out.flush();
            }
        });
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10));
                DuplexStream socket = shell.openUnixSocket("/var/lib/igdlab/cells/c1/qmp.sock", seconds(10))) {
            BufferedReader replies = new BufferedReader(new InputStreamReader(socket.in(), UTF_8));
            assertThat(replies.readLine()).isEqualTo("hello");
            socket.out().write("ping\n".getBytes(UTF_8));
            socket.out().flush();
            assertThat(replies.readLine()).isEqualTo("echo:ping");
            socket.close();
            socket.close();
        }
    }

    @Test
    void namesTheSocketPathWhenTheHostRefusesToConnectToIt() throws Exception {
        try (RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10))) {
            assertThatThrownBy(() -> shell.openUnixSocket("/var/lib/igdlab/cells/none/qmp.sock", seconds(10)))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("host=kbl-01")
                    .hasMessageContaining("/var/lib/igdlab/cells/none/qmp.sock")
                    .hasMessageContaining("CONNECT_FAILED");
        }
    }

    @Test
    void refusesWorkAfterCloseAndClosesTwiceQuietly() throws Exception {
        RemoteShell shell = connector.connect(server.target("kbl-01"), seconds(10));
        shell.close();
        shell.close();

        assertThatThrownBy(() -> shell.exec(List.of("true"), null, seconds(10)))
                .isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("host=kbl-01")
                .hasMessageContaining("'true'");
    }
}
