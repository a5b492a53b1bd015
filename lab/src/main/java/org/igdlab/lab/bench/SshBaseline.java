package org.igdlab.lab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Identity;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.qemu.CellPaths;
import org.igdlab.runner.qemu.QemuCommandLine;

/**
 * The baseline of the overhead bench: {@code scripts/bench-ssh-baseline} making a planned cell's
 * remote calls with one OpenSSH {@code ssh} process per call. This class writes what the script
 * needs — each cell's QEMU argv, built by the runner's own {@link QemuCommandLine} — and reads
 * back the script's timings. Every value the script passes on is one the runner's allow-lists
 * accepted when the inventory and plan were built.
 */
final class SshBaseline {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private SshBaseline() {
    }

    /**
     * @param wall       the whole script, setup (keyscan, agent check) included
     * @param cellMillis each cell's time, in order
     * @param sshPerCell ssh/sftp processes the cells started, per cell
     */
    record Result(Duration wall, List<Long> cellMillis, double sshPerCell) {
        Result {
            cellMillis = List.copyOf(cellMillis);
        }
    }

    /** Where OpenSSH's client is, if it is installed: the baseline needs {@code ssh}, {@code sftp}, {@code ssh-keyscan}. */
    static Optional<String> missingTool() {
        for (String tool : List.of("ssh", "sftp", "ssh-keyscan", "ssh-keygen")) {
            boolean found = Optional.ofNullable(System.getenv("PATH")).stream()
                    .flatMap(p -> List.of(p.split(":")).stream())
                    .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                return Optional.of(tool);
            }
        }
        return Optional.empty();
    }

    /** Runs every planned cell of {@code plan} (all on one host) through the script. */
    static Result run(Path script, Plan plan, byte[] agent, Path workDir) throws IOException {
        List<PlannedCell> cells = plan.cells();
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("the baseline needs at least one planned cell");
        }
        Host host = cells.get(0).host();
        if (cells.stream().anyMatch(c -> !c.host().name().equals(host.name()))) {
            throw new IllegalArgumentException("the baseline runs the cells of one host; the plan uses several");
        }
        if (!(host.identity() instanceof Identity.KeyFile key)) {
            throw new IllegalArgumentException("host " + host.name() + " has no key file identity for ssh");
        }
        Path dir = Files.createDirectories(workDir.resolve("baseline"));
        Path agentFile = dir.resolve("igdlab-agent");
        Files.write(agentFile, agent);
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            PlannedCell cell = cells.get(i);
            String cellRunId = "baseline." + cell.cell().id();
            CellPaths paths = new CellPaths(host.agentRoot() + "/cells/" + cellRunId);
            Path argv = dir.resolve("argv-" + i);
            Files.writeString(argv, String.join("\n", QemuCommandLine.build(cell.cell(), host, paths)), StandardCharsets.UTF_8);
            tsv.append(cellRunId).append('\t').append(argv).append('\n');
        }
        Path cellsFile = Files.writeString(dir.resolve("cells.tsv"), tsv);
        List<String> command = List.of("bash", script.toString(), host.address(), String.valueOf(host.port()), host.user(),
                host.hostKey().orElseThrow(() -> new IllegalArgumentException("host " + host.name() + " has no pinned host key")),
                key.file().toString(), agentFile.toString(), host.agentRoot(), host.igd().bdf(), cellsFile.toString(),
                dir.toString());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit;
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(script + " did not finish within " + TIMEOUT.toMinutes() + " min" + tail(err));
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + script + " ran", e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        if (exit != 0) {
            throw new IOException(script + " exited " + exit + tail(err));
        }
        return parse(Files.readAllLines(out, StandardCharsets.UTF_8), wall, cells.size());
    }

    /** The script's "cell ID MS CALLS" lines; as many as there were cells, or the run is incomplete. */
    static Result parse(List<String> lines, Duration wall, int expectedCells) throws IOException {
        List<Long> millis = new ArrayList<>();
        long calls = 0;
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            if (f.length == 4 && f[0].equals("cell")) {
                millis.add(Long.parseLong(f[2]));
                calls += Long.parseLong(f[3]);
            }
        }
        if (millis.size() != expectedCells) {
            throw new IOException("the baseline reported " + millis.size() + " cells, expected " + expectedCells
                    + ": " + String.join(" | ", lines));
        }
        return new Result(wall, millis, (double) calls / millis.size());
    }

    private static String tail(Path err) {
        try {
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : "; stderr: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
