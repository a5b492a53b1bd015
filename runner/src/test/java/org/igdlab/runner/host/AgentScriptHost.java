package org.igdlab.runner.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fake lab host for {@link AgentScriptTest}: the real agent script copied to
 * {@code <tmp>/agent-root/bin/igdlab-agent}, and an {@code IGDLAB_SYSROOT} tree laid out like a real
 * sysfs/procfs. The static text files come from {@code host/fixture-root/}; the PCI part (config
 * space, symlinks) is built here from the real Ivy Bridge lspci dump, so the register bytes are the
 * dump's bytes and nothing else.
 */
final class AgentScriptHost {

    static final String IGD = "0000:00:02.0";
    static final String HOST_BRIDGE = "0000:00:00.0";
    static final String DUMP = "/host/lspci-ivybridge-0152-host-dh77df-coreboot-01.txt";
    static final String DMAR_FAULTS = "/host/dmesg-skylake-dmar-faults.txt";
    private static final Path SCRIPT = Path.of("..", "scripts", "host", "igdlab-agent");
    private static final Pattern HEX_LINE = Pattern.compile("^([0-9a-f]{2}):((?: [0-9a-f]{2}){16})\\s*$");

    final Path tmp;
    final Path sysroot;
    final Path agentRoot;
    final Path agent;
    final Path fakeBin;
    final Path fakeQemu;
    private int calls;

    private AgentScriptHost(Path tmp) {
        this.tmp = tmp;
        this.sysroot = tmp.resolve("sysroot");
        this.agentRoot = tmp.resolve("agent-root");
        this.agent = agentRoot.resolve("bin/igdlab-agent");
        this.fakeBin = tmp.resolve("fakebin");
        this.fakeQemu = fakeBin.resolve("qemu-system-x86_64");
    }

