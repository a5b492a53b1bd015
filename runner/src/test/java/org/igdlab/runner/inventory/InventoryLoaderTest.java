package org.igdlab.runner.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryLoaderTest {

    static final Path LAB = Path.of("../lab-inventory");
    static final Path ARTIFACTS = LAB.resolve("artifacts.yaml");

    @TempDir
    Path dir;

    static final String HOST = """
            version: 1
            defaults:
              user: igdlab
              agent-root: /var/lib/igdlab
              kernel: 6.16.3-igdlab
              kernels: [6.16.3-igdlab]
              installed:
                qemu-10.1.2: /usr/bin/qemu-system-x86_64
            hosts:
              - name: cfl-01
                address: embedded
                generation: coffee-lake
                igd: {bdf: "0000:00:02.0", device-id: "3e92", class: "030000", rom: shadow,
                      registers: {ggc: 0x02c1, bdsm: 0x8b800001, asls: 0x8a3a4018}}
                display: {connected: true}
            """;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("inv.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String errorOf(String yaml) throws IOException {
        Path f = write(yaml);
        try {
            InventoryLoader.load(f, ARTIFACTS);
        } catch (InventoryException e) {
            return e.getMessage().replace(f.toString(), "inv.yaml");
        }
        throw new AssertionError("expected an InventoryException");
    }

    @Test
    void loadsTheTwinFleetWithDefaultsAppliedAndTwinBlocksIgnored() throws Exception {
        Inventory inv = InventoryLoader.load(LAB.resolve("twin.yaml"), ARTIFACTS);

        assertThat(inv.hosts()).extracting(Host::name)
                .containsExactly("snb-01", "hsw-01", "kbl-01", "cfl-01", "icl-01", "tgl-01", "adl-01", "mtl-01", "cfl-02",
                        "cfl-dgpu-01", "tgl-dgpu-01");
        Host cfl = inv.host("cfl-01").orElseThrow();
        assertThat(cfl.embedded()).isTrue();
        assertThat(cfl.user()).isEqualTo("igdlab");
        assertThat(cfl.identity()).isInstanceOf(Identity.Unbound.class);
        assertThat(cfl.generation()).isEqualTo(Generation.COFFEE_LAKE);
        assertThat(cfl.igd().registers().asls()).isEqualTo(0x8a3a4018L);
        assertThat(cfl.igd().rom()).isEqualTo(RomSource.SHADOW);
        assertThat(cfl.kernels()).containsExactly("6.16.3-igdlab", "6.12.9-igdlab");
        assertThat(cfl.installed().keySet()).first().isEqualTo("qemu-10.1.2");
        assertThat(cfl.installedOfKind("qemu")).get().extracting(Installed::path).isEqualTo("/usr/bin/qemu-system-x86_64");
        assertThat(cfl.installedGuestImage("linux")).get().extracting(i -> i.artifact().name())
                .isEqualTo("guest-linux-debian13");
        assertThat(inv.host("icl-01").orElseThrow().igd().registers().bdsm64()).hasValue(0x4b800001L);
        assertThat(inv.hostsOf(Generation.COFFEE_LAKE)).extracting(Host::name).containsExactly("cfl-01", "cfl-02", "cfl-dgpu-01");
        assertThat(inv.host("cfl-dgpu-01").orElseThrow().igd().classCode()).isEqualTo("038000");
    }

    @Test
    void loadsTheExampleLabWithIdentityPortAndPower() throws Exception {
        Inventory inv = InventoryLoader.load(LAB.resolve("hosts.yaml"), ARTIFACTS);

        Host kbl = inv.host("kbl-nuc7-01").orElseThrow();
        assertThat(kbl.embedded()).isFalse();
        assertThat(kbl.port()).isEqualTo(22);
        assertThat(kbl.hostKey()).hasValue("SHA256:Bd5RrK3C8z1lRRlIh6s4QHhGmOaKr6n1aWm9iVFSu0Y");
        assertThat(kbl.identity()).isEqualTo(new Identity.KeyFile(
                Path.of(System.getProperty("user.home"), ".ssh/igdlab_ed25519")));
        assertThat(kbl.power()).get().isInstanceOf(Power.Ipmi.class);
        assertThat(kbl.display().capture()).hasValue("/dev/video0");
        Host adl = inv.host("adl-s-01").orElseThrow();
        assertThat(adl.port()).isEqualTo(2222);
        assertThat(adl.power()).get().isEqualTo(new Power.Command(
                java.util.List.of("/usr/local/bin/pdu-cycle", "--outlet", "7")));
    }

    @Test
    void bindsEmbeddedHostsToTheirEndpointsAndRefusesAHostWithoutOne() throws Exception {
        Inventory inv = InventoryLoader.load(write(HOST), ARTIFACTS);
        Endpoint e = new Endpoint("127.0.0.1", 40022, "SHA256:" + "A".repeat(43));

        Inventory bound = inv.withEndpoints(Map.of("cfl-01", e), Path.of("/tmp/twin_ed25519"));

        Host h = bound.host("cfl-01").orElseThrow();
        assertThat(h.embedded()).isFalse();
        assertThat(h.address()).isEqualTo("127.0.0.1");
        assertThat(h.port()).isEqualTo(40022);
        assertThat(h.hostKey()).hasValue(e.hostKeyFingerprint());
        assertThat(h.identity()).isEqualTo(new Identity.KeyFile(Path.of("/tmp/twin_ed25519")));
        assertThatThrownBy(() -> inv.withEndpoints(Map.of(), Path.of("/tmp/k")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cfl-01");
    }

    @Test
    void reportsBadIndentationWithLineAndColumn() throws Exception {
        String msg = errorOf("version: 1\nhosts:\n  - name: a\n   generation: x\n");
        assertThat(msg).matches("inv\\.yaml:4:\\d+: malformed YAML: .+");
    }

    @Test
    void reportsAWrongTypeAtTheValue() throws Exception {
        String msg = errorOf(HOST.replace("    generation: coffee-lake\n", "    generation: coffee-lake\n    port: abc\n"));
        assertThat(msg).isEqualTo("inv.yaml:13:11: hosts[0].port: expected a port number 1..65535, found 'abc'");
    }

    @Test
    void reportsAnUnknownKeyAtTheKey() throws Exception {
        String msg = errorOf(HOST.replace("    generation: coffee-lake", "    generaton: coffee-lake"));
        assertThat(msg).startsWith("inv.yaml:12:5: hosts[0].generaton: expected one of [")
                .endsWith("found unknown key 'generaton'");
    }

    @Test
    void reportsAnUnknownGenerationListingTheAllowedOnes() throws Exception {
        String msg = errorOf(HOST.replace("generation: coffee-lake", "generation: kabylake"));
        assertThat(msg).startsWith("inv.yaml:12:17: hosts[0].generation: expected one of [sandy-bridge, ivy-bridge,")
                .endsWith("panther-lake], found 'kabylake'");
    }

    @Test
    void refusesADeviceIdOfAnotherGenerationNamingBoth() throws Exception {
        String msg = errorOf(HOST.replace("\"3e92\"", "\"5917\""));
        assertThat(msg).isEqualTo("inv.yaml:13:43: hosts[0].igd.device-id: expected a coffee-lake device ID,"
                + " found 5917: device-id 5917 is a kaby-lake IGD, not coffee-lake");
    }

    @Test
    void refusesAPasswordAnywhereAndSaysWhatToUseInstead() throws Exception {
        String msg = errorOf(HOST.replace("    display: {connected: true}\n",
                "    display: {connected: true}\n    power: {type: ipmi, address: 192.0.2.1, user: lab, password: hunter2}\n"));
        assertThat(msg).startsWith("inv.yaml:16:56: hosts[0].power.password: passwords are not accepted in inventory files")
                .contains("password-file: PATH", "identity: {file: PATH} or {agent: true}")
                .doesNotContain("hunter2");
        assertThat(errorOf(HOST.replace("  user: igdlab\n", "  user: igdlab\n  password: x\n")))
                .startsWith("inv.yaml:4:3: defaults.password: passwords are not accepted");
    }

    @Test
    void refusesAnInstalledArtifactMissingFromTheCatalogue() throws Exception {
        String msg = errorOf(HOST.replace("qemu-10.1.2:", "qemu-10.9.9:"));
        assertThat(msg).isEqualTo("inv.yaml:8:5: defaults.installed.qemu-10.9.9: expected an artifact named in"
                + " artifacts.yaml, found 'qemu-10.9.9'");
    }

    @Test
    void requiresAPinnedHostKeyForARealHost() throws Exception {
        String msg = errorOf(HOST.replace("address: embedded", "address: 192.0.2.9\n    identity: {agent: true}"));
        assertThat(msg).startsWith("inv.yaml:10:5: hosts[0]: expected a 'host-key'");
    }

    @Test
    void refusesAHostnameOutsideTheAllowList() throws Exception {
        String msg = errorOf(HOST.replace("address: embedded", "address: \"a;rm -rf\""));
        assertThat(msg).startsWith("inv.yaml:11:14: hosts[0].address: expected 'embedded' or a hostname")
                .endsWith("found 'a;rm -rf'");
    }
}
