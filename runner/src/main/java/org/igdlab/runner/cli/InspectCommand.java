package org.igdlab.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.igdlab.runner.verdict.DumpReader;
import org.igdlab.runner.inspect.InspectReport;
import org.igdlab.runner.inspect.InspectedDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab inspect}: reads what a person pasted and says what it means. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode pasted diagnostics. Touches no host.",
        subcommands = {InspectCommand.Lspci.class})
final class InspectCommand implements Runnable {

    /** Inputs larger than this are not a pasted report. */
    static final int MAX_INPUT = 8 * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code lab inspect lspci FILE|-}. */
    @Command(name = "lspci", mixinStandardHelpOptions = true,
            description = {"Decode PCI config-space dumps: lspci -x/-xxx/-xxxx (with -v/-nn headers, elided '....' rows,",
                "rows cut mid-way) and the kernel's pci=earlydump format, with or without dmesg timestamps.",
                "Per device: BDF, vendor/device, class, generation (from the device ID), and for an Intel IGD",
                "ASLS 0xFC, BDSM 0x5C, BDSM64 0xC0 and GGC 0x50 with GMS/DSM size per that generation's encoding,",
                "GTT size, IVD and lock bits; for an Intel host bridge its stolen-memory registers; and which",
                "bytes the dump did not show."},
            footer = {"", "Examples:", "  lab inspect lspci report.txt", "  sudo lspci -s 00:02.0 -xxxx | lab inspect lspci - --format json"})
    static final class Lspci implements Callable<Integer> {

        enum Format { text, json }

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE|-", description = "The dump; '-' reads standard input.")
        String file;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text or json (default: ${DEFAULT-VALUE}). Valid values: ${COMPLETION-CANDIDATES}.")
        Format format;

        private final InputStream stdin;

        Lspci() {
            this(System.in);
        }

        Lspci(InputStream stdin) {
            this.stdin = stdin;
        }

        @Override
        public Integer call() throws IOException {
            String text = readInput(file, stdin);
            List<InspectedDevice> devices;
            try {
                devices = InspectedDevice.inspect(DumpReader.read(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name(file) + ": " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(format == Format.json ? InspectReport.json(devices) + System.lineSeparator() : InspectReport.text(devices));
            out.flush();
            return ExitCodes.OK;
        }
    }

    static String name(String file) {
        return "-".equals(file) ? "<stdin>" : file;
    }

    /**
     * The text of {@code FILE} or of standard input for {@code -}: at most {@link #MAX_INPUT} bytes,
     * UTF-8 (malformed bytes replaced), and no NUL bytes (a binary file is refused).
     */
    static String readInput(String file, InputStream stdin) throws IOException {
        byte[] bytes;
        if ("-".equals(file)) {
            bytes = stdin.readNBytes(MAX_INPUT + 1);
        } else {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(file + ": no such file");
            }
            try (InputStream in = Files.newInputStream(p)) {
                bytes = in.readNBytes(MAX_INPUT + 1);
            }
        }
        if (bytes.length > MAX_INPUT) {
            throw new IllegalArgumentException(name(file) + ": more than " + MAX_INPUT + " bytes; not a pasted dump or report");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException(name(file) + ": contains NUL bytes; expected text");
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

}
