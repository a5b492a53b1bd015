package org.igdlab.twin.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each twin.yaml fault, seen from an SSH client (sshj, pinned host key) as the runner would see it. */
class FaultsIT {
    static final String AGENT = TwinFleetIT.AGENT;
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    /** One fault per host; cfl-01 keeps only what twin.yaml gives it (none). */
    static final Map<String, Object> FAULTS = Map.of(
            "snb-01", "unreachable",
            "hsw-01", Map.of("unreachable", Map.of("close-after-ms", 300)),
            "kbl-01", Map.of("drop-connection", Map.of("verb", "launch", "after", 2)),
            "icl-01", Map.of("qemu-crash", Map.of("after-ms", 100)),
            "tgl-01", "guest-hang",
            "adl-01", Map.of("dmar-storm", Map.of("lines", 7)),
            "mtl-01", Map.of("flaky", Map.of("verb", "facts", "failures", 2)));

    @TempDir
    static Path dir;
    static KeyPair clientKey;
    static TwinFleet fleet;

    @BeforeAll
    static void startAFaultedFleet() throws Exception {
        ObjectNode root = (ObjectNode) YAML.readTree(TwinFleetIT.TWIN_YAML.toFile());
        for (JsonNode h : root.get("hosts")) {
            Object fault = FAULTS.get(h.get("name").asText());
            if (fault != null) ((ObjectNode) h.get("twin")).putArray("faults").add(YAML.valueToTree(fault));
        }
        Path twinYaml = dir.resolve("twin-faults.yaml");
        YAML.writeValue(twinYaml.toFile(), root);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        clientKey = g.generateKeyPair();
        fleet = TwinFleet.start(twinYaml, TwinFleetIT.ARTIFACTS_YAML, clientKey.getPublic(), Duration.ofMillis(50));
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) fleet.close();
    }

    static TwinEndpoint endpoint(String name) {
        return fleet.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anUnreachableHostAcceptsTcpButNeverSendsItsSshIdentification() throws Exception {
        TwinEndpoint e = endpoint("snb-01");
        try (Socket s = new Socket(e.host(), e.port())) {
            s.setSoTimeout(500);
            s.getOutputStream().write("SSH-2.0-test\r\n".getBytes());
            InputStream in = s.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        }
        SSHClient ssh = new SSHClient(new DefaultConfig());
        ssh.addHostKeyVerifier(new PinnedFingerprint(e.hostKeyFingerprint()));
        ssh.setConnectTimeout(1000);
        ssh.getTransport().setTimeoutMs(1000);
        // The identification string is read with a plain socket read: only the socket timeout
        // bounds it (connect and transport timeouts do not), so a client without one waits forever.
        ssh.setTimeout(1000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> ssh.connect(e.host(), e.port())).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        ssh.close();
    }

    @Test
    void anUnreachableHostWithCloseAfterResetsTheConnectionThen() throws Exception {
        TwinEndpoint e = endpoint("hsw-01");
        long start = System.nanoTime();
        try (Socket s = new Socket(e.host(), e.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("SSH-2.0-test\r\n".getBytes());
            int read;
            try {
                read = s.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(4));
    }

    @Test
    void aDroppedConnectionEndsTheNthLaunchWithoutExitStatusAndLeavesItsQemuRunning() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("kbl-01"), clientKey)) {
            deployAgent(c);
            assertThat(launch(c, "drop-1").value("state")).isEqualTo("running");
            assertThatThrownBy(() -> launch(c, "drop-2")).hasRootCauseInstanceOf(TransportException.class)
                    .rootCause().hasMessageContaining("EOF");
            // sshj's reader thread marks the transport dead after the channel saw EOF: wait for it, bounded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (c.ssh.isConnected() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(c.ssh.isConnected()).isFalse();
        }
        try (TwinClient c = new TwinClient(endpoint("kbl-01"), clientKey)) {
            assertThat(c.exec("'" + AGENT + "' 'status' 'drop-2'").value("state")).isEqualTo("running");
            assertThat(launch(c, "drop-3").value("state")).isEqualTo("running");
            for (String cell : List.of("drop-1", "drop-2", "drop-3")) c.exec("'" + AGENT + "' 'stop' '" + cell + "'");
        }
    }

    @Test
    void aCrashingQemuEndsBySigsegvWithItsSocketsGoneAndASegfaultLineInDmesg() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("icl-01"), clientKey)) {
            deployAgent(c);
            assertThat(launch(c, "crash").value("state")).isEqualTo("running");
            TwinClient.Result status = awaitExited(c, "crash");
            assertThat(status.value("exit-signal")).isEqualTo("SEGV");
            assertThat(status.stdout()).doesNotContain("exit-code=");
            assertThatThrownBy(() -> c.open(cellDir("crash") + "/qmp.sock")).isInstanceOf(OpenFailException.class);
            assertThat(c.exec("cat " + cellDir("crash") + "/qemu.stderr").stdout()).doesNotContain("segfault");
            assertThat(c.exec("'" + AGENT + "' 'collect' 'crash'").exit()).isZero();
            assertThat(c.exec("cat " + cellDir("crash") + "/host-dmesg.txt").stdout())
                    .containsPattern("qemu-system-x86\\[\\d+\\]: segfault at 8 ip [0-9a-f]+ sp [0-9a-f]+ error 4 in qemu-system-x86_64\\[");
        }
    }

    @Test
    void aHungGuestNeverAnswersTheGuestAgentAndItsConsoleStopsMidBoot() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("tgl-01"), clientKey)) {
            deployAgent(c);
            assertThat(launch(c, "hang").value("state")).isEqualTo("running");
            try (TwinClient.JsonChannel qga = c.open(cellDir("hang") + "/qga.sock")) {
                CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
                    try {
                        return qga.call("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":7}}");
                    } catch (IOException e) {
                        return "io: " + e;
                    }
                });
                Thread.sleep(1000);
                assertThat(reply).isNotDone();
                String serial = c.exec("cat " + cellDir("hang") + "/serial.log").stdout();
                assertThat(serial).contains("Linux version").doesNotContain("guest ready");
                assertThat(c.exec("'" + AGENT + "' 'stop' 'hang'").value("was")).isEqualTo("running");
                assertThat(reply.get(5, TimeUnit.SECONDS)).isNull();
            }
        }
    }

    @Test
    void aDmarStormPutsTheRealFaultLinesInTheHostDmesgAndCollectCountsThem() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("adl-01"), clientKey)) {
            deployAgent(c);
            assertThat(launch(c, "storm").value("state")).isEqualTo("running");
            c.exec("'" + AGENT + "' 'stop' 'storm'");
            TwinClient.Result collect = c.exec("'" + AGENT + "' 'collect' 'storm'");
            assertThat(collect.value("dmar.faults")).isEqualTo("7");
            List<String> dmar = c.exec("cat " + cellDir("storm") + "/host-dmesg.txt").stdout().lines()
                    .filter(l -> l.contains("DMAR:")).toList();
            assertThat(dmar).hasSize(7);
            assertThat(dmar.get(0)).matches("\\[ *[0-9.]+\\] DMAR: DRHD: handling fault status reg 3");
            assertThat(dmar.get(1)).matches("\\[ *[0-9.]+\\] DMAR: \\[DMA Read NO_PASID\\] Request device \\[00:02\\.0\\] "
                    + "fault addr 0x[0-9a-f]+ \\[fault reason 0x06\\] PTE Read access is not set");
        }
    }

    @Test
    void aFlakyVerbFailsAsATransientLabFaultNTimesThenWorks() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("mtl-01"), clientKey)) {
            deployAgent(c);
            for (int k = 1; k <= 2; k++) {
                TwinClient.Result facts = c.exec("'" + AGENT + "' 'facts'");
                assertThat(facts.exit()).isEqualTo(70);
                assertThat(facts.value("error.code")).isEqualTo("failed");
                assertThat(facts.value("error.message")).isEqualTo("facts: injected transient failure " + k + " of 2");
                assertThat(facts.lines()).last().isEqualTo("status=error");
            }
            TwinClient.Result facts = c.exec("'" + AGENT + "' 'facts'");
            assertThat(facts.exit()).isZero();
            assertThat(facts.value("igd.vendor")).isEqualTo("8086");
            assertThat(c.exec("'" + AGENT + "' 'version'").exit()).isZero();
        }
    }

    @Test
    void aHealthyHostOfTheSameFleetIsUntouched() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("cfl-01"), clientKey)) {
            deployAgent(c);
            assertThat(c.exec("'" + AGENT + "' 'facts'").exit()).isZero();
            assertThat(launch(c, "healthy").value("state")).isEqualTo("running");
            try (TwinClient.JsonChannel qga = c.open(cellDir("healthy") + "/qga.sock")) {
                assertThat(qga.call("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":1}}")).isEqualTo("{\"return\":1}");
            }
            c.exec("'" + AGENT + "' 'stop' 'healthy'");
            assertThat(c.exec("'" + AGENT + "' 'collect' 'healthy'").value("dmar.faults")).isEqualTo("0");
        }
    }

    private static String cellDir(String cell) {
        return "/var/lib/igdlab/cells/" + cell;
    }

    /** A control VM (emulated VGA, no IGD) with QMP, a guest agent channel and a serial log. */
    private static TwinClient.Result launch(TwinClient c, String cell) throws IOException {
        String d = cellDir(cell);
        String args = String.join("\n", "/usr/bin/qemu-system-x86_64", "-name", cell, "-machine", "q35", "-m", "2G",
                "-display", "none", "-bios", "/usr/share/seabios/bios.bin",
                "-chardev", "socket,id=qga0,path=" + d + "/qga.sock,server=on,wait=off",
                "-device", "virtio-serial-pci,id=vs0",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
                "-qmp", "unix:qmp.sock,server=on,wait=off",
                "-serial", "file:" + d + "/serial.log") + "\n";
        return c.exec("'" + AGENT + "' 'launch' '" + cell + "'", args);
    }

    private static TwinClient.Result awaitExited(TwinClient c, String cell) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            TwinClient.Result status = c.exec("'" + AGENT + "' 'status' '" + cell + "'");
            if (status.value("state").equals("exited") || System.nanoTime() > end) return status;
            Thread.sleep(20);
        }
    }

    private static void deployAgent(TwinClient c) throws IOException {
        Path agent = dir.resolve("igdlab-agent");
        Files.writeString(agent, "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n");
        try (SFTPClient sftp = c.ssh.newSFTPClient()) {
            sftp.put(agent.toString(), AGENT);
            sftp.chmod(AGENT, 0755);
        }
    }
}
