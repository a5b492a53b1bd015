package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab repro} on the 2017 vfio-users Haswell report (8086:0412, UPT with x-igd-opregion, guest
 * 0xFC = 0 where the host has 0xc8d5c018), through the real command line on the embedded twin
 * fleet. igd-model.md §7.2 explains it: EMU0 with no firmware writing it, i.e. OVMF or a SeaBIOS
 * older than 1.10; SeaBIOS ≥ 1.10 writes 0xFC. The report does not say which SeaBIOS.
 */
class ReproOnTwinIT {

    @TempDir
    static Path tmp;

    private static int exitCode;
    private static String output;

    @BeforeAll
    static void reproTheHaswellReport() throws Exception {
        Path report = tmp.resolve("haswell-report.txt");
        try (var in = ReproOnTwinIT.class.getResourceAsStream("/repro/lspci-haswell-0412-guest-vs-host-01.txt")) {
            Files.copy(in, report);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        exitCode = Main.run(new String[] {"repro", report.toString(), "--out", tmp.resolve("scenarios").toString(),
                "--reports", tmp.resolve("reports").toString(), "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        output = out + "\n" + err;
    }

    @Test
    void itRunsOnTheTwinsHaswellOfTheSameDeviceIdAndSaysTheQemuVersionIsNotAnAxis() {
        assertThat(exitCode).as(output).isZero();
        assertThat(output).contains("on hsw-01 (haswell, 8086:0412: same device ID as the report)")
                .contains("Ran on QEMU 10.1.2; the report's QEMU version (not given) is not an axis yet.");
        assertThat(tmp.resolve("reports/runs")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("repro-"));
    }

    @Test
    void theReportersSymptomGuest0xFCZeroIsReproducedWithSeaBiosOlderThan110() {
        assertThat(output).as(output)
                .containsPattern("0xFC ASLS +0x00000000 \\(zero\\) +0x[0-9a-f]{8} \\(firmware-allocated\\) +differs")
                .contains("with firmware seabios-old (SeaBIOS < 1.10, 1.9.3 on hsw-01): 0xFC = 0x00000000 (zero) — as reported")
                .contains("with firmware ovmf: 0xFC = 0x00000000 (zero) — as reported")
                .contains("Verdict: reproduced in haswell.pc.seabios-old.upt.opregion-on (seabios-old: the report leaves this open)");
    }

    @Test
    void itSaysWhichFirmwareMakes0xFCRight() {
        // the reporter's cell as read (the report names no SeaBIOS version, so 1.17.0 ran) is the one that writes 0xFC
        assertThat(output).as(output)
                .contains("Where 0xFC is not as reported (the firmware/option that makes it right): the reporter's cell as read "
                        + "(firmware seabios (SeaBIOS ≥ 1.10, 1.17.0 on hsw-01))")
                .contains("Not run: the neighbouring generation(s) ivy-bridge, broadwell (no host in the inventory)")
                .containsPattern("with x-igd-opregion off: 0xFC = 0x00000000 \\(zero\\) — as reported")
                .containsPattern("with machine q35: 0xFC = 0x[0-9a-f]{8} \\(firmware-allocated\\) — differs");
    }

    @Test
    void theScenarioAndTheCellsRunAreWrittenForARerun() throws Exception {
        try (Stream<Path> files = Files.list(tmp.resolve("scenarios"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(3)
                    .anyMatch(n -> n.endsWith(".run.yaml")).anyMatch(n -> n.endsWith(".report.yaml"));
        }
    }
}
