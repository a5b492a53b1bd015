package org.igdlab.runner.inspect;

import org.igdlab.runner.verdict.DumpReader;
import org.igdlab.runner.verdict.Dump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.verdict.ConfigSpace;
import org.igdlab.runner.verdict.LspciDump;
import org.junit.jupiter.api.Test;

/**
 * Every lspci dump of shared/fixtures/realworld (copied to src/test/resources/inspect), decoded as
 * its HEADER reads it; where the decoding says more than the header, the test says why.
 */
class InspectedDeviceTest {
    private static final long MIB = 1024L * 1024L;

    static String fixture(String name) throws Exception {
        return Files.readString(Path.of(InspectedDeviceTest.class.getResource("/inspect/" + name).toURI()),
                StandardCharsets.UTF_8);
    }

    static List<InspectedDevice> inspect(String name) throws Exception {
        return InspectedDevice.inspect(DumpReader.read(fixture(name)));
    }

    @Test
    void decodesTheSandyBridgeHostIgdAsItsHeaderReadsIt() throws Exception {
        List<InspectedDevice> devices = inspect("lspci-sandybridge-0126-host-01.txt");

        assertThat(devices).hasSize(1);
        InspectedDevice snb = devices.get(0);
        assertThat(snb.bdf()).isEqualTo("0000:00:02.0");
        assertThat(snb.kind()).isEqualTo(InspectedDevice.Kind.IGD);
        assertThat(snb.deviceId()).hasValue(0x0126);
        assertThat(snb.classCode()).hasValue(0x030000);
        assertThat(snb.generation()).contains(Generation.SANDY_BRIDGE);
        assertThat(snb.registers().ggc()).hasValue(0x0211);
        assertThat(snb.registers().bdsm()).hasValue(0xdba00001L);
        assertThat(snb.registers().asls()).hasValue(0xdaef6018L);
        // GGC 0x0211 on Gen6: GMS = bits 7:3 = 0x02 -> 64 MiB; GGMS bits 9:8 = 2 -> 2 MiB; IVD 0; locked
        Ggc ggc = snb.ggc().orElseThrow();
        assertThat(ggc.gms()).hasValue(2);
        assertThat(snb.gmsBytes()).hasValue(64 * MIB);
        assertThat(ggc.gtBytes()).hasValue(2 * MIB);
        assertThat(ggc.ivd()).isFalse();
        assertThat(ggc.locked()).isTrue();
        assertThat(snb.missing()).isEmpty();
        assertThat(snb.extendedPresent()).isZero();
    }

    @Test
    void decodesTheIvyBridgeIgdAndItsHostBridgeStolenMemoryRegisters() throws Exception {
        List<InspectedDevice> devices = inspect("lspci-ivybridge-0152-host-dh77df-coreboot-01.txt");

        assertThat(devices).extracting(InspectedDevice::bdf).containsExactly("0000:00:00.0", "0000:00:02.0");
        InspectedDevice hb = devices.get(0);
        InspectedDevice igd = devices.get(1);
        assertThat(igd.generation()).contains(Generation.IVY_BRIDGE);
        assertThat(igd.registers().ggc()).hasValue(0x0211);
        assertThat(igd.registers().bdsm()).hasValue(0xdba00001L);
        assertThat(igd.registers().asls()).hasValue(0xda3bd018L);
        assertThat(igd.gmsBytes()).hasValue(64 * MIB);

        assertThat(hb.kind()).isEqualTo(InspectedDevice.Kind.HOST_BRIDGE);
        assertThat(hb.deviceId()).hasValue(0x0150);
        assertThat(hb.generation()).contains(Generation.IVY_BRIDGE);
        assertThat(hb.hostBridge()).extracting(InspectedDevice.Register::name)
                .containsExactly("GGC", "TOUUD", "BDSM", "BGSM", "TSEG", "TOLUD");
        assertThat(hb.hostBridge()).extracting(r -> r.value().getAsLong())
                .containsExactly(0x0211L, 0x41f600001L, 0xdba00001L, 0xdb800001L, 0xdb000001L, 0xdfa00001L);
        assertThat(hb.gmsBytes()).hasValue(64 * MIB);
        // the stolen memory adds up: BGSM + 2 MiB GTT = BDSM, BDSM + 64 MiB DSM = TOLUD
        assertThat(0xdb800000L + hb.ggc().orElseThrow().gtBytes().getAsLong()).isEqualTo(0xdba00000L);
        assertThat(0xdba00000L + hb.gmsBytes().getAsLong()).isEqualTo(0xdfa00000L);
    }