    static Path scriptSource() {
        Path script = SCRIPT.toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("agent script not found at " + script
                    + " (tests run with cwd = the runner module directory)");
        }
        return script;
    }

    static AgentScriptHost create(Path tmp) throws IOException {
        AgentScriptHost host = new AgentScriptHost(tmp);
        host.install();
        return host;
    }

    private void install() throws IOException {
        Files.createDirectories(agent.getParent());
        Files.copy(scriptSource(), agent);
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        copyTree(resourceDir("/host/fixture-root"), sysroot);
        buildPci();
        writeFakeQemu();
        writeFakeTools();
    }

    // --- recording stand-ins for the tools the boot verbs call (never the real ones) -----------------

    /** Where a stand-in records its argv, one argument a line, one file per tool. */
    Path argvOf(String tool) {
        return tmp.resolve(tool + ".argv");
    }

    private void writeFakeTools() throws IOException {
        for (String tool : List.of("grub-reboot", "grub2-reboot", "bootctl")) {
            executable(fakeBin.resolve(tool), "#!/bin/sh\nprintf '%s\\n' \"$@\" >>'" + argvOf(tool) + "'\n");
        }
        // dpkg -i PKG: records, then does what installing a kernel package does to /lib/modules and /boot
        executable(fakeBin.resolve("dpkg"), String.join("\n",
                "#!/bin/sh",
                "printf '%s\\n' \"$@\" >>'" + argvOf("dpkg") + "'",
                "case ${2:-} in *fail*) echo 'dpkg: error processing archive' >&2; exit 1 ;; esac",
                "rel=$(basename \"$2\" .deb); rel=${rel#linux-image-}; rel=${rel%%_*}",
                "mkdir -p \"$IGDLAB_SYSROOT/lib/modules/$rel\" && : >\"$IGDLAB_SYSROOT/boot/vmlinuz-$rel\"",
                ""));
        // qemu-img create / info, enough for stage-overlay: the overlay file names its backing file
        executable(fakeBin.resolve("qemu-img"), String.join("\n",
                "#!/bin/sh",
                "printf '%s\\n' \"$@\" >>'" + argvOf("qemu-img") + "'",
                "case $1 in",
                "  create) for a in \"$@\"; do last=$a; done; b=; while [ $# -gt 0 ]; do [ \"$1\" = -b ] && b=$2; shift; done",
                "    printf 'QFI fake overlay\\nbacking file: %s\\n' \"$b\" >\"$last\" ;;",
                "  info) for a in \"$@\"; do last=$a; done; echo \"image: $last\"; sed -n 's/^backing file: /backing file: /p' \"$last\" ;;",
                "esac",
                ""));
        // the reboot stand-in under IGDLAB_SYSROOT: records that it ran
        Files.createDirectories(sysroot.resolve("sbin"));
        executable(sysroot.resolve("sbin/reboot"), "#!/bin/sh\necho rebooted >>'" + argvOf("reboot") + "'\n");
    }

    private static void executable(Path file, String text) throws IOException {
        write(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // --- the sysfs part ----------------------------------------------------------------------------

    private void buildPci() throws IOException {
        List<String> dump = readResourceLines(DUMP);
        device(HOST_BRIDGE, configBytes(dump, "00:00.0"), 0, null);
        device(IGD, configBytes(dump, "00:02.0"), 1, "i915");
        // "Expansion ROM at 000c0000 [virtual] [disabled] [size=128K]": sysfs shows the ROM BAR size
        try (RandomAccessFile rom = new RandomAccessFile(devDir(IGD).resolve("rom").toFile(), "rw")) {
            rom.setLength(128 * 1024);
        }
        for (String driver : List.of("i915", "vfio-pci")) {
            Path dir = Files.createDirectories(sysroot.resolve("sys/bus/pci/drivers").resolve(driver));
            for (String file : List.of("bind", "unbind", "new_id", "remove_id")) {
                Files.createFile(dir.resolve(file));
            }
        }
        Files.createFile(sysroot.resolve("sys/bus/pci/drivers_probe"));
        Files.createDirectories(sysroot.resolve("sys/devices/virtual/iommu/dmar0"));
        Files.createDirectories(sysroot.resolve("sys/class/iommu"));
        Files.createSymbolicLink(sysroot.resolve("sys/class/iommu/dmar0"), Path.of("../../devices/virtual/iommu/dmar0"));
    }

    /** A PCI function the way sysfs shows it: the device dir under sys/devices, links from bus and group. */
    private void device(String bdf, byte[] config, int group, String driver) throws IOException {
        Path dir = Files.createDirectories(devDir(bdf));
        Files.write(dir.resolve("config"), config);
        write(dir.resolve("vendor"), String.format("0x%02x%02x%n", config[1], config[0]));
        write(dir.resolve("device"), String.format("0x%02x%02x%n", config[3], config[2]));
        write(dir.resolve("class"), String.format("0x%02x%02x%02x%n", config[11], config[10], config[9]));
        write(dir.resolve("driver_override"), "(null)\n");
        Path bus = Files.createDirectories(sysroot.resolve("sys/bus/pci/devices"));
        Files.createSymbolicLink(bus.resolve(bdf), Path.of("../../../devices/pci0000:00").resolve(bdf));
        Path members = Files.createDirectories(sysroot.resolve("sys/kernel/iommu_groups/" + group + "/devices"));
        Files.createSymbolicLink(members.resolve(bdf), Path.of("../../../../devices/pci0000:00").resolve(bdf));
        Files.createSymbolicLink(dir.resolve("iommu_group"), Path.of("../../../kernel/iommu_groups/" + group));
        if (driver != null) {
            pointDriver(bdf, driver);
        }
    }

    Path devDir(String bdf) {
        return sysroot.resolve("sys/devices/pci0000:00").resolve(bdf);
    }

    Path driverDir(String driver) {
        return sysroot.resolve("sys/bus/pci/drivers").resolve(driver);
    }

    /** What the kernel does on a successful probe: the device's driver link now names DRIVER. */
    void pointDriver(String bdf, String driver) throws IOException {
        Path link = devDir(bdf).resolve("driver");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("../../../bus/pci/drivers").resolve(driver));
    }

    /** The 256 config bytes of the stanza for SLOT ("00:02.0") in an `lspci -xxx` dump. */
    static byte[] configBytes(List<String> dump, String slot) {
        byte[] bytes = new byte[256];
        int seen = 0;
        boolean inStanza = false;
        for (String line : dump) {
            if (line.startsWith(slot + " ")) {
                inStanza = true;
                continue;
            }
            if (!inStanza) {
                continue;
            }
            if (line.startsWith("===") || line.isBlank()) {
                break;
            }
            Matcher m = HEX_LINE.matcher(line);
            if (m.matches()) {
                int base = Integer.parseInt(m.group(1), 16);
                String[] hex = m.group(2).trim().split(" ");
                for (int i = 0; i < 16; i++) {
                    bytes[base + i] = (byte) Integer.parseInt(hex[i], 16);
                }
                seen += 16;
            }
        }
        if (seen != 256) {
            throw new IllegalStateException("stanza " + slot + " has " + seen + " config bytes, expected 256");
        }
        return bytes;
    }

    // --- the fake QEMU -------------------------------------------------------------------------------

    private void writeFakeQemu() throws IOException {
        Files.createDirectories(fakeBin);
        write(fakeQemu, String.join("\n",
                "#!/bin/sh",
                "# fake QEMU for AgentScriptTest: records its argv (one per line) in its cwd, then acts on -fake=MODE",
                "if [ \"${1:-}\" = --version ]; then",
                "  echo 'QEMU emulator version 10.1.2 (igdlab fake)'",
                "  echo 'Copyright (c) 2003-2025 Fabrice Bellard and the QEMU Project developers'",
                "  exit 0",
                "fi",
                "for a in \"$@\"; do printf '%s\\n' \"$a\"; done >argv.txt",
                "echo \"fake qemu pid $$\" >&2",
                "for a in \"$@\"; do",
                "  case $a in",
                "    -fake=exit1)",
                "      echo 'qemu-system-x86_64: -device vfio-pci,host=0000:00:02.0: vfio 0000:00:02.0: group 1 is not viable' >&2",
                "      exit 1 ;;",
                "    -fake=ignore-term) trap '' TERM ;;",
                "  esac",
                "done",
                "exec sleep 60",
                ""));
        Files.setPosixFilePermissions(fakeQemu, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // --- running the agent ---------------------------------------------------------------------------

    AgentScriptResult runWithStdin(String stdin, String... args) throws IOException, InterruptedException {
        int n = ++calls;
        List<String> command = new ArrayList<>();
        command.add("/bin/sh");
        command.add(agent.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.put("IGDLAB_SYSROOT", sysroot.toString());
        env.put("PATH", fakeBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Path in = tmp.resolve("call-" + n + ".stdin");
        Path out = tmp.resolve("call-" + n + ".stdout");
        Path err = tmp.resolve("call-" + n + ".stderr");
        Files.writeString(in, stdin == null ? "" : stdin);
        pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("agent did not finish within 60 s: " + command);
        }
        return new AgentScriptResult(p.exitValue(),
                Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Several calls started at once (each its own process), results in the order given. */
    List<AgentScriptResult> runConcurrently(List<List<String>> argsPerCall) throws IOException, InterruptedException {
        List<Process> started = new ArrayList<>();
        List<Path[]> files = new ArrayList<>();
        for (List<String> args : argsPerCall) {
            int n = ++calls;
            List<String> command = new ArrayList<>(List.of("/bin/sh", agent.toString()));
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
            pb.environment().put("IGDLAB_SYSROOT", sysroot.toString());
            Path out = tmp.resolve("call-" + n + ".stdout");
            Path err = tmp.resolve("call-" + n + ".stderr");
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            files.add(new Path[] {out, err});
            started.add(pb.start());
        }
        List<AgentScriptResult> results = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("agent did not finish within 60 s: " + argsPerCall.get(i));
            }
            results.add(new AgentScriptResult(p.exitValue(), Files.readAllLines(files.get(i)[0], StandardCharsets.UTF_8),
                    Files.readString(files.get(i)[1], StandardCharsets.UTF_8)));
        }
        return results;
    }

    AgentScriptResult run(String... args) throws IOException, InterruptedException {
        return runWithStdin(null, args);
    }

    Path cell(String id) {
        return agentRoot.resolve("cells").resolve(id);
    }

    /** Stops every cell the test left behind (the fake QEMUs run detached, in their own session). */
    void stopAllCells() throws IOException, InterruptedException {
        Path cells = agentRoot.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return;
        }
        try (Stream<Path> list = Files.list(cells)) {
            for (Path c : list.toList()) {
                run("stop", c.getFileName().toString(), "0");
            }
        }
    }

    // --- files -----------------------------------------------------------------------------------------

    static List<String> readResourceLines(String name) throws IOException {
        try (InputStream in = AgentScriptHost.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static Path resourceDir(String name) {
        URL url = AgentScriptHost.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource directory " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path src : walk.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
