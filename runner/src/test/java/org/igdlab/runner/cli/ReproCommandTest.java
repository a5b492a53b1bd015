package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReproCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LabCommand.commandLine(Optional.empty(), new PrintWriter(out), new PrintWriter(err));
        cli.getCommandSpec().removeSubcommand("repro");
        CommandLine repro = new CommandLine(new ReproCommand(stdin,
                Clock.fixed(Instant.parse("2026-11-21T02:00:00Z"), ZoneOffset.UTC)));
        repro.setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .setExecutionExceptionHandler(cli.getExecutionExceptionHandler());
        cli.addSubcommand("repro", repro);
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    static String fixture(String name) throws Exception {
        return Path.of(ReproCommandTest.class.getResource("/repro/" + name).toURI()).toString();
    }

    @Test
    void withoutAHostOfTheGenerationItSaysItCannotRunHereAndExitsZero() throws Exception {
        Path inventory = dir.resolve("one-host.yaml");
        String twin = Files.readString(Path.of("../lab-inventory/twin.yaml"));
        // the twin inventory's defaults and its Coffee Lake host only
        int hosts = twin.indexOf("hosts:\n");
        int cfl = twin.indexOf("  - name: cfl-01");
        int next = twin.indexOf("\n  - name: ", cfl + 1);
        Files.writeString(inventory, twin.substring(0, hosts) + "hosts:\n" + twin.substring(cfl, next + 1));
        Run r = run(InputStream.nullInputStream(), "repro", fixture("lspci-haswell-0412-guest-vs-host-01.txt"),
                "--out", dir.resolve("scenarios").toString(), "--reports", dir.resolve("reports").toString(),
                "-i", inventory.toString(), "--artifacts", "../lab-inventory/artifacts.yaml");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("generation      haswell").contains("mode            upt")
                .contains("guest 0000:00:02.0 0xFC ASLS: 0x00000000").contains("Not used by any parser")
                .contains("Verdict: cannot run here: no host of generation haswell (hosts: cfl-01 (coffee-lake))");
        assertThat(dir.resolve("reports")).doesNotExist();
    }

    @Test
    void writeOnlyWritesALoadableSuiteAndASidecarFromStandardInput() throws Exception {
        byte[] report = Files.readAllBytes(Path.of(fixture("qemu-cmdline-kabylake-legacy-seabios-01.txt")));
        Run r = run(new ByteArrayInputStream(report), "repro", "-", "--write-only", "--out", dir.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .hasSize(2).allMatch(n -> n.matches("^20261121-[0-9a-f]{8}(\\.report)?\\.yaml$"));
        }
        Path suite;
        try (var files = Files.list(dir)) {
            suite = files.filter(p -> !p.toString().endsWith(".report.yaml")).findFirst().orElseThrow();
        }
        assertThat(SuiteLoader.load(suite).cells()).hasSize(3 * 2 * 3 * 1 * 3);
        assertThat(r.out()).contains("Wrote " + suite);
    }

    @Test
    void aReportWithoutAGenerationNeedsOneToBeWritten() throws Exception {
        Run r = run(InputStream.nullInputStream(), "repro",
                fixture("proxmox-config-qemu10-x-igd-legacy-mode-i440fx-ovmf-01.txt"), "--write-only", "--out", dir.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("pass --generation");

        Run again = run(InputStream.nullInputStream(), "repro",
                fixture("proxmox-config-qemu10-x-igd-legacy-mode-i440fx-ovmf-01.txt"), "--write-only", "--out",
                dir.toString(), "--generation", "kaby-lake");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("kaby-lake.pc.ovmf.legacy.opregion-on");
    }

    @Test
    void anUnknownGenerationOrAnEmptyReportIsAUsageError() {
        Run bad = run(new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)), "repro", "-", "--generation", "pentium");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("generation 'pentium' is not one of");

        Run empty = run(new ByteArrayInputStream(new byte[0]), "repro", "-");
        assertThat(empty.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).contains("<stdin>: the report is empty");
    }
}
