package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LabCommand.commandLine(Optional.empty(), new PrintWriter(out), new PrintWriter(err));
        CommandLine inspect = cli.getSubcommands().get("inspect");
        inspect.getCommandSpec().removeSubcommand("lspci");
        inspect.addSubcommand("lspci", new CommandLine(new InspectCommand.Lspci(stdin)));
        inspect.getSubcommands().get("lspci").setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .setExecutionExceptionHandler(cli.getExecutionExceptionHandler());
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path fixture(String name) throws Exception {
        return Path.of(InspectCommandTest.class.getResource("/inspect/" + name).toURI());
    }

    @Test
    void readsADumpFromStandardInputWithADash() {
        Run r = run(new ByteArrayInputStream("""
                00:02.0 VGA compatible controller: Intel Corporation Device 3e92
                00: 86 80 92 3e 07 04 10 00 00 00 00 03 00 00 00 00
                50: c1 02 00 00 00 00 00 00 00 00 00 00 01 00 80 7b
                f0: 00 00 00 00 00 00 00 00 00 00 00 00 18 40 3a 8a
                """.getBytes(StandardCharsets.UTF_8)), "inspect", "lspci", "-");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("8086:3e92").contains("coffee-lake (Coffee Lake / Whiskey Lake, QEMU gen 9)")
                .contains("0xFC ASLS     0x8a3a4018").contains("GMS 0x02 (bits 15:8) = 64 MiB DSM");
    }

    @Test
    void printsJsonForAFile() throws Exception {
        Run r = run(InputStream.nullInputStream(), "inspect", "lspci",
                fixture("lspci-haswell-0412-guest-vs-host-01.txt").toString(), "--format", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"deviceId\" : \"0x0412\"").contains("\"asls\" : \"0x00000000\"")
                .contains("\"asls\" : \"0xc8d5c018\"").contains("\"0x10-0xef\"").contains("\"generation\" : \"haswell\"");
    }

    @Test
    void malformedInputExitsWithUsageAndNamesTheLine() {
        Run r = run(new ByteArrayInputStream("00:02.0 VGA\n00: 86 80 zz\n".getBytes(StandardCharsets.UTF_8)),
                "inspect", "lspci", "-");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("lab: <stdin>: line 2: row 0x0: 'zz' is not a hex byte");
    }

    @Test
    void aMissingFileIsAUsageError() {
        Run r = run(InputStream.nullInputStream(), "inspect", "lspci", "/nonexistent/dump.txt");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("/nonexistent/dump.txt: no such file");
    }
}
