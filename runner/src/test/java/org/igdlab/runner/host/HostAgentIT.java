package org.igdlab.runner.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.igdlab.runner.ssh.EmbeddedSshServer;
import org.igdlab.runner.ssh.EmbeddedSshServer.Reply;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.ssh.SshConnector;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAgentIT {

    private static final String AGENT = "/var/lib/igdlab/bin/igdlab-agent";

    @TempDir
    Path work;

    private EmbeddedSshServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = EmbeddedSshServer.start(work);
        // sha256sum and the agent's version verb, answered from the files SFTP wrote
        server.onExec((argv, stdin) -> {
            if (argv.get(0).equals("sha256sum")) {
                Path file = server.root().resolve(argv.get(2).substring(1));
                if (!Files.exists(file)) {
                    return Reply.of(1, "", "sha256sum: " + argv.get(2) + ": No such file or directory\n");
                }
                return Reply.ok(HostAgent.sha256(Files.readAllBytes(file)) + "  " + argv.get(2) + "\n");
            }
            if (argv.equals(List.of(AGENT, "version")) && Files.exists(server.root().resolve(AGENT.substring(1)))) {
                return Reply.ok("protocol=1\nagent.version=0.1.0\nstatus=ok\n");
            }
            return Reply.of(127, "", "sh: 1: " + argv.get(0) + ": not found\n");
        });
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void deploysTheAgentWhenMissingAndSkipsTheUploadWhenTheHashMatches() throws Exception {
        byte[] script = "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\necho protocol=1\n".getBytes(UTF_8);
        Path deployed = server.root().resolve(AGENT.substring(1));
        try (RemoteShell shell = new SshConnector(Clock.systemUTC()).connect(server.target("kbl-01"),
                Deadline.after(Duration.ofSeconds(10)))) {
            HostAgent agent = new HostAgent(shell, "/var/lib/igdlab", script);

            assertThat(agent.ensureDeployed(Deadline.after(Duration.ofSeconds(10)))).isEqualTo(DeployOutcome.UPLOADED);
            assertThat(deployed).hasBinaryContent(script);
            assertThat(Files.isExecutable(deployed)).isTrue();
            long firstWrite = Files.getLastModifiedTime(deployed).toMillis();

            assertThat(agent.ensureDeployed(Deadline.after(Duration.ofSeconds(10)))).isEqualTo(DeployOutcome.UP_TO_DATE);
            assertThat(Files.getLastModifiedTime(deployed).toMillis()).isEqualTo(firstWrite);

            byte[] changed = "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n# v2\n".getBytes(UTF_8);
            assertThat(new HostAgent(shell, "/var/lib/igdlab", changed).ensureDeployed(Deadline.after(Duration.ofSeconds(10))))
                    .isEqualTo(DeployOutcome.UPLOADED);
            assertThat(deployed).hasBinaryContent(changed);
        }
        assertThat(server.received()).contains(List.of("sha256sum", "--", AGENT), List.of(AGENT, "version"));
    }

    @Test
    void bundlesTheAgentFromScriptsHost() {
        assertThat(new String(HostAgent.bundledAgent(), UTF_8)).contains("IGDLAB_AGENT_PROTOCOL=1");
    }
}
