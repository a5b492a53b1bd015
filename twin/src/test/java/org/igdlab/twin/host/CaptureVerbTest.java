package org.igdlab.twin.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.igdlab.twin.display.TextScreen;
import org.igdlab.twin.fault.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The capture device of a twin host with a monitor: what the frame shows is decided by the IGD
 * model (VBIOS for pre-OS output, the VBT behind ASLS for the guest console), never by the cell.
 */
class CaptureVerbTest {
    private static final String AGENT = VirtualHostTest.AGENT;
    private static final String QEMU = "/usr/bin/qemu-system-x86_64";
    private static final String FRAME = "/var/lib/igdlab/cells/%s/frame.ppm";
    private static final byte[] FIRMWARE = new TextScreen(List.of("SeaBIOS (version 1.17.0-igdlab-twin)", "",
            "Booting from Hard Disk...")).render().toPpm();
    private static final byte[] CONSOLE = new TextScreen(List.of("Debian GNU/Linux 13 igdlab-guest tty1", "",
            "igdlab-guest login:")).render().toPpm();
    private static final byte[] BLACK = TextScreen.black().render().toPpm();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private VirtualHost host;

    /** A Coffee Lake host booted CSM (shadow VBIOS), like cfl-01, with or without a monitor. */
    private void coffeeLake(boolean monitor, Faults faults) throws Exception {
        HostSpec spec = new HostSpec("cfl-01", "igdlab", "/var/lib/igdlab", "6.16.3-igdlab", List.of("6.16.3-igdlab"),
                Map.of(QEMU, VirtualHostTest.QEMU, "/usr/share/seabios/bios.bin", VirtualHostTest.SEABIOS,
                        "/usr/share/OVMF/OVMF_CODE_4M.fd", VirtualHostTest.OVMF),
                List.of(VirtualHostTest.QEMU, VirtualHostTest.SEABIOS, VirtualHostTest.OVMF),
                new IgdSpec("0000:00:02.0", 0x3e92, 0x030000, 0, true, 0x02c1, 0x8b800001L, null, 0x8a3a4018L),
                32768, 0xa305, 0x10, "2.1", 8, 0, faults, Duration.ofMillis(50), monitor);
        host = new VirtualHost(spec, timers);
        Files.writeString(host.path(AGENT), "#!/bin/sh\nIGDLAB_AGENT_PROTOCOL=1\n");
        agent("bind", "0000:00:02.0");
    }

    @AfterEach
    void close() throws Exception {
        if (host != null) host.close();
        timers.shutdownNow();
    }

    private CommandResult agent(String... args) {
        List<String> argv = new ArrayList<>(List.of(AGENT));
        argv.addAll(Arrays.asList(args));
        return host.exec(argv, () -> new byte[0]);
    }

    private void launch(String cell, String... qemuArgs) {
        String stdin = QEMU + "\n" + String.join("\n", qemuArgs) + "\n";
        CommandResult r = host.exec(List.of(AGENT, "launch", cell), () -> stdin.getBytes(StandardCharsets.UTF_8));
        assertThat(r.stdout()).as(r.toString()).contains("state=running");
    }

    /** Captures until the frame is {@code expected} or 5 s have passed; returns the last frame. */
    private byte[] captureUntil(String cell, byte[] expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        byte[] frame;
        do {
            CommandResult r = agent("capture", cell);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            frame = Files.readAllBytes(host.path(String.format(FRAME, cell)));
            assertThat(r.stdout()).contains("frame=frame.ppm\n", "file=" + String.format(FRAME, cell) + "\n",
                    "size=" + frame.length + "\n", "device=/dev/video0\n");
            if (Arrays.equals(frame, expected)) return frame;
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        return frame;
    }

    private static final String[] LEGACY_SEABIOS = {"-machine", "pc", "-nodefaults", "-vga", "none", "-bios",
            "/usr/share/seabios/bios.bin", "-device", "vfio-pci,host=0000:00:02.0,bus=pci.0,addr=02.0"};

    @Test
    void legacyModeWithSeaBiosShowsTheFirmwareThenTheGuestConsole() throws Exception {
        coffeeLake(true, Faults.none());
        launch("c1", LEGACY_SEABIOS);

        assertThat(captureUntil("c1", CONSOLE)).isEqualTo(CONSOLE);
        assertThat(agent("facts").stdout()).contains("display.capture=/dev/video0\n");
    }

    @Test
    void withoutAVbtInTheGuestTheFirmwarePictureStaysOnThePort() throws Exception {
        coffeeLake(true, Faults.parse(List.of("firmware-never-writes-asls")));
        launch("c2", LEGACY_SEABIOS);

        Thread.sleep(300);   // well past the 50 ms boot: the guest has had its chance to take the port over
        assertThat(captureUntil("c2", FIRMWARE)).isEqualTo(FIRMWARE);
    }

    @Test
    void upt0n35WithStockOvmfShowsNothingAtAll() throws Exception {
        coffeeLake(true, Faults.none());
        launch("c3", "-machine", "q35", "-nodefaults", "-drive",
                "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                "-device", "vfio-pci,host=0000:00:02.0,bus=pcie.0,addr=05.0");

        Thread.sleep(300);
        assertThat(captureUntil("c3", BLACK)).isEqualTo(BLACK);
    }

    @Test
    void uptWithSeaBiosHasNoPreOsOutputButTheGuestConsole() throws Exception {
        coffeeLake(true, Faults.none());
        launch("c4", "-machine", "pc", "-nodefaults", "-vga", "none", "-bios", "/usr/share/seabios/bios.bin",
                "-device", "vfio-pci,host=0000:00:02.0,bus=pci.0,addr=05.0");

        assertThat(captureUntil("c4", CONSOLE)).isEqualTo(CONSOLE);
    }

    @Test
    void aStoppedCellLeavesThePortDark() throws Exception {
        coffeeLake(true, Faults.none());
        launch("c5", LEGACY_SEABIOS);
        captureUntil("c5", CONSOLE);
        agent("stop", "c5");

        assertThat(captureUntil("c5", BLACK)).isEqualTo(BLACK);
    }

    @Test
    void aHostWithoutAMonitorHasNoCaptureDevice() throws Exception {
        coffeeLake(false, Faults.none());
        launch("c6", LEGACY_SEABIOS);

        CommandResult r = agent("capture", "c6");
        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.stdout()).contains("error.code=unavailable\n");
        assertThat(agent("facts").stdout()).doesNotContain("display.capture");
    }

    @Test
    void captureChecksItsArguments() throws Exception {
        coffeeLake(true, Faults.none());

        assertThat(agent("capture", "c7", "qemu.pid").exitCode()).isEqualTo(65);
        assertThat(agent("capture", "../x").exitCode()).isEqualTo(65);
        assertThat(agent("capture", "never").exitCode()).isEqualTo(69);
        assertThat(agent("capture").exitCode()).isEqualTo(64);
    }
}