    @Test
    void decodesTheHaswellGuestAndHostDumpsAndListsTheElidedRows() throws Exception {
        List<InspectedDevice> devices = inspect("lspci-haswell-0412-guest-vs-host-01.txt");

        assertThat(devices).hasSize(2);
        InspectedDevice guest = devices.get(0);
        InspectedDevice host = devices.get(1);
        assertThat(guest.generation()).contains(Generation.HASWELL);
        assertThat(guest.classCode()).hasValue(0x038000);
        assertThat(guest.registers().asls()).hasValue(0);
        assertThat(host.registers().asls()).hasValue(0xc8d5c018L);
        assertThat(guest.missing()).extracting(Object::toString).containsExactly("0x10-0xef");
        assertThat(guest.registers().ggc()).isEmpty();
        assertThat(guest.registers().bdsm()).isEmpty();
        assertThat(guest.gmsBytes()).isEmpty();
        assertThat(guest.ggc()).isEmpty();
    }

    @Test
    void decodesThePartialAlderLakeDumpAndNamesWhatWasCut() throws Exception {
        InspectedDevice adl = inspect("lspci-alderlake-s-4682-host-PARTIAL-01.txt").get(0);

        assertThat(adl.generation()).contains(Generation.ALDER_LAKE);
        assertThat(adl.generation().orElseThrow().bdsmRegister()).isEqualTo(Generation.BdsmRegister.QWORD_C0);
        assertThat(adl.registers().ggc()).hasValue(0xfec1);
        assertThat(adl.registers().bdsm()).hasValue(0);
        assertThat(adl.registers().bdsm64()).hasValue(0x3c800001L);
        assertThat(adl.registers().asls()).isEmpty();
        // GMS 0xfe on Gen12 is the 4 MiB-step code: (0xfe - 0xf0 + 1) * 4 MiB = 60 MiB; GGMS 3 -> 8 MiB
        assertThat(adl.ggc().orElseThrow().gms()).hasValue(0xfe);
        assertThat(adl.gmsBytes()).hasValue(60 * MIB);
        assertThat(adl.ggc().orElseThrow().gtBytes()).hasValue(8 * MIB);
        assertThat(adl.ggc().orElseThrow().ivd()).isFalse();
        // The header says "cut after byte 0xEA"; the last row ends "80 0": byte 0xE9 is 0x80 and
        // 0xEA shows only one hex digit, so its value is unknown and it counts as missing.
        assertThat(adl.missing()).extracting(Object::toString).containsExactly("0xea-0xff");
    }

    @Test
    void anEarlydumpOfTheSandyBridgeBytesDecodesLikeTheLspciDump() throws Exception {
        List<Dump> early = DumpReader.read(fixture("earlydump-sandybridge-0126-from-lspci-bytes.txt"));
        ConfigSpace lspci = DumpReader.read(fixture("lspci-sandybridge-0126-host-01.txt")).get(0).config();

        assertThat(early).extracting(d -> d.config().bdf()).containsExactly("0000:00:00.0", "0000:00:02.0", "0000:00:1f.0");
        assertThat(early).allSatisfy(d -> assertThat(d.format()).isEqualTo(Dump.Format.EARLYDUMP));
        assertThat(early.get(1).config()).isEqualTo(lspci);
        InspectedDevice igd = InspectedDevice.inspect(early).get(1);
        assertThat(igd.registers().asls()).hasValue(0xdaef6018L);
        assertThat(igd.gmsBytes()).hasValue(64 * MIB);
        InspectedDevice hostBridge = InspectedDevice.inspect(early).get(0);
        assertThat(hostBridge.missing()).extracting(Object::toString).containsExactly("0x10-0xff");
    }

    @Test
    void readsTheNewerPrintHexDumpLayoutOfEarlydumpToo() {
        List<Dump> d = DumpReader.read("""
                [    0.000000] pci 0000:00:02.0 config space:
                [    0.000000] 00000000: 86 80 92 3e 07 04 10 00 00 00 00 03 00 00 00 00
                [    0.000000] 00000050: c1 00 00 00 00 00 00 00 00 00 00 00 01 00 80 7b
                """);

        InspectedDevice cfl = InspectedDevice.inspect(d).get(0);
        assertThat(cfl.generation()).contains(Generation.COFFEE_LAKE);
        assertThat(cfl.registers().bdsm()).hasValue(0x7b800001L);
        assertThat(cfl.gmsBytes()).hasValue(0L);
    }

