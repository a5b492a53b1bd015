package org.igdlab.twin.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.host.HostSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRealTwinInventoryWithDefaultsMerged() throws Exception {
        List<HostSpec> hosts = new FleetReader().read(TwinFleetIT.TWIN_YAML, TwinFleetIT.ARTIFACTS_YAML, Duration.ZERO);
        assertThat(hosts).hasSize(11);
        HostSpec icl = hosts.get(4);
        assertThat(icl.name()).isEqualTo("icl-01");
        assertThat(icl.igd().deviceId()).isEqualTo(0x8a52);
        assertThat(icl.igd().bdsm64()).isEqualTo(0x4b800001L);
        assertThat(icl.igd().ggc()).isEqualTo(0x05c1);
        // display.connected: a monitor (and so a capture device) on snb-01, kbl-01, cfl-01, tgl-01, adl-01
        assertThat(hosts.stream().filter(HostSpec::displayConnected).map(HostSpec::name))
                .containsExactly("snb-01", "kbl-01", "cfl-01", "tgl-01", "adl-01");
        assertThat(icl.installed().get("/usr/bin/qemu-system-x86_64").version()).isEqualTo("10.1.2");
        assertThat(icl.kernel()).isEqualTo("6.16.3-igdlab");
        assertThat(hosts.get(6).extendedVbtKib()).isEqualTo(8);
        assertThat(hosts.get(8).faults().has(Fault.FIRMWARE_NEVER_WRITES_ASLS)).isTrue();
        assertThat(hosts.get(3).faults().active()).isEmpty();
        // the display-class (0x038000) IGDs of the host-axes suite, last so the other hosts keep their places
        assertThat(hosts.subList(9, 11)).extracting(HostSpec::name).containsExactly("cfl-dgpu-01", "tgl-dgpu-01");
        assertThat(hosts.subList(9, 11)).allSatisfy(h -> assertThat(h.igd().classCode()).isEqualTo(0x038000));
        assertThat(hosts.get(1).kernels()).contains("4.4.302-igdlab");
    }

    @Test
    void namesFileLineAndColumnOfAValueOfTheWrongType() throws Exception {
        Path twin = dir.resolve("twin.yaml");
        Files.writeString(twin, String.join("\n", "version: 1", "hosts:", "  - name: x-01",
                "    igd: {bdf: \"0000:00:02.0\", device-id: \"3e92\", class: \"030000\", rom: shadow,",
                "          registers: {ggc: lots, bdsm: 0, asls: 0}}",
                "    twin: {memory-mib: 1024, lpc: {device-id: \"a305\", revision: 1}, opregion: {version: \"2.1\", size-kib: 8}}", ""));
        assertThatThrownBy(() -> new FleetReader().read(twin, TwinFleetIT.ARTIFACTS_YAML, Duration.ZERO))
                .isInstanceOfSatisfying(TwinConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo(twin);
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.column()).isGreaterThan(1);
                    assertThat(e.getMessage()).contains("twin.yaml:5:").contains("hosts[0].igd.registers.ggc");
                });
    }

    @Test
    void namesTheLineOfAMalformedYamlDocument() throws Exception {
        Path twin = dir.resolve("twin.yaml");
        Files.writeString(twin, "version: 1\nhosts: [\n  - name: {\n");
        assertThatThrownBy(() -> new FleetReader().read(twin, TwinFleetIT.ARTIFACTS_YAML, Duration.ZERO))
                .isInstanceOf(TwinConfigException.class).hasMessageStartingWith(twin + ":");
    }

    @Test
    void refusesAnUnknownFaultNamingTheHost() throws Exception {
        Path twin = dir.resolve("twin.yaml");
        Files.writeString(twin, String.join("\n", "version: 1", "defaults: {kernel: 6.16.3-igdlab}", "hosts:", "  - name: x-01",
                "    igd: {bdf: \"0000:00:02.0\", device-id: \"3e92\", class: \"030000\", rom: shadow,",
                "          registers: {ggc: 0x02c1, bdsm: 0, asls: 0}}",
                "    twin: {memory-mib: 1024, lpc: {device-id: \"a305\", revision: 1}, opregion: {version: \"2.1\", size-kib: 8},",
                "           faults: [cosmic-rays]}", ""));
        assertThatThrownBy(() -> new FleetReader().read(twin, TwinFleetIT.ARTIFACTS_YAML, Duration.ZERO))
                .isInstanceOf(TwinConfigException.class).hasMessageContaining("twin.yaml:4:5: host x-01: unknown fault 'cosmic-rays'");
    }

    @Test
    void refusesADeviceIdThatIsNotFourHexDigits() throws Exception {
        Path twin = dir.resolve("twin.yaml");
        Files.writeString(twin, String.join("\n", "version: 1", "hosts:", "  - name: x-01",
                "    igd: {bdf: \"0000:00:02.0\", device-id: \"3e9\", class: \"030000\", rom: shadow,",
                "          registers: {ggc: 0, bdsm: 0, asls: 0}}",
                "    twin: {memory-mib: 1024, lpc: {device-id: \"a305\", revision: 1}, opregion: {version: \"2.1\", size-kib: 8}}", ""));
        assertThatThrownBy(() -> new FleetReader().read(twin, TwinFleetIT.ARTIFACTS_YAML, Duration.ZERO))
                .isInstanceOf(TwinConfigException.class).hasMessageContaining("expected 4 hex digits");
    }
}
