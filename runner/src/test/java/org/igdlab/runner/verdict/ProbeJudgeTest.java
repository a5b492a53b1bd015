package org.igdlab.runner.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.igdlab.runner.scenario.RegisterExpectation.FIRMWARE_ALLOCATED;
import static org.igdlab.runner.scenario.RegisterExpectation.HOST;
import static org.igdlab.runner.scenario.RegisterExpectation.UNCHECKED;
import static org.igdlab.runner.scenario.RegisterExpectation.ZERO;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.igdlab.runner.display.DisplayExpectation;
import org.igdlab.runner.guest.FwCfgFiles;
import org.igdlab.runner.guest.MemoryMap;
import org.igdlab.runner.guest.OpRegionHeader;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.ProbeExpectation;
import org.igdlab.runner.scenario.QemuOutcome;
import org.igdlab.runner.scenario.RegisterExpectation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deeper checks, on cfl-01 (Coffee Lake, GGC 0x02c1: GMS 0x02 = 64 MiB) and mtl-01 (gen −1). */
class ProbeJudgeTest {
    static final long MIB = 1024 * 1024;
    static Host cfl;
    static Host mtl;

    @BeforeAll
    static void load() throws Exception {
        var inventory = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
        cfl = inventory.host("cfl-01").orElseThrow();
        mtl = inventory.host("mtl-01").orElseThrow();
    }

    /** SeaBIOS's map with 3 GiB below 4G: the DSM (64 MiB) and ZoneHigh (16 MiB) reserved at the top. */
    static final MemoryMap SEABIOS_MAP = MemoryMap.parse("""
            0x0
            0x9fbff
            System RAM
            0x100000
            0xbaffffff
            System RAM
            0xbb000000
            0xbeffffff
            Reserved
            0xbf000000
            0xbfffffff
            Reserved
            """);

    static Expectation expect(RegisterExpectation asls, RegisterExpectation bdsm, Set<String> fwCfg, ProbeExpectation probes) {
        return new Expectation(new QemuOutcome.Starts(), List.of(), fwCfg, asls, bdsm, UNCHECKED, HOST, OptionalLong.empty(),
                List.of("r"), List.of("igd-model.md §7.1"), Map.of("fw-cfg", "cite-fw-cfg", "asls", "cite-asls", "bdsm", "cite-bdsm"),
                DisplayExpectation.unchecked(), probes);
    }

    static Expectation firmwareAllocated() {
        return expect(FIRMWARE_ALLOCATED, FIRMWARE_ALLOCATED, Set.of("igd-opregion", "igd-bdsm-size"),
                new ProbeExpectation(ProbeExpectation.BdsmSize.GMS, ProbeExpectation.Lpc.UNCHECKED, "cite-bdsm-size", "no rule"));
    }

    static IgdRegisters regs(long asls, long bdsm, long ggc) {
        return new IgdRegisters(OptionalLong.of(asls), OptionalLong.of(bdsm), OptionalLong.of(0), OptionalLong.of(ggc));
    }

    static OpRegionHeader header(String signature, int sizeKib) {
        byte[] b = new byte[OpRegionHeader.LENGTH];
        System.arraycopy(signature.getBytes(StandardCharsets.US_ASCII), 0, b, 0, 16);
        b[0x10] = (byte) sizeKib;
        b[0x16] = 1;
        b[0x17] = 2;
        return OpRegionHeader.parse(b);
    }

    static FwCfgFiles files(long bdsmSize) {
        return new FwCfgFiles(Set.of("igd-opregion", "igd-bdsm-size"), OptionalLong.of(bdsmSize),
                Optional.of(header("IntelGraphicsMem", 8)), "raw");
    }

    static ProbeObservation probes(MemoryMap map, FwCfgFiles fwCfg, OpRegionHeader atAsls) {
        return new ProbeObservation(Optional.ofNullable(map), Optional.ofNullable(fwCfg), Optional.ofNullable(atAsls), Optional.empty());
    }