    @Test
    void aRowWithANonHexByteIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> DumpReader.read("""
                00:02.0 VGA compatible controller: Intel Corporation Device 3e92
                00: 86 80 92 3e 07 04 10 00 00 00 00 03 00 00 00 00
                10: 04 00 zz 41 00 00 00 00 0c 00 00 50 00 00 00 00
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("'zz' is not a hex byte");
    }

    @Test
    void aRowOfSeventeenBytesOrAnUnalignedOffsetIsRefused() {
        assertThatThrownBy(() -> DumpReader.read("00:02.0 VGA\n00: 86 80 92 3e 07 04 10 00 00 00 00 03 00 00 00 00 00\n"))
                .hasMessageContaining("line 2").hasMessageContaining("17 bytes");
        assertThatThrownBy(() -> DumpReader.read("00:02.0 VGA\n08: 86 80\n"))
                .hasMessageContaining("line 2").hasMessageContaining("not a multiple of 0x10");
    }

    @Test
    void textWithoutAnyDumpIsRefusedWithAHint() {
        assertThatThrownBy(() -> DumpReader.read("hello\nworld\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no PCI config-space dump found");
    }

    @Test
    void scanListsMalformedRowsInsteadOfThrowing() {
        DumpReader.Scan scan = DumpReader.scan("00:02.0 VGA\n00: 86 80 12 04 07 04 90 00 06 00 80 03\n10: $(rm -rf /)\n");

        assertThat(scan.dumps()).hasSize(1);
        assertThat(scan.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(3));
    }

    @Test
    void anUnknownDeviceIdSaysUnknownQemuGenMinusOne() throws Exception {
        List<InspectedDevice> d = InspectedDevice.inspect(DumpReader.read("""
                00:02.0 VGA compatible controller: Intel Corporation Device d745
                00: 86 80 45 d7 07 04 10 00 00 00 00 03 00 00 00 00
                50: c3 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                """));

        assertThat(d.get(0).generation()).isEmpty();
        assertThat(InspectReport.text(d)).contains("unknown (QEMU gen -1)");
        assertThat(d.get(0).gmsBytes()).isEmpty();
        assertThat(d.get(0).ggc().orElseThrow().ivd()).isTrue();
    }

    @Test
    void jsonCarriesTheAgreedFieldsWithHexStringsAndNulls() throws Exception {
        JsonNode json = new ObjectMapper().readTree(InspectReport.json(inspect("lspci-alderlake-s-4682-host-PARTIAL-01.txt")));

        JsonNode adl = json.get(0);
        assertThat(adl.get("bdf").asText()).isEqualTo("0000:00:02.0");
        assertThat(adl.get("vendorId").asText()).isEqualTo("0x8086");
        assertThat(adl.get("deviceId").asText()).isEqualTo("0x4682");
        assertThat(adl.get("classCode").asText()).isEqualTo("0x030000");
        assertThat(adl.get("generation").asText()).isEqualTo("alder-lake");
        assertThat(adl.get("asls").isNull()).isTrue();
        assertThat(adl.get("bdsm").asText()).isEqualTo("0x00000000");
        assertThat(adl.get("bdsm64").asText()).isEqualTo("0x000000003c800001");
        assertThat(adl.get("ggc").asText()).isEqualTo("0xfec1");
        assertThat(adl.get("gmsBytes").asLong()).isEqualTo(60 * MIB);
        assertThat(adl.get("missing").get(0).asText()).isEqualTo("0xea-0xff");
    }

    @Test
    void theTextReportShowsGenerationRegistersAndMissingBytes() throws Exception {
        String text = InspectReport.text(inspect("lspci-ivybridge-0152-host-dh77df-coreboot-01.txt"));

        assertThat(text).contains("0000:00:02.0  8086:0152 rev 09  class 030000")
                .contains("ivy-bridge (Ivy Bridge, QEMU gen 6)")
                .contains("0xFC ASLS     0xda3bd018")
                .contains("GMS 0x02 (bits 7:3) = 64 MiB DSM, GTT 2 MiB, IVD 0")
                .contains("0xA8 TOUUD    0x000000041f600001")
                .contains("0xBC TOLUD    0xdfa00001");
        assertThat(Optional.of(text)).isPresent();
    }
}
