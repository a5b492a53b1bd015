package org.igdlab.twin.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.xfer.InMemoryDestFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinFleetIT {
    static final Path TWIN_YAML = Path.of("../lab-inventory/twin.yaml");
    static final Path ARTIFACTS_YAML = Path.of("../lab-inventory/artifacts.yaml");
    static final String AGENT = "/var/lib/igdlab/bin/igdlab-agent";
    static final ObjectMapper JSON = new ObjectMapper();

    static KeyPair clientKey;
    static TwinFleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startFleet() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        clientKey = g.generateKeyPair();
        fleet = TwinFleet.start(TWIN_YAML, ARTIFACTS_YAML, clientKey.getPublic(), Duration.ofMillis(1));
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
            fleet.close();
        }
    }

    static TwinEndpoint endpoint(String name) {
        return fleet.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsEveryHostOfTwinYamlInFileOrderWithOpenSshFingerprints() {
        assertThat(fleet.endpoints()).extracting(TwinEndpoint::name)
                .containsExactly("snb-01", "hsw-01", "kbl-01", "cfl-01", "icl-01", "tgl-01", "adl-01", "mtl-01", "cfl-02",
                        "cfl-dgpu-01", "tgl-dgpu-01");
        assertThat(fleet.endpoints()).allSatisfy(e -> {
            assertThat(e.host()).isEqualTo("127.0.0.1");
            assertThat(e.hostKeyFingerprint()).matches("SHA256:[A-Za-z0-9+/]{43}");
        });
        assertThat(fleet.endpoints()).extracting(TwinEndpoint::port).doesNotHaveDuplicates();
    }

    @Test
    void refusesAHostKeyThatDoesNotMatchThePinnedFingerprint() {
        TwinEndpoint real = endpoint("snb-01");
        TwinEndpoint wrongPin = new TwinEndpoint(real.name(), real.host(), real.port(), endpoint("hsw-01").hostKeyFingerprint());
        assertThatThrownBy(() -> new TwinClient(wrongPin, clientKey).close()).isInstanceOf(IOException.class);
    }

    @Test
    void refusesAClientKeyThatIsNotAuthorized() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair stranger = g.generateKeyPair();
        assertThatThrownBy(() -> new TwinClient(endpoint("snb-01"), stranger).close()).isInstanceOf(IOException.class);
    }

    @Test
    void runsTheSimpleShellCommandsAndRefusesUnquotedMetacharacters() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("hsw-01"), clientKey)) {
            assertThat(c.exec("uname -r").stdout()).isEqualTo("6.16.3-igdlab\n");
            assertThat(c.exec("'cat' '/proc/cmdline'").stdout()).contains("intel_iommu=on iommu=pt");
            assertThat(c.exec("true").exit()).isZero();
            TwinClient.Result refused = c.exec("uname -r; reboot");
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.stderr()).contains("metacharacter ';'");
            TwinClient.Result unknown = c.exec("reboot");
            assertThat(unknown.exit()).isEqualTo(127);
            assertThat(unknown.stderr()).isEqualTo("sh: 1: reboot: not found\n");
            TwinClient.Result noAgent = c.exec("'" + AGENT + "' 'version'");
            assertThat(noAgent.exit()).isEqualTo(127);
        }
    }

    @Test
    void deploysTheAgentLaunchesAGuestAndReadsTheFirmwareAllocatedOpRegionAddress() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("cfl-01"), clientKey)) {
            CellRun run = runSeaBiosCell(c, "it-cfl-01");
            assertThat(run.asls).isNotZero().isLessThan(0x1_0000_0000L).isNotEqualTo(0x8a3a4018L);
            assertThat(run.asls % 4096).isZero();
            assertThat(run.bdsm % (1024 * 1024)).isZero();
            assertThat(run.bdsm).isNotZero().isNotEqualTo(0x8b800001L);
            assertThat(run.qemuStderr).contains("qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0,addr=02.0,bus=pci.0,id=igd: "
                    + "info: OpRegion detected on Intel display 3e92.");
            assertThat(run.qemuStderr).contains("info: IGD legacy mode enabled");
            assertThat(run.collected).contains("file=qemu.args", "file=qemu.stderr", "file=serial.log", "file=host-dmesg.txt",
                    "dmar.faults=0");
            assertThat(run.serialLog).contains(String.format("graphic opregion physical addr: 0x%x", run.asls));
        }
    }

    @Test
    void theHostWithTheSeededFirmwareFaultShowsAZeroOpRegionAddress() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("cfl-02"), clientKey)) {
            CellRun run = runSeaBiosCell(c, "it-cfl-02");
            assertThat(run.asls).isZero();
            assertThat(run.bdsm).isNotZero();
            assertThat(run.serialLog).contains("ACPI OpRegion not supported!");
        }
    }

    @Test
    void refusesAStreamLocalChannelToASocketNoQemuListensOn() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("snb-01"), clientKey)) {
            assertThatThrownBy(() -> c.open("/var/lib/igdlab/cells/none/qmp.sock"))
                    .isInstanceOfSatisfying(OpenFailException.class,
                            e -> assertThat(e.getReason()).isEqualTo(OpenFailException.Reason.CONNECT_FAILED));
        }
    }

    @Test
    void reportsAQemuThatExitsAtOnceWithItsStderr() throws Exception {
        try (TwinClient c = new TwinClient(endpoint("snb-01"), clientKey)) {
            deployAgent(c);
            assertThat(c.exec("'" + AGENT + "' 'bind' '0000:00:02.0'").exit()).isZero();
            String args = String.join("\n", "/usr/bin/qemu-system-x86_64", "-machine", "pc", "-display", "none",
                    "-device", "vfio-pci,host=0000:00:02.0,addr=02.0") + "\n";
            TwinClient.Result launch = c.exec("'" + AGENT + "' 'launch' 'slot-conflict'", args);
            assertThat(launch.exit()).isZero();
            assertThat(launch.value("state")).isEqualTo("exited");
            assertThat(launch.value("exit-code")).isEqualTo("1");
            String stderr = c.exec("cat /var/lib/igdlab/cells/slot-conflict/qemu.stderr").stdout();
            assertThat(stderr).isEqualTo("qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0,addr=02.0: "
                    + "PCI: slot 2 function 0 not available for vfio-pci, in use by VGA,id=(null)\n");
            assertThat(c.exec("'" + AGENT + "' 'status' 'slot-conflict'").value("state")).isEqualTo("exited");
            TwinClient.Result badCell = c.exec("'" + AGENT + "' 'status' '../etc'");
            assertThat(badCell.exit()).isEqualTo(65);
            assertThat(badCell.value("error.code")).isEqualTo("bad-argument");
            TwinClient.Result noQemu = c.exec("'" + AGENT + "' 'launch' 'x'", "/usr/bin/qemu-9.2\n");
            assertThat(noQemu.exit()).isEqualTo(69);
        }
    }

    record CellRun(long asls, long bdsm, String qemuStderr, String collected, String serialLog) { }

    private void deployAgent(TwinClient c) throws IOException {
        Path agent = tmp.resolve("igdlab-agent");
        Files.writeString(agent, "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n");
        try (SFTPClient sftp = c.ssh.newSFTPClient()) {
            sftp.put(agent.toString(), AGENT + ".new");
            sftp.rename(AGENT + ".new", AGENT);
            sftp.chmod(AGENT, 0755);
        }
    }

    private CellRun runSeaBiosCell(TwinClient c, String cell) throws Exception {
        TwinClient.Result missing = c.exec("sha256sum -- " + AGENT);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.stderr()).contains("No such file or directory");
        deployAgent(c);
        String localHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(c.exec("'sha256sum' '--' '" + AGENT + "'").stdout()).isEqualTo(localHash + "  " + AGENT + "\n");

        TwinClient.Result facts = c.exec("'" + AGENT + "' 'facts'");
        assertThat(facts.exit()).isZero();
        assertThat(facts.lines()).first().isEqualTo("protocol=1");
        assertThat(facts.lines()).last().isEqualTo("status=ok");
        assertThat(facts.value("igd.vendor")).isEqualTo("8086");
        assertThat(facts.value("qemu.version")).isEqualTo("10.1.2");
        assertThat(facts.value("igd.rom.size")).isEqualTo("131072");

        TwinClient.Result bind = c.exec("'" + AGENT + "' 'bind' '0000:00:02.0'");
        assertThat(bind.value("bound")).isEqualTo("0000:00:02.0");
        assertThat(bind.value("previous-driver.0000:00:02.0")).isEqualTo("i915");

        String dir = "/var/lib/igdlab/cells/" + cell;
        String args = String.join("\n", "/usr/bin/qemu-system-x86_64", "-name", cell, "-machine", "pc,accel=kvm", "-m", "4G",
                "-nodefaults", "-vga", "none", "-display", "none", "-bios", "/usr/share/seabios/bios.bin",
                "-device", "vfio-pci,host=0000:00:02.0,addr=02.0,bus=pci.0,id=igd",
                "-chardev", "socket,id=qga0,path=" + dir + "/qga.sock,server=on,wait=off",
                "-device", "virtio-serial-pci,id=vs0",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
                "-qmp", "unix:qmp.sock,server=on,wait=off",
                "-serial", "file:" + dir + "/serial.log") + "\n";
        TwinClient.Result launch = c.exec("'" + AGENT + "' 'launch' '" + cell + "'", args);
        assertThat(launch.value("state")).as(launch.stdout() + launch.stderr()).isEqualTo("running");
        assertThat(launch.value("cell.dir")).isEqualTo(dir);

        long asls;
        long bdsm;
        try (TwinClient.JsonChannel qmp = c.open(dir + "/qmp.sock")) {
            assertThat(qmp.readLine()).startsWith("{\"QMP\":{\"version\":{\"qemu\":{\"major\":10,\"minor\":1,\"micro\":2}");
            assertThat(qmp.call("{\"execute\":\"qmp_capabilities\"}")).isEqualTo("{\"return\":{}}");
            assertThat(JSON.readTree(qmp.call("{\"execute\":\"query-status\"}")).at("/return/status").asText()).isEqualTo("running");
            assertThat(qmp.events).isNotEmpty();
            assertThat(qmp.call("{\"execute\":\"no-such-command\"}")).contains("CommandNotFound");

            try (TwinClient.JsonChannel qga = c.open(dir + "/qga.sock")) {
                assertThat(qga.call("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":42}}")).isEqualTo("{\"return\":42}");
                JsonNode exec = JSON.readTree(qga.call("{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/usr/bin/lspci\","
                        + "\"arg\":[\"-xxxx\",\"-s\",\"00:02.0\"],\"capture-output\":true}}"));
                int pid = exec.at("/return/pid").asInt();
                JsonNode status = JSON.readTree(qga.call("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}"));
                assertThat(status.at("/return/exited").asBoolean()).isTrue();
                assertThat(status.at("/return/exitcode").asInt()).isZero();
                String lspci = new String(Base64.getDecoder().decode(status.at("/return/out-data").asText()), StandardCharsets.UTF_8);
                List<String> lines = lspci.lines().toList();
                assertThat(lines.get(0)).startsWith("00:02.0 VGA compatible controller: Intel Corporation Device");
                assertThat(lines).hasSizeGreaterThanOrEqualTo(257);
                assertThat(lines.get(1)).startsWith("00: 86 80 ");
                asls = dword(lines, 0xfc);
                bdsm = dword(lines, 0x5c);
            }
            assertThat(qmp.call("{\"execute\":\"quit\"}")).isEqualTo("{\"return\":{}}");
        }
        TwinClient.Result status = c.exec("'" + AGENT + "' 'status' '" + cell + "'");
        assertThat(status.value("state")).isEqualTo("exited");
        assertThat(status.value("exit-code")).isEqualTo("0");
        TwinClient.Result collect = c.exec("'" + AGENT + "' 'collect' '" + cell + "'");
        assertThat(collect.exit()).isZero();
        String stderr;
        String serial;
        try (SFTPClient sftp = c.ssh.newSFTPClient()) {
            stderr = fetch(sftp, dir + "/qemu.stderr");
            serial = fetch(sftp, dir + "/serial.log");
        }
        assertThat(c.exec("'" + AGENT + "' 'stop' '" + cell + "' '5'").value("was")).isEqualTo("exited");
        return new CellRun(asls, bdsm, stderr, collect.stdout(), serial);
    }

    private static String fetch(SFTPClient sftp, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sftp.get(path, new InMemoryDestFile() {
            @Override
            public long getLength() {
                return out.size();
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return out;
            }

            @Override
            public java.io.OutputStream getOutputStream(boolean append) {
                return out;
            }
        });
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The little-endian dword at `offset` from an `lspci -xxxx` dump. */
    static long dword(List<String> lspci, int offset) {
        String row = lspci.get(1 + offset / 16);
        String[] bytes = row.substring(row.indexOf(':') + 2).split(" ");
        long v = 0;
        for (int i = 3; i >= 0; i--) v = (v << 8) | Long.parseLong(bytes[offset % 16 + i], 16);
        return v;
    }
}
