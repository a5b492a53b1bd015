package org.igdlab.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real host agent ({@code scripts/host/igdlab-agent}) with {@code /bin/sh} against a sysfs tree
 * built from a real Ivy Bridge host (8086:0152), and checks its output against PROTOCOL.md.
 */
class AgentScriptTest {

    private static final String IGD = AgentScriptHost.IGD;
    private static final Pattern LINE = Pattern.compile("^[a-z0-9][a-z0-9._:-]*=[^\\p{Cntrl}]*$");

    @TempDir
    Path tmp;

    private AgentScriptHost host;

    @BeforeEach
    void setUp() throws IOException {
        host = AgentScriptHost.create(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        host.stopAllCells();
    }

    // --- facts -------------------------------------------------------------------------------------------

    @Test
    void factsReportTheIvyBridgeIgdExactlyAsTheDumpHasIt() throws Exception {
        AgentScriptResult r = ok(host.run("facts"));

        assertThat(r.value("kernel.release")).isEqualTo("6.1.0-28-amd64");
        assertThat(r.value("kernel.cmdline")).endsWith("intel_iommu=on iommu=pt");
        assertThat(r.value("iommu.enabled")).isEqualTo("1");
        assertThat(r.value("igd.bdf")).isEqualTo(IGD);
        assertThat(r.value("igd.vendor")).isEqualTo("8086");
        assertThat(r.value("igd.device")).isEqualTo("0152");
        assertThat(r.value("igd.class")).isEqualTo("030000");
        assertThat(r.value("igd.driver")).isEqualTo("i915");
        assertThat(r.value("igd.iommu-group")).isEqualTo("1");
        assertThat(r.values("igd.group.member")).containsExactly(IGD);
        // the dump's bytes: 0x50 "11 02", 0x5c "01 00 a0 db", 0xc0.. all zero, 0xfc "18 d0 3b da"
        assertThat(r.value("igd.reg.ggc")).isEqualTo("0x0211");
        assertThat(r.value("igd.reg.bdsm")).isEqualTo("0xdba00001");
        assertThat(r.value("igd.reg.bdsm64")).isEqualTo("0x0000000000000000");
        assertThat(r.value("igd.reg.asls")).isEqualTo("0xda3bd018");
        assertThat(r.value("igd.rom.size")).isEqualTo("131072");
        assertThat(r.values("qemu.binary")).first().isEqualTo(host.fakeQemu.toString());
        assertThat(r.value("qemu.version")).isEqualTo("10.1.2");
        assertThat(r.value("mem.available.kib")).isEqualTo("6981236");
        assertThat(r.value("cells.running")).isEqualTo("0");
    }

    @Test
    void factsOmitRegistersTheConfigFileIsTooShortForInsteadOfGuessing() throws Exception {
        // what a non-root reader of sysfs config gets: the first 64 bytes only
        Path config = host.devDir(IGD).resolve("config");
        byte[] bytes = Files.readAllBytes(config);
        Files.write(config, java.util.Arrays.copyOf(bytes, 64));

        AgentScriptResult r = ok(host.run("facts"));

        assertThat(r.value("igd.device")).isEqualTo("0152");
        assertThat(r.lines()).noneMatch(l -> l.startsWith("igd.reg."));
    }

    @Test
    void factsSayIommuOffAndNoIgdWhenTheHostHasNeither() throws Exception {
        Files.delete(host.sysroot.resolve("sys/class/iommu/dmar0"));
        AgentScriptHost.write(host.devDir(IGD).resolve("class"), "0x038000\n");
        AgentScriptHost.write(host.devDir(IGD).resolve("vendor"), "0x1002\n");

        AgentScriptResult r = ok(host.run("facts"));

        assertThat(r.value("iommu.enabled")).isEqualTo("0");
        assertThat(r.lines()).noneMatch(l -> l.startsWith("igd."));
    }

    @Test
    void valuesWithControlCharactersArePrintedWithSpaces() throws Exception {
        AgentScriptHost.write(host.sysroot.resolve("proc/cmdline"), "quiet\tintel_iommu=on\u001b[31m\rx\n");

        AgentScriptResult r = ok(host.run("facts"));

        assertThat(r.value("kernel.cmdline")).isEqualTo("quiet intel_iommu=on [31m x");
    }

    @Test
    void versionNamesTheAgentVersionAndTheScriptCarriesTheProtocolLine() throws Exception {
        AgentScriptResult r = ok(host.run("version"));

        assertThat(r.value("agent.version")).isEqualTo("0.2.0");
        List<String> script = Files.readAllLines(AgentScriptHost.scriptSource());
        String firstCode = script.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
        assertThat(firstCode).isEqualTo("IGDLAB_AGENT_PROTOCOL=1");
    }

    // --- arguments -----------------------------------------------------------------------------------------

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("status", List.of("../x")),
                Arguments.of("status", List.of("a;b")),
                Arguments.of("launch", List.of("../x")),
                Arguments.of("collect", List.of("a;b")),
                Arguments.of("stop", List.of("")),
                Arguments.of("status", List.of(".hidden")),
                Arguments.of("status", List.of("-rf")),
                Arguments.of("status", List.of("two words")),
                Arguments.of("status", List.of("line\nbreak")),
                Arguments.of("status", List.of("x".repeat(129))),
                Arguments.of("stop", List.of("cell-1", "1e3")),
                Arguments.of("stop", List.of("cell-1", "123456")),
                Arguments.of("stop", List.of("cell-1", "-1")),
                Arguments.of("bind", List.of("00:02.0")),
                Arguments.of("bind", List.of("0000:00:02.0;reboot")),
                Arguments.of("unbind", List.of("0000:00:02.0\n")),
                Arguments.of("bind", List.of("0000:00:02.0/../../x")),
                Arguments.of("bind", List.of("0000:00:02.A")),
                Arguments.of("stage", List.of("c1", "relative/file", "a.rom")),
                Arguments.of("stage", List.of("c1", "/tmp/a b", "a.rom")),
                Arguments.of("stage", List.of("c1", "/tmp/$(x)", "a.rom")),
                Arguments.of("stage", List.of("c1", "/tmp/a", "../x")),
                Arguments.of("stage", List.of("c1", "/tmp/a", ".hidden")),
                Arguments.of("stage", List.of("c1", "/tmp/a", "qemu.pid")),
                Arguments.of("stage", List.of("c1", "/tmp/a", "x".repeat(65))),
                Arguments.of("stage", List.of("c1", "/tmp/a", "a.rom", "ABC")),
                Arguments.of("stage", List.of("c1", "/tmp/a", "a.rom", "A".repeat(64))),
                Arguments.of("stage-overlay", List.of("c1", "base.qcow2", "guest.qcow2")),
                Arguments.of("kernel-install", List.of("6.12;reboot", "/tmp/k.deb")),
                Arguments.of("kernel-install", List.of("6.12.9", "k.deb")),
                Arguments.of("next-boot", List.of("-6.12.9")),
                Arguments.of("next-boot", List.of("6.12.9 quiet")));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void anArgumentOutsideItsAllowListIsRefusedWithExit65(String verb, List<String> args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(verb));
        argv.addAll(args);

