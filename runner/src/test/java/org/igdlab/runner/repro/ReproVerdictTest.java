package org.igdlab.runner.repro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.repro.ReproVerdict.Answer;
import org.igdlab.runner.repro.ReproVerdict.Kind;
import org.igdlab.runner.repro.ReproVerdict.Observed;
import org.igdlab.runner.repro.ReproVerdict.Register;
import org.igdlab.runner.repro.ReproVerdict.Reported;
import org.junit.jupiter.api.Test;

class ReproVerdictTest {

    static final long HOST_ASLS = 0xc8d5c018L;

    static Observed cell(String id, long asls) {
        return new Observed(id, "passed", Map.of(Register.ASLS, OptionalLong.of(asls), Register.BDSM, OptionalLong.of(0)),
                Map.of(Register.ASLS, HOST_ASLS, Register.BDSM, 0xcb200001L), "passed");
    }

    static Reported asls(long v, Kind k) {
        return new Reported(Register.ASLS, OptionalLong.of(v), k, "test");
    }

    @Test
    void valuesAreComparedByKindNotByAddress() {
        assertThat(ReproVerdict.classify(Register.ASLS, 0, Optional.of(HOST_ASLS))).isEqualTo(Kind.ZERO);
        assertThat(ReproVerdict.classify(Register.ASLS, HOST_ASLS, Optional.of(HOST_ASLS))).isEqualTo(Kind.HOST);
        assertThat(ReproVerdict.classify(Register.ASLS, 0x7ffbf018L, Optional.of(HOST_ASLS))).isEqualTo(Kind.FIRMWARE);
        // BDSM's lock bit alone is still zero
        assertThat(ReproVerdict.classify(Register.BDSM, 1, Optional.of(0xcb200001L))).isEqualTo(Kind.ZERO);
        // a reported non-zero value without the reporter's host value to compare with matches either non-zero kind
        Kind k = ReproVerdict.classifyReported(Register.ASLS, 0x7ffbf018L, Optional.empty());
        assertThat(k).isEqualTo(Kind.NONZERO);
        assertThat(ReproVerdict.shows(cell("a", HOST_ASLS), List.of(asls(0x7ffbf018L, k)))).isTrue();
        assertThat(ReproVerdict.shows(cell("a", 0x7ffbf018L), List.of(asls(0x7ffbf018L, k)))).isTrue();
        assertThat(ReproVerdict.shows(cell("a", 0), List.of(asls(0x7ffbf018L, k)))).isFalse();
        // the reporter's own host value: a different machine's firmware address is not "the host's value"
        assertThat(ReproVerdict.classifyReported(Register.ASLS, HOST_ASLS, Optional.of(HOST_ASLS))).isEqualTo(Kind.HOST);
    }

    @Test
    void reproducedInTheReportersCellOrOnlyWhereTheReportIsSilent() {
        List<Reported> zero = List.of(asls(0, Kind.ZERO));
        Map<String, Observed> cells = Map.of(
                "hsw.pc.seabios", cell("hsw.pc.seabios", 0x7ffbf018L),
                "hsw.pc.seabios-old", cell("hsw.pc.seabios-old", 0),
                "hsw.pc.ovmf", cell("hsw.pc.ovmf", 0));

        ReproVerdict.Result r = ReproVerdict.judge(zero, List.of("hsw.pc.seabios", "hsw.pc.seabios-old"), cells);
        assertThat(r.answer()).isEqualTo(Answer.REPRODUCED);
        assertThat(r.matching()).contains("hsw.pc.seabios-old");

        // ovmf shows it too, but the report rules it out: not reproduced
        assertThat(ReproVerdict.judge(zero, List.of("hsw.pc.seabios"), cells).answer()).isEqualTo(Answer.NOT_REPRODUCED);
        // the reporter's cell itself comes first
        assertThat(ReproVerdict.judge(zero, List.of("hsw.pc.ovmf", "hsw.pc.seabios-old"), cells).matching())
                .contains("hsw.pc.ovmf");
        // nothing reported: nothing to reproduce
        assertThat(ReproVerdict.judge(List.of(), List.of("hsw.pc.seabios-old"), cells).answer())
                .isEqualTo(Answer.NOT_REPRODUCED);
        // a cell that read no guest dump shows nothing
        Observed broken = new Observed("x", "broken", Map.of(), Map.of(), "broken at boot: timeout");
        assertThat(ReproVerdict.shows(broken, zero)).isFalse();
        assertThat(broken.text(Register.ASLS)).contains("not read").contains("timeout");
    }

