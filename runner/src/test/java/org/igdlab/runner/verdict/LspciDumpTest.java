package org.igdlab.runner.verdict;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real dumps from bug reports (copied from shared/fixtures/realworld); values from each file's HEADER. */
class LspciDumpTest {

    static Path dir() throws URISyntaxException {
        return Path.of(LspciDumpTest.class.getResource("/verdict").toURI());
    }

    static List<ConfigSpace> parse(String name) throws Exception {
        return LspciDump.parse(Files.readString(dir().resolve(name), StandardCharsets.UTF_8));
    }

    @Test
    void everyRealWorldDumpParsesIntoAtLeastOneDevice() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            List<Path> dumps = files.filter(p -> p.getFileName().toString().startsWith("lspci-")).toList();
            assertThat(dumps).hasSize(4);
            for (Path p : dumps) {
                assertThat(LspciDump.parse(Files.readString(p))).as(p.getFileName().toString()).isNotEmpty();
            }
        }
    }

    @Test
    void readsTheIvyBridgeHostIgdAndItsHostBridgeFromAnNnVvvDump() throws Exception {
        List<ConfigSpace> devices = parse("lspci-ivybridge-0152-host-dh77df-coreboot-01.txt");

        assertThat(devices).extracting(ConfigSpace::bdf).containsExactly("0000:00:00.0", "0000:00:02.0");
        IgdRegisters igd = IgdRegisters.decode(devices.get(1));
        assertThat(igd.ggc()).hasValue(0x0211);
        assertThat(igd.bdsm()).hasValue(0xdba00001L);
        assertThat(igd.asls()).hasValue(0xda3bd018L);
        assertThat(devices.get(1).word(0x02)).hasValue(0x0152);
        assertThat(devices.get(0).dword(0xB0)).hasValue(0xdba00001L);
        assertThat(devices.get(1).missingOffsets(0, 0x100)).isEmpty();
    }

    @Test
    void readsTheSandyBridgeDumpAndIgnoresTheVerboseStanzaBeforeIt() throws Exception {
        List<ConfigSpace> devices = parse("lspci-sandybridge-0126-host-01.txt");

        assertThat(devices).hasSize(1);
        IgdRegisters igd = IgdRegisters.decode(devices.get(0));
        assertThat(igd.asls()).hasValue(0xdaef6018L);
        assertThat(igd.bdsm()).hasValue(0xdba00001L);
        assertThat(igd.ggc()).hasValue(0x0211);
        assertThat(devices.get(0).missingOffsets(0x100, 0x1000)).hasSize(0xF00);
    }

    @Test
    void readsAPartialAlderLakeDumpCutMidRow() throws Exception {
        ConfigSpace adl = parse("lspci-alderlake-s-4682-host-PARTIAL-01.txt").get(0);
        IgdRegisters igd = IgdRegisters.decode(adl);

        assertThat(igd.bdsm64()).hasValue(0x3c800001L);
        assertThat(igd.ggc()).hasValue(0xfec1);
        assertThat(igd.bdsm()).hasValue(0);
        assertThat(igd.asls()).isEmpty();
        assertThat(adl.dword(0xC8)).hasValue(0xfed90001L);
        assertThat(adl.missingOffsets(0xE0, 0x100)).first().isEqualTo(0xEA);
        assertThat(adl.word(0xE8)).hasValue(0x8000);
    }

    @Test
    void readsTheHaswellGuestAndHostDumpsWithElidedRowsMissing() throws Exception {
        List<ConfigSpace> devices = parse("lspci-haswell-0412-guest-vs-host-01.txt");

        assertThat(devices).hasSize(2).extracting(ConfigSpace::bdf).containsOnly("0000:00:02.0");
        ConfigSpace guest = devices.get(0);
        ConfigSpace host = devices.get(1);
        assertThat(IgdRegisters.decode(guest).asls()).hasValue(0);
        assertThat(IgdRegisters.decode(host).asls()).hasValue(0xc8d5c018L);
        assertThat(guest.dword(0x5C)).isEmpty();
        assertThat(guest.missingOffsets(0x10, 0xF0)).hasSize(0xE0);
        assertThat(guest.word(0x0E)).hasValue(0x0080);
        assertThat(host.word(0x0E)).hasValue(0x0000);
    }

    @Test
    void acceptsDomainAndNnHeaderFormsAndUpperCaseRows() {
        List<ConfigSpace> d = LspciDump.parse("""
                0000:00:02.0 VGA compatible controller [0300]: Intel Corporation Device [8086:3e92]
                00: 86 80 92 3E 07 04
                ff0: 00 00 00 00 00 00 00 00 00 00 00 00 01 02 03 04
                """);

        assertThat(d).hasSize(1);
        assertThat(d.get(0).dword(0)).hasValue(0x3e928086L);
        assertThat(d.get(0).dword(0xFFC)).hasValue(0x04030201L);
        assertThat(d.get(0).word(0x06)).isEmpty();
    }
}