        AgentScriptResult r = error(host.run(argv.toArray(String[]::new)), 65);

        assertThat(r.value("error.code")).isEqualTo("bad-argument");
        assertThat(host.agentRoot.resolve("cells")).doesNotExist();
        assertThat(host.agentRoot.resolve("x")).doesNotExist();
    }

    @Test
    void aCellIdOf128CharactersIsAccepted() throws Exception {
        AgentScriptResult r = ok(host.run("status", "A" + "b.-_".repeat(31) + "xyz"));

        assertThat(r.value("state")).isEqualTo("absent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shutdown", "FACTS", "", "--help"})
    void anUnknownVerbExits64(String verb) throws Exception {
        AgentScriptResult r = error(host.run(verb), 64);

        assertThat(r.value("error.code")).isEqualTo("usage");
    }

    @Test
    void noVerbOrTheWrongNumberOfArgumentsExits64() throws Exception {
        assertThat(error(host.run(), 64).value("error.code")).isEqualTo("usage");
        assertThat(error(host.run("bind"), 64).value("error.code")).isEqualTo("usage");
        assertThat(error(host.run("facts", "extra"), 64).value("error.code")).isEqualTo("usage");
        assertThat(error(host.run("stop", "c", "1", "2"), 64).value("error.code")).isEqualTo("usage");
    }

    // --- bind / unbind ---------------------------------------------------------------------------------------

    @Test
    void bindWritesVfioPciToDriverOverrideUnbindsI915AndRemembersIt() throws Exception {
        AgentScriptResult r = ok(host.run("bind", IGD));

        assertThat(r.values("bound")).containsExactly(IGD);
        assertThat(r.value("previous-driver." + IGD)).isEqualTo("i915");
        assertThat(read(host.devDir(IGD).resolve("driver_override"))).isEqualTo("vfio-pci\n");
        assertThat(read(host.driverDir("i915").resolve("unbind"))).isEqualTo(IGD + "\n");
        assertThat(read(host.sysroot.resolve("sys/bus/pci/drivers_probe"))).isEqualTo(IGD + "\n");
        assertThat(read(host.agentRoot.resolve("state/original-driver." + IGD))).isEqualTo("i915\n");
    }

    @Test
    void bindIsIdempotentOnceTheDeviceIsOnVfioPci() throws Exception {
        ok(host.run("bind", IGD));
        host.pointDriver(IGD, "vfio-pci"); // what the kernel did on drivers_probe
        Files.writeString(host.driverDir("i915").resolve("unbind"), "");
        Files.writeString(host.sysroot.resolve("sys/bus/pci/drivers_probe"), "");

        AgentScriptResult again = ok(host.run("bind", IGD));

        assertThat(again.values("bound")).containsExactly(IGD);
        assertThat(again.value("previous-driver." + IGD)).isEqualTo("i915");
        assertThat(again.value("driver." + IGD)).isEqualTo("vfio-pci");
        assertThat(read(host.agentRoot.resolve("state/original-driver." + IGD))).isEqualTo("i915\n");
        assertThat(read(host.driverDir("i915").resolve("unbind"))).isEmpty();
        assertThat(read(host.driverDir("vfio-pci").resolve("unbind"))).isEmpty();
        assertThat(read(host.sysroot.resolve("sys/bus/pci/drivers_probe"))).isEmpty();
        assertThat(ok(host.run("facts")).value("igd.driver")).isEqualTo("vfio-pci");
    }

    @Test
    void unbindClearsTheOverrideUnbindsVfioPciReprobesAndForgetsTheDriver() throws Exception {
        ok(host.run("bind", IGD));
        host.pointDriver(IGD, "vfio-pci");

        AgentScriptResult r = ok(host.run("unbind", IGD));

        assertThat(r.values("restored")).containsExactly(IGD);
        assertThat(read(host.devDir(IGD).resolve("driver_override"))).isEqualTo("\n");
        assertThat(read(host.driverDir("vfio-pci").resolve("unbind"))).isEqualTo(IGD + "\n");
        assertThat(read(host.sysroot.resolve("sys/bus/pci/drivers_probe"))).isEqualTo(IGD + "\n");
        assertThat(host.agentRoot.resolve("state/original-driver." + IGD)).doesNotExist();

        host.pointDriver(IGD, "i915");
        AgentScriptResult again = ok(host.run("unbind", IGD));
        assertThat(again.values("restored")).containsExactly(IGD);
        assertThat(again.value("driver." + IGD)).isEqualTo("i915");
    }

    @Test
    void bindWithoutVfioPciOrOnAnAbsentDeviceIsUnavailable() throws Exception {
        assertThat(error(host.run("bind", "0000:00:03.0"), 69).value("error.code")).isEqualTo("unavailable");

        try (Stream<Path> files = Files.list(host.driverDir("vfio-pci"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(host.driverDir("vfio-pci"));
        AgentScriptResult r = error(host.run("bind", IGD), 69);

        assertThat(r.value("error.code")).isEqualTo("unavailable");
        assertThat(read(host.devDir(IGD).resolve("driver_override"))).isEqualTo("(null)\n");
    }

    // --- launch / status / stop --------------------------------------------------------------------------------

    @Test
    void launchPassesEveryArgumentVerbatimAndNeverThroughAShell() throws Exception {
        Path pwned = tmp.resolve("pwned");
        List<String> argv = List.of(
                host.fakeQemu.toString(),
                "-name", "cell one",
                "it's \"quoted\"",
                "$(touch " + pwned + "-subst)",
                "`touch " + pwned + "-backtick`",
                "a;b && touch " + pwned + "-list",
                "*",
                "",
                "  leading and trailing  ",
                "tab\there",
                "back\\slash\\\\n",
                "-device", "vfio-pci,host=0000:00:02.0,x-igd-opregion=on");
        String stdin = String.join("\n", argv); // the last line has no newline

        AgentScriptResult r = ok(host.runWithStdin(stdin, "launch", "cell-1"));

        assertThat(r.value("state")).isEqualTo("running");
        Path cell = host.cell("cell-1");
        assertThat(r.value("cell.dir")).isEqualTo(cell.toString());
        assertThat(Files.readAllLines(cell.resolve("argv.txt"))).containsExactlyElementsOf(argv.subList(1, argv.size()));
        assertThat(read(cell.resolve("qemu.args"))).isEqualTo(stdin);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
        }
        assertThat(cell.resolve("pwned-subst")).doesNotExist();
    }

    @Test
    void launchReportsARunningQemuByItsOwnPidAndStopEndsItIdempotently() throws Exception {
        AgentScriptResult launched = ok(host.runWithStdin(host.fakeQemu + "\n-fake=sleep\n", "launch", "c1"));
        Path cell = host.cell("c1");

        String pid = launched.value("pid");
        assertThat(launched.value("state")).isEqualTo("running");
        assertThat(read(cell.resolve("qemu.pid")).strip()).isEqualTo(pid);
        assertThat(read(cell.resolve("qemu.stderr"))).contains("fake qemu pid " + pid);
        assertThat(ok(host.run("status", "c1")).value("state")).isEqualTo("running");
        assertThat(ok(host.run("facts")).value("cells.running")).isEqualTo("1");

        AgentScriptResult busy = error(host.runWithStdin(host.fakeQemu + "\n-other\n", "launch", "c1"), 70);
        assertThat(busy.value("error.code")).isEqualTo("busy");
        assertThat(read(cell.resolve("qemu.args"))).isEqualTo(host.fakeQemu + "\n-fake=sleep\n");

        AgentScriptResult stopped = ok(host.run("stop", "c1", "5"));
        assertThat(stopped.value("state")).isEqualTo("stopped");
        assertThat(stopped.value("was")).isEqualTo("running");
        assertThat(processAlive(pid)).isFalse();

        AgentScriptResult status = ok(host.run("status", "c1"));
        assertThat(status.value("state")).isEqualTo("exited");
        assertThat(status.value("pid")).isEqualTo(pid);
        assertThat(status.value("exit-signal")).isEqualTo("TERM");

        AgentScriptResult again = ok(host.run("stop", "c1"));
        assertThat(again.value("state")).isEqualTo("stopped");
        assertThat(again.value("was")).isEqualTo("exited");
        assertThat(ok(host.run("facts")).value("cells.running")).isEqualTo("0");
    }

    @Test
    void launchReportsAQemuThatExitsAtOnceWithItsExitCode() throws Exception {
        AgentScriptResult r = ok(host.runWithStdin(host.fakeQemu + "\n-fake=exit1\n", "launch", "c2"));

        assertThat(r.value("state")).isEqualTo("exited");
        assertThat(r.value("exit-code")).isEqualTo("1");
        assertThat(read(host.cell("c2").resolve("qemu.stderr"))).contains("group 1 is not viable");
        AgentScriptResult status = ok(host.run("status", "c2"));
        assertThat(status.value("state")).isEqualTo("exited");
        assertThat(status.value("exit-code")).isEqualTo("1");

        // a finished cell may be launched again
        assertThat(ok(host.runWithStdin(host.fakeQemu + "\n-fake=exit1\n", "launch", "c2")).value("exit-code")).isEqualTo("1");
    }

    @Test
    void stopEscalatesToSigkillWhenQemuIgnoresSigterm() throws Exception {
        String pid = ok(host.runWithStdin(host.fakeQemu + "\n-fake=ignore-term\n", "launch", "c3")).value("pid");

        AgentScriptResult r = ok(host.run("stop", "c3", "1"));

        assertThat(r.value("was")).isEqualTo("running");
        assertThat(processAlive(pid)).isFalse();
        assertThat(ok(host.run("status", "c3")).value("exit-signal")).isEqualTo("KILL");
    }

    @Test
    void launchRefusesAMissingOrNonAbsoluteOrNonExecutableQemu() throws Exception {
        assertThat(error(host.runWithStdin("", "launch", "c4"), 69).value("error.code")).isEqualTo("unavailable");
        assertThat(error(host.runWithStdin("qemu-system-x86_64\n-nographic\n", "launch", "c4"), 69).value("error.code"))
                .isEqualTo("unavailable");
        Path notExec = Files.writeString(tmp.resolve("not-exec"), "#!/bin/sh\n");
        assertThat(error(host.runWithStdin(notExec + "\n", "launch", "c4"), 69).value("error.code")).isEqualTo("unavailable");
        assertThat(host.cell("c4").resolve("qemu.args")).doesNotExist();
    }

    @Test
    void statusAndStopOfAnUnknownCellSayAbsent() throws Exception {
        assertThat(ok(host.run("status", "never")).value("state")).isEqualTo("absent");
        AgentScriptResult stop = ok(host.run("stop", "never"));
        assertThat(stop.value("state")).isEqualTo("stopped");
        assertThat(stop.value("was")).isEqualTo("absent");
    }

    // --- collect -------------------------------------------------------------------------------------------------

    @Test
    void collectListsTheCellFilesAndCountsTheDmarFaultLinesSinceLaunch() throws Exception {
        ok(host.runWithStdin(host.fakeQemu + "\n-fake=exit1\n", "launch", "c5"));
        List<String> faults = AgentScriptHost.readResourceLines(AgentScriptHost.DMAR_FAULTS);
        Files.write(host.sysroot.resolve("dev/kmsg.txt"), faults, StandardOpenOption.APPEND);

        AgentScriptResult r = ok(host.run("collect", "c5"));

        Path cell = host.cell("c5");
        assertThat(r.value("cell.dir")).isEqualTo(cell.toString());
        assertThat(r.values("file")).containsExactly("argv.txt", "dmesg.start", "host-dmesg.txt", "qemu.args",
                "qemu.boot-id", "qemu.exit", "qemu.pid", "qemu.stderr", "qemu.stdout");
        assertThat(Files.readAllLines(cell.resolve("host-dmesg.txt"))).containsExactlyElementsOf(faults);
        // every line matching DMAR:.*fault counts: 4 "handling fault status" + 3 fault records
        assertThat(r.value("dmar.faults")).isEqualTo("7");

        assertThat(ok(host.run("collect", "c5")).lines()).isEqualTo(r.lines());
    }

    @Test
    void collectOfAnUnknownCellIsUnavailable() throws Exception {
        assertThat(error(host.run("collect", "never"), 69).value("error.code")).isEqualTo("unavailable");
    }

    // --- capture --------------------------------------------------------------------------------------------------

    @Test
    void captureWithoutACaptureDeviceSaysUnsupportedMachineReadably() throws Exception {
        Files.createDirectories(host.cell("c6"));

        AgentScriptResult r = error(host.run("capture", "c6"), 69);

        assertThat(r.value("error.code")).isEqualTo("unsupported");
        assertThat(r.value("error.message")).contains("/dev/video");
        assertThat(ok(host.run("facts")).values("display.capture")).isEmpty();
    }

    @Test
    void captureGrabsOneFrameWithFfmpegIntoTheCellAndReportsItsPathAndSize() throws Exception {
        Files.createDirectories(host.cell("c7"));
        AgentScriptHost.write(host.sysroot.resolve("dev/video0"), "");
        Path ffmpeg = host.fakeBin.resolve("ffmpeg");
        Files.writeString(ffmpeg, "#!/bin/sh\nprintf '%s\\n' \"$@\" >>'" + host.argvOf("ffmpeg") + "'\n"
                + "for a in \"$@\"; do last=$a; done\nprintf 'P6\\n2 1\\n255\\nabcdef' >\"$last\"\n");
        Files.setPosixFilePermissions(ffmpeg, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        AgentScriptResult r = ok(host.run("capture", "c7", "shot.ppm"));

        Path frame = host.cell("c7").resolve("shot.ppm");
        assertThat(r.value("frame")).isEqualTo("shot.ppm");
        assertThat(r.value("file")).isEqualTo(frame.toString());
        assertThat(r.value("size")).isEqualTo(String.valueOf(Files.size(frame)));
        assertThat(r.value("device")).isEqualTo("/dev/video0");
        assertThat(Files.readString(frame)).startsWith("P6\n2 1\n255\n");
        assertThat(Files.readAllLines(host.argvOf("ffmpeg"))).contains("v4l2", host.sysroot + "/dev/video0", "ppm");
        assertThat(ok(host.run("facts")).value("display.capture")).isEqualTo("/dev/video0");
    }

    @Test
    void captureRefusesAReservedFrameName() throws Exception {
        assertThat(error(host.run("capture", "c8", "qemu.pid"), 65).value("error.code")).isEqualTo("bad-argument");
    }

    // --- stage / stage-overlay ------------------------------------------------------------------------------------

    @Test
    void stageCopiesTheFileIntoTheCellWithItsSha256AndSizeAndIsIdempotent() throws Exception {
        Path rom = Files.writeString(tmp.resolve("vbios.rom"), "hello");
        String sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

        AgentScriptResult r = ok(host.run("stage", "c1", rom.toString(), "vbios.rom", sha));

        assertThat(r.lines()).containsExactly("protocol=1", "staged=vbios.rom", "sha256=" + sha, "size=5", "status=ok");
        assertThat(read(host.cell("c1").resolve("vbios.rom"))).isEqualTo("hello");
        assertThat(ok(host.run("stage", "c1", rom.toString(), "vbios.rom")).lines()).isEqualTo(r.lines());
        try (Stream<Path> files = Files.list(host.cell("c1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vbios.rom");
        }
    }

    @Test
    void stageRefusesAFileWhoseSha256DiffersAndLeavesNothingBehind() throws Exception {
        Path rom = Files.writeString(tmp.resolve("vbios.rom"), "hello");

        AgentScriptResult r = error(host.run("stage", "c1", rom.toString(), "vbios.rom", "0".repeat(64)), 70);

        assertThat(r.value("error.code")).isEqualTo("checksum");
        assertThat(r.value("error.message")).contains("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        try (Stream<Path> files = Files.list(host.cell("c1"))) {
            assertThat(files).isEmpty();
        }
        assertThat(error(host.run("stage", "c1", tmp.resolve("none").toString(), "x"), 69).value("error.code"))
                .isEqualTo("unavailable");
    }

    @Test
    void stageOverlayCreatesAQcow2OverlayBackedByTheBaseOnceAndNeverWritesTheBase() throws Exception {
        Path base = Files.writeString(tmp.resolve("debian13.qcow2"), "base image");

        AgentScriptResult r = ok(host.run("stage-overlay", "c1", base.toString(), "guest.qcow2"));

        assertThat(r.lines()).containsExactly("protocol=1", "overlay=guest.qcow2", "backing=" + base, "status=ok");
        assertThat(Files.readAllLines(host.argvOf("qemu-img")))
                .containsExactly("create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), ".guest.qcow2.new");
        assertThat(read(host.cell("c1").resolve("guest.qcow2"))).contains("backing file: " + base);
        assertThat(read(base)).isEqualTo("base image");

        assertThat(ok(host.run("stage-overlay", "c1", base.toString(), "guest.qcow2")).lines()).isEqualTo(r.lines());
        assertThat(Files.readAllLines(host.argvOf("qemu-img")).stream().filter("create"::equals)).hasSize(1);

        Path other = Files.writeString(tmp.resolve("other.qcow2"), "x");
        assertThat(error(host.run("stage-overlay", "c1", other.toString(), "guest.qcow2"), 70).value("error.message"))
                .contains("exists with backing file '" + base + "'");
    }

    // --- health ------------------------------------------------------------------------------------------------------

    @Test
    void healthChecksIommuVfioIgdStaleQemuDiskAndLoad() throws Exception {
        AgentScriptResult r = ok(host.run("health"));

        assertThat(r.lines().stream().filter(l -> l.startsWith("check.")))
                .containsExactly("check.iommu=ok", "check.vfio-pci=ok", "check.igd=ok", "check.stale-qemu=ok",
                        "check.disk=ok", "check.load=ok");
        assertThat(r.value("detail.igd")).isEqualTo(IGD + " 8086:0152 driver i915");
        assertThat(r.value("detail.disk")).startsWith("free.kib=");
        assertThat(r.value("detail.load")).startsWith("load1=2.01 ");
        assertThat(r.value("healthy")).isEqualTo("1");
    }

    @Test
    void healthSaysUnhealthyWithTheReasonWhenIommuIsOffAndAQemuStillRuns() throws Exception {
        Files.delete(host.sysroot.resolve("sys/class/iommu/dmar0"));
        ok(host.runWithStdin(host.fakeQemu + "\n-fake=sleep\n", "launch", "left-over"));

        AgentScriptResult r = ok(host.run("health"));

        assertThat(r.value("check.iommu")).isEqualTo("fail");
        assertThat(r.value("check.stale-qemu")).isEqualTo("fail");
        assertThat(r.value("detail.stale-qemu")).isEqualTo("1 cells still run QEMU");
        assertThat(r.value("check.igd")).isEqualTo("ok");
        assertThat(r.value("healthy")).isEqualTo("0");
    }

    // --- kernel-install / next-boot / reboot ---------------------------------------------------------------------------

    @Test
    void kernelInstallRunsDpkgOnceAndIsANoOpForAnInstalledRelease() throws Exception {
        Path deb = Files.writeString(tmp.resolve("linux-image-6.12.9-igdlab_6.12.9-1_amd64.deb"), "!<arch>\n");

        AgentScriptResult r = ok(host.run("kernel-install", "6.12.9-igdlab", deb.toString()));

        assertThat(r.value("installed")).isEqualTo("6.12.9-igdlab");
        assertThat(r.value("was")).isEqualTo("absent");
        assertThat(Files.readAllLines(host.argvOf("dpkg"))).containsExactly("-i", deb.toString());

        AgentScriptResult again = ok(host.run("kernel-install", "6.12.9-igdlab", deb.toString()));
        assertThat(again.value("was")).isEqualTo("present");
        assertThat(Files.readAllLines(host.argvOf("dpkg"))).hasSize(2);
        assertThat(ok(host.run("kernel-install", "6.1.0-28-amd64", "/nonexistent/k.deb")).value("was")).isEqualTo("present");
    }

    @Test
    void kernelInstallFailsWhenThePackageIsMissingOrDpkgFailsOrInstallsAnotherRelease() throws Exception {
        assertThat(error(host.run("kernel-install", "6.12.9-igdlab", tmp.resolve("none.deb").toString()), 69)
                .value("error.code")).isEqualTo("unavailable");
        Path bad = Files.writeString(tmp.resolve("linux-image-fail.deb"), "x");
        assertThat(error(host.run("kernel-install", "6.12.9-igdlab", bad.toString()), 70).value("error.message"))
                .contains("dpkg: error processing archive");
        Path other = Files.writeString(tmp.resolve("linux-image-6.13.0-igdlab_1_amd64.deb"), "x");
        assertThat(error(host.run("kernel-install", "6.12.9-igdlab", other.toString()), 70).value("error.message"))
                .contains("/lib/modules/6.12.9-igdlab");
        Path tar = Files.writeString(tmp.resolve("kernel.tar"), "x");
        assertThat(error(host.run("kernel-install", "6.12.9-igdlab", tar.toString()), 65).value("error.code"))
                .isEqualTo("bad-argument");
    }

    @Test
    void nextBootPicksTheExactGrubEntryInsideTheSubmenuNotTheRcOrRecoveryOne() throws Exception {
        installKernel("6.12.9-igdlab");

        AgentScriptResult r = ok(host.run("next-boot", "6.12.9-igdlab"));

        String entry = "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.12.9-igdlab";
        assertThat(r.lines()).containsExactly("protocol=1", "next-boot=6.12.9-igdlab", "method=grub-reboot",
                "entry=" + entry, "status=ok");
        assertThat(Files.readAllLines(host.argvOf("grub-reboot"))).containsExactly(entry);
        assertThat(ok(host.run("next-boot", "6.12.9-igdlab")).lines()).isEqualTo(r.lines());
    }

    @Test
    void nextBootRefusesAKernelThatIsNotInstalledOrHasNoMenuEntry() throws Exception {
        assertThat(error(host.run("next-boot", "6.99.0-igdlab"), 69).value("error.message")).contains("not installed");
        installKernel("6.13.0-igdlab");
        assertThat(error(host.run("next-boot", "6.13.0-igdlab"), 69).value("error.message")).contains("no menu entry");
        assertThat(host.argvOf("grub-reboot")).doesNotExist();
    }

    @Test
    void nextBootUsesBootctlWithTheBlsEntryWhenThereIsNoGrubCfg() throws Exception {
        installKernel("6.12.9-igdlab");
        Files.delete(host.sysroot.resolve("boot/grub/grub.cfg"));
        Files.delete(host.fakeBin.resolve("grub2-reboot"));
        Path entries = Files.createDirectories(host.sysroot.resolve("boot/loader/entries"));
        AgentScriptHost.write(entries.resolve("3f1e-6.12.9-igdlab.conf"),
                "title Fedora Linux\nversion 6.12.9-igdlab\nlinux /vmlinuz-6.12.9-igdlab\n");
        AgentScriptHost.write(entries.resolve("3f1e-6.12.9-igdlab-rc1.conf"), "title x\nversion 6.12.9-igdlab-rc1\n");

        AgentScriptResult r = ok(host.run("next-boot", "6.12.9-igdlab"));

        assertThat(r.value("method")).isEqualTo("bootctl");
        assertThat(r.value("entry")).isEqualTo("3f1e-6.12.9-igdlab");
        assertThat(Files.readAllLines(host.argvOf("bootctl"))).containsExactly("set-oneshot", "3f1e-6.12.9-igdlab.conf");
    }

    @Test
    void rebootPrintsTheCurrentBootIdReturnsAtOnceAndThenRunsTheRebootDetached() throws Exception {
        long start = System.nanoTime();
        AgentScriptResult r = ok(host.run("reboot"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(r.lines()).containsExactly("protocol=1", "rebooting=1",
                "boot-id=" + read(host.sysroot.resolve("proc/sys/kernel/random/boot_id")).strip(), "status=ok");
        assertThat(host.argvOf("reboot")).doesNotExist();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(host.argvOf("reboot")) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(read(host.argvOf("reboot"))).isEqualTo("rebooted\n");
        assertThat(ok(host.run("facts")).value("boot.id")).isEqualTo(r.value("boot-id"));
    }

    private void installKernel(String release) throws IOException {
        Files.createDirectories(host.sysroot.resolve("lib/modules").resolve(release));
        Files.writeString(host.sysroot.resolve("boot/vmlinuz-" + release), "");
    }

    // --- leases -----------------------------------------------------------------------------------------------------

    private static final String ME = "ci@runner-1.lab:4242:20261207-180000";
    private static final String OTHER = "qa@runner-2:77:nightly-2";

    @Test
    void aLeaseIsExclusiveUntilItsOwnerReleasesIt() throws Exception {
        AgentScriptResult mine = ok(host.run("lease-acquire", ME, "300"));
        long now = Long.parseLong(mine.value("now"));
        assertThat(mine.value("lease.was")).isEqualTo("free");
        assertThat(mine.value("lease.owner")).isEqualTo(ME);
        assertThat(Long.parseLong(mine.value("lease.expires"))).isEqualTo(now + 300);

        AgentScriptResult refused = error(host.run("lease-acquire", OTHER, "300"), 75);
        assertThat(refused.value("error.code")).isEqualTo("leased");
        assertThat(refused.value("lease.holder")).isEqualTo(ME);
        assertThat(refused.value("lease.expires")).isEqualTo(mine.value("lease.expires"));
        assertThat(refused.value("error.message")).contains(ME, mine.value("lease.expires"));
        error(host.run("lease-renew", OTHER, "300"), 75);
        error(host.run("lease-release", OTHER), 75);

        AgentScriptResult again = ok(host.run("lease-acquire", ME, "600"));
        assertThat(again.value("lease.was")).isEqualTo("own");
        assertThat(again.value("lease.acquired")).isEqualTo(mine.value("lease.acquired"));

        AgentScriptResult shown = ok(host.run("lease-show"));
        assertThat(shown.value("lease.state")).isEqualTo("held");
        assertThat(shown.value("lease.owner")).isEqualTo(ME);
        assertThat(Long.parseLong(shown.value("lease.remaining"))).isBetween(1L, 600L);

        assertThat(ok(host.run("lease-release", ME)).value("lease.was")).isEqualTo("held");
        assertThat(ok(host.run("lease-release", ME)).value("lease.was")).isEqualTo("absent");
        assertThat(ok(host.run("lease-show")).value("lease.state")).isEqualTo("free");
        assertThat(ok(host.run("lease-acquire", OTHER, "300")).value("lease.was")).isEqualTo("free");
    }

    @Test
    void renewingMovesTheExpiryAndKeepsWhenTheLeaseWasFirstTaken() throws Exception {
        AgentScriptResult first = ok(host.run("lease-acquire", ME, "5"));
        AgentScriptResult renewed = ok(host.run("lease-renew", ME, "900"));

        assertThat(Long.parseLong(renewed.value("lease.expires"))).isEqualTo(Long.parseLong(renewed.value("now")) + 900);
        assertThat(renewed.value("lease.acquired")).isEqualTo(first.value("lease.acquired"));
        assertThat(read(host.agentRoot.resolve("state/lease"))).contains("owner=" + ME + "\n",
                "expires=" + renewed.value("lease.expires") + "\n");
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsRunnerCanNoLongerRenewIt() throws Exception {
        // what a runner that died an hour ago leaves behind, in the documented file format
        Files.createDirectories(host.agentRoot.resolve("state"));
        long past = System.currentTimeMillis() / 1000 - 3600;
        AgentScriptHost.write(host.agentRoot.resolve("state/lease"),
                "owner=" + OTHER + "\nexpires=" + past + "\nacquired=" + (past - 60) + "\n");
        AgentScriptResult shown = ok(host.run("lease-show"));
        assertThat(shown.value("lease.state")).isEqualTo("expired");
        assertThat(shown.value("lease.remaining")).isEqualTo("0");

        AgentScriptResult taken = ok(host.run("lease-acquire", ME, "60"));

        assertThat(taken.value("lease.was")).isEqualTo("expired");
        assertThat(taken.value("lease.previous-owner")).isEqualTo(OTHER);
        AgentScriptResult late = error(host.run("lease-renew", OTHER, "60"), 75);
        assertThat(late.value("lease.holder")).isEqualTo(ME);
    }

    @Test
    void renewingALeaseThatIsGoneIsRefusedNotSilentlyTakenAgain() throws Exception {
        ok(host.run("lease-acquire", ME, "60"));
        Files.delete(host.agentRoot.resolve("state/lease")); // cleared by hand

        AgentScriptResult r = error(host.run("lease-renew", ME, "60"), 69);

        assertThat(r.value("error.code")).isEqualTo("unavailable");
        assertThat(ok(host.run("lease-show")).value("lease.state")).isEqualTo("free");
    }

    @Test
    void ofRunnersAcquiringAtTheSameInstantExactlyOneGetsTheLease() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(List.of("lease-acquire", "ci@runner-" + i + ":" + (100 + i) + ":run-" + i, "300"));
        }

        List<AgentScriptResult> results = host.runConcurrently(calls);

        assertThat(results).filteredOn(r -> r.exitCode() == 0).hasSize(1);
        assertThat(results).filteredOn(r -> r.exitCode() == 75).hasSize(5);
        String winner = results.stream().filter(r -> r.exitCode() == 0).findFirst().orElseThrow().value("lease.owner");
        assertThat(results).filteredOn(r -> r.exitCode() == 75).allMatch(r -> r.value("lease.holder").equals(winner));
        assertThat(ok(host.run("lease-show")).value("lease.owner")).isEqualTo(winner);
        assertThat(host.agentRoot.resolve("state/lease.lock")).doesNotExist();
    }

    @Test
    void aLockLeftByAnAgentKilledMidVerbIsBrokenOnceItIsStale() throws Exception {
        Path lock = Files.createDirectories(host.agentRoot.resolve("state/lease.lock"));
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        AgentScriptResult r = ok(host.run("lease-acquire", ME, "60"));

        assertThat(r.value("lease.owner")).isEqualTo(ME);
        assertThat(lock).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ci@runner:1", "ci@runner:1:run:x", "ci@@runner:1:run", "-ci@runner:1:run", "ci@-r:1:run",
        "ci@runner:x1:run", "ci@runner:1:-run", "ci@runner:1:$(reboot)", "ci runner:1:run", "ci@runner:1:run\nx",
        "ci@runner:12345678901:run", ""})
    void leaseVerbsRefuseAnOwnerOutsideItsAllowList(String owner) throws Exception {
        for (String verb : List.of("lease-acquire", "lease-renew")) {
            AgentScriptResult r = error(host.run(verb, owner, "60"), 65);
            assertThat(r.value("error.message")).contains("user@runner-host:pid:run-id");
        }
        error(host.run("lease-release", owner), 65);
        assertThat(host.agentRoot.resolve("state/lease")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "010", "100000", "-5", "1.5", ""})
    void leaseVerbsRefuseATtlOutsideOneToNinetyNineThousandSeconds(String ttl) throws Exception {
        AgentScriptResult r = error(host.run("lease-acquire", ME, ttl), 65);
        assertThat(r.value("error.message")).contains("TTL");
    }

    // --- the script itself ------------------------------------------------------------------------------------------

    @Test
    void shellcheckPasses() throws Exception {
        Assumptions.assumeTrue(onPath("shellcheck"), "shellcheck not installed: apt-get install shellcheck");
        Process p = new ProcessBuilder("shellcheck", "--shell=sh", "--severity=style",
                AgentScriptHost.scriptSource().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private static AgentScriptResult ok(AgentScriptResult r) {
        assertWellFormed(r);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.lines()).as(r.toString()).last().isEqualTo("status=ok");
        return r;
    }

    private static AgentScriptResult error(AgentScriptResult r, int exitCode) {
        assertWellFormed(r);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
        assertThat(r.lines()).as(r.toString()).last().isEqualTo("status=error");
        assertThat(r.has("error.message")).as(r.toString()).isTrue();
        assertThat(r.stderr()).as(r.toString()).isNotBlank();
        return r;
    }

    private static void assertWellFormed(AgentScriptResult r) {
        assertThat(r.lines()).as(r.toString()).isNotEmpty();
        assertThat(r.lines().get(0)).as(r.toString()).isEqualTo("protocol=1");
        assertThat(r.lines()).as(r.toString()).allMatch(l -> LINE.matcher(l).matches());
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static boolean processAlive(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