    @Test
    void seaBiosPlacementsPassEveryCheck() {
        ProbeJudge.Findings f = ProbeJudge.judge(firmwareAllocated(), regs(0xbfffe000L, 0xbb000001L, 0x02c1), cfl,
                probes(SEABIOS_MAP, files(64 * MIB), header("IntelGraphicsMem", 8)));
        assertThat(f.mismatches()).isEmpty();
        assertThat(f.checks()).contains("fw_cfg etc/igd-bdsm-size: 64 MiB = GMS 0x2 (bits 15:8) of the guest's GGC 0x02c1",
                "0xFC (ASLS): 0xbfffe000 is in [0xbf000000-0xbfffffff] Reserved of the guest's memory map",
                "BDSM size vs GMS: 64 MiB reserved from 0xbb000000 (GMS 0x2 of GGC 0x02c1)",
                "OpRegion at 0xFC 0xbfffe000: starts with IntelGraphicsMem, 8 KiB as the host's");
    }

    @Test
    void anOpRegionInSystemRamIsNotFirmwareAllocated() {
        ProbeJudge.Findings f = ProbeJudge.judge(firmwareAllocated(), regs(0x00100000L, 0xbb000001L, 0x02c1), cfl,
                probes(SEABIOS_MAP, files(64 * MIB), null));
        assertThat(f.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("0xFC (ASLS)");
            assertThat(m.explanation()).isEqualTo("expected 0xFC: firmware-allocated, inside a reserved range of the guest's"
                    + " memory map; observed 0x100000, which is in [0x100000-0xbaffffff] System RAM (cite-asls;"
                    + " igd-model.md §7 notation 'FWaddr')");
        });
    }

    @Test
    void aDsmReservedSmallerThanGmsSaysFailsNamingBothSizes() {
        // GGC 0x03c1: GMS 0x03 = 96 MiB, but only 64 MiB are reserved at BDSM
        ProbeJudge.Findings f = ProbeJudge.judge(firmwareAllocated(), regs(0xbfffe000L, 0xbb000001L, 0x03c1), cfl,
                probes(SEABIOS_MAP, files(96 * MIB), null));
        assertThat(f.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("BDSM size vs GMS");
            assertThat(m.expected()).isEqualTo("96 MiB reserved");
            assertThat(m.observed()).isEqualTo("80 MiB reserved");
            assertThat(m.explanation()).contains("GMS 0x3 of GGC 0x03c1").contains("§2.5");
        });
    }

    @Test
    void aWrongBdsmSizeFileAndAMissingOpRegionFileAreMismatchesOfTheirOwn() {
        FwCfgFiles onlySize = new FwCfgFiles(Set.of("igd-bdsm-size"), OptionalLong.of(32 * MIB), Optional.empty(), "raw");
        ProbeJudge.Findings f = ProbeJudge.judge(firmwareAllocated(), regs(0, 0, 0x02c1), cfl, probes(null, onlySize, null));
        assertThat(f.mismatches()).extracting(Mismatch::subject)
                .containsExactly("fw_cfg etc/igd-opregion", "fw_cfg etc/igd-bdsm-size");
        assertThat(f.mismatches().get(0).explanation()).isEqualTo("expected fw_cfg file etc/igd-opregion to be present in the"
                + " guest; it is absent (cite-fw-cfg)");
        assertThat(f.mismatches().get(1).explanation()).isEqualTo("expected fw_cfg etc/igd-bdsm-size to be 64 MiB (GMS 0x2"
                + " (bits 15:8) of the guest's GGC 0x02c1); observed 32 MiB (cite-bdsm-size)");
    }

    @Test
    void filesTheExpectationSaysAreAbsentMustBeAbsent() {
        Expectation none = expect(HOST, HOST, Set.of(), ProbeExpectation.unchecked());
        ProbeJudge.Findings f = ProbeJudge.judge(none, regs(0x8a3a4018L, 0x8b800001L, 0x02c1), cfl,
                probes(null, files(64 * MIB), null));
        assertThat(f.mismatches()).extracting(Mismatch::expected).containsExactly("absent", "absent");
    }

    @Test
    void theBdsmSizeIsZeroForAGenerationQemuDoesNotKnow() {
        Expectation e = expect(FIRMWARE_ALLOCATED, HOST, Set.of("igd-opregion", "igd-bdsm-size"),
                new ProbeExpectation(ProbeExpectation.BdsmSize.GMS, ProbeExpectation.Lpc.UNCHECKED, "cite-bdsm-size", "no rule"));
        assertThat(ProbeJudge.judge(e, regs(0, 0, 0x00c1), mtl, probes(null, files(0), null)).mismatches()).isEmpty();
        assertThat(ProbeJudge.judge(e, regs(0, 0, 0x00c1), mtl, probes(null, files(4 * MIB), null)).mismatches())
                .extracting(Mismatch::observed).containsExactly("4 MiB");
    }

    @Test
    void withoutABdsmSizeExpectationTheValueIsNotJudged() {
        Expectation e = expect(ZERO, ZERO, Set.of("igd-opregion", "igd-bdsm-size"), ProbeExpectation.unchecked());
        assertThat(ProbeJudge.judge(e, regs(0, 0, 0x02c1), cfl, probes(null, files(1), null)).mismatches()).isEmpty();
    }

    @Test
    void anOpRegionAtAslsWithoutTheSignatureOrWithAnotherSizeFails() {
        ProbeJudge.Findings unsigned = ProbeJudge.judge(firmwareAllocated(), regs(0xbfffe000L, 0xbb000001L, 0x02c1), cfl,
                probes(null, files(64 * MIB), header("\0".repeat(16), 0)));
        assertThat(unsigned.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("OpRegion at 0xFC");
            assertThat(m.explanation()).startsWith("expected the guest memory at 0xFC 0xbfffe000 to start with IntelGraphicsMem;"
                    + " it starts with \"................\" (00000000000000000000000000000000)");
        });
        ProbeJudge.Findings resized = ProbeJudge.judge(firmwareAllocated(), regs(0xbfffe000L, 0xbb000001L, 0x02c1), cfl,
                probes(null, files(64 * MIB), header("IntelGraphicsMem", 16)));
        assertThat(resized.mismatches()).extracting(Mismatch::subject, Mismatch::expected, Mismatch::observed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OpRegion at 0xFC: size", "8 KiB", "16 KiB"));
    }

    @Test
    void aRegisterThePlainCheckAlreadyFailedIsNotJudgedAgainstTheMap() {
        ProbeJudge.Findings f = ProbeJudge.judge(firmwareAllocated(), regs(0, 0x8b800001L, 0x02c1), cfl,
                probes(SEABIOS_MAP, files(64 * MIB), null));
        assertThat(f.mismatches()).isEmpty();
    }

    @Test
    void lpcHostIdsAndAbsent() {
        Expectation hostIds = expect(UNCHECKED, UNCHECKED, Set.of(),
                new ProbeExpectation(ProbeExpectation.BdsmSize.UNCHECKED, ProbeExpectation.Lpc.HOST_IDS, "no rule", "cite-lpc"));
        Expectation absent = expect(UNCHECKED, UNCHECKED, Set.of(),
                new ProbeExpectation(ProbeExpectation.BdsmSize.UNCHECKED, ProbeExpectation.Lpc.ABSENT, "no rule", "cite-lpc"));
        ProbeObservation bridge = new ProbeObservation(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new ProbeObservation.Lpc("00:1f.0 0601: 8086:a305 (rev 10)\n", Optional.of("8086:a305"))));
        ProbeObservation nothing = new ProbeObservation(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new ProbeObservation.Lpc("", Optional.of("8086:a305"))));
        IgdRegisters r = regs(0, 0, 0x02c1);

        assertThat(ProbeJudge.judge(hostIds, r, cfl, bridge).mismatches()).isEmpty();
        assertThat(ProbeJudge.judge(absent, r, cfl, nothing).mismatches()).isEmpty();
        assertThat(ProbeJudge.judge(hostIds, r, cfl, nothing).mismatches()).singleElement().satisfies(m ->
                assertThat(m.explanation()).isEqualTo("expected 00:1f.0 to carry the host LPC bridge's IDs 8086:a305; the guest"
                        + " shows no function (cite-lpc)"));
        assertThat(ProbeJudge.judge(absent, r, cfl, bridge).mismatches()).extracting(Mismatch::subject).containsExactly("LPC 00:1f.0");
    }
}