    @Test
    void theOpenAxesGiveEveryCellTheReportAllows() {
        Map<String, String> reporter = new LinkedHashMap<>();
        reporter.put("machine", "pc");
        reporter.put("firmware", "seabios");
        Map<String, List<String>> open = new LinkedHashMap<>();
        open.put("machine", List.of("pc", "q35"));
        open.put("firmware", List.of("seabios", "seabios-old"));
        assertThat(ReproVerdict.consistentCells(reporter, open)).extracting(m -> m.get("machine") + "." + m.get("firmware"))
                .containsExactly("pc.seabios", "q35.seabios", "pc.seabios-old", "q35.seabios-old");
    }

    @Test
    void theHaswellReportComparesGuest0xFCZeroAndLeavesTheSeaBiosVersionOpen() throws Exception {
        ReproReport report = ReproParser.parse(ReproParserTest.fixture("lspci-haswell-0412-guest-vs-host-01.txt"));
        List<Reported> reported = ReproRun.reported(report, Generation.HASWELL);

        // the guest dump has rows 0x00 and 0xF0 only: 0xFC is compared, 0x5C is not in it
        assertThat(reported).extracting(r -> r.register().label() + " " + r.text())
                .containsExactly("0xFC ASLS 0x00000000 (zero)");

        ReproScenario s = ReproScenario.of(report, "20261121-00000000", Optional.empty());
        assertThat(s.axes().get("firmware")).contains("seabios", "seabios-old", "ovmf");
        List<String> consistent = ReproRun.consistentCells(report, ReproRun.reporterAxes(s), s.guest());
        assertThat(consistent.get(0)).isEqualTo(s.reporterCell());
        assertThat(consistent).contains(s.reporterCell().replace(".seabios.", ".seabios-old."));
        assertThat(ReproRun.reportedDeviceId(report)).hasValue(0x0412);
    }

    @Test
    void aHostOfTheSameDeviceIdElseOfTheGenerationElseNone() throws Exception {
        Inventory twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
        assertThat(ReproRun.choose(twin, java.util.OptionalInt.of(0x0412), Generation.HASWELL).orElseThrow().why())
                .isEqualTo("same device ID as the report");
        assertThat(ReproRun.choose(twin, java.util.OptionalInt.of(0x0416), Generation.HASWELL).orElseThrow().why())
                .contains("same generation").contains("8086:0416");
        assertThat(ReproRun.choose(twin, java.util.OptionalInt.empty(), Generation.IVY_BRIDGE)).isEmpty();
        assertThat(ReproRun.describe("firmware=seabios", twin.host("hsw-01").orElseThrow()))
                .isEqualTo("firmware seabios (SeaBIOS ≥ 1.10, 1.17.0 on hsw-01)");
        assertThat(ReproRun.describe("firmware=seabios-old", twin.host("hsw-01").orElseThrow()))
                .isEqualTo("firmware seabios-old (SeaBIOS < 1.10, 1.9.3 on hsw-01)");
        assertThat(ReproRun.describe("firmware=seabios-old", twin.host("cfl-01").orElseThrow()))
                .isEqualTo("firmware seabios-old (SeaBIOS < 1.10, none installed on cfl-01)");
    }
}
