package org.igdlab.twin.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.igdlab.twin.display.OsOutput;
import org.igdlab.twin.display.PreOsOutput;
import org.igdlab.twin.display.TextScreen;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.QemuCrash;
import org.igdlab.twin.guest.VirtualGuest;
import org.igdlab.twin.igd.FirmwareContext;
import org.igdlab.twin.igd.GuestFirmware;
import org.igdlab.twin.igd.GuestMemory;
import org.igdlab.twin.igd.IgdRegisters;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.igd.PciConfigAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running virtual QEMU: firmware POST, guest boot, QMP/QGA sockets, and how it ends. */
public final class QemuProcess {
    private static final Logger log = LoggerFactory.getLogger(QemuProcess.class);

    private final int pid;
    private final String program;
    private final String version;
    private final QemuHost host;
    private final VirtualGuest guest;
    private final GuestFirmware firmware;
    private final FirmwareContext firmwareContext;
    private final List<String> sockets;
    private final Path stderrFile;
    private final Optional<Path> serialFile;
    private final Optional<Path> debugconFile;
    private final List<VfioIgdRealizer.GttWatch> gttWatches;
    private final Optional<VfioIgdRealizer.IgdDisplay> display;
    /** What the monitor on the IGD's port shows now; black until firmware or guest draws. */
    private volatile TextScreen screen = TextScreen.black();
    private boolean paused;
    private boolean bootStarted;
    private Integer exitCode;
    private String exitSignal;

    QemuProcess(int pid, String program, String version, QemuHost host, VirtualGuest guest, GuestFirmware firmware,
                FirmwareContext firmwareContext, List<String> sockets, Path stderrFile, Optional<Path> serialFile,
                Optional<Path> debugconFile, boolean paused, List<VfioIgdRealizer.GttWatch> gttWatches,
                Optional<VfioIgdRealizer.IgdDisplay> display) {
        this.gttWatches = List.copyOf(gttWatches);
        this.display = display;
        this.pid = pid;
        this.program = program;
        this.version = version;
        this.host = host;
        this.guest = guest;
        this.firmware = firmware;
        this.firmwareContext = firmwareContext;
        this.sockets = List.copyOf(sockets);
        this.stderrFile = stderrFile;
        this.serialFile = serialFile;
        this.debugconFile = debugconFile;
        this.paused = paused;
    }

    public int pid() {
        return pid;
    }

    String version() {
        return version;
    }

    public synchronized boolean isRunning() {
        return exitCode == null && exitSignal == null;
    }

    public synchronized OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    public synchronized Optional<String> exitSignal() {
        return Optional.ofNullable(exitSignal);
    }

    /** The guest's physical memory, as the firmware left it (QMP {@code xp} reads it). */
    GuestMemory memory() {
        return firmwareContext.memory();
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** Starts the CPUs: at once without -S, on QMP `cont` with it. */
    synchronized void resume() {
        paused = false;
        if (bootStarted || !isRunning()) return;
        bootStarted = true;
        List<String> firmwareLog = firmware.post(firmwareContext);
        debugconFile.ifPresent(f -> append(f, firmwareLog));
        log.debug("pid {} firmware {} posted: {}", pid, firmware.name(), firmwareLog);
        for (VfioIgdRealizer.GttWatch w : gttWatches) {
            Optional<String> hardwareError = w.trap().afterFirmware(firmware, w.igd());
            if (hardwareError.isPresent()) {
                append(stderrFile, List.of(hardwareError.get()));
                exit(null, "ABRT");
                return;
            }
        }
        if (display.isPresent() && PreOsOutput.shown(firmware, display.get().wiring(), display.get().igd())) {
            screen = firmwareScreen();
        }
        host.scheduler().schedule(this::guestBooted, host.bootDelay().toNanos(), TimeUnit.NANOSECONDS);
        host.faults().setting(QemuCrash.class).ifPresent(crash ->
                host.scheduler().schedule(this::segfault, crash.after().toNanos(), TimeUnit.NANOSECONDS));
    }

    private void guestBooted() {
        synchronized (this) {
            if (!isRunning()) return;
        }
        List<String> bootLog = bootLog();
        if (host.faults().has(Fault.GUEST_HANG)) {
            // the console stops mid-boot and the guest agent never starts
            serialFile.ifPresent(f -> append(f, bootLog.subList(0, bootLog.size() - 1)));
            log.info("pid {} guest hangs during boot (fault guest-hang)", pid);
            return;
        }
        serialFile.ifPresent(f -> append(f, bootLog));
        boolean vbt = display.isPresent() && OsOutput.vbtFound(display.get().igd(), display.get().hostAsls());
        if (display.isPresent()) guest.drmProbed(vbt, host.displayConnected());
        // the guest's own drivers react to what they read (igd-model.md §5.3, §5.4)
        display.ifPresent(d -> guest.driversProbed(d.hostAsls(), d.igd().hostFirmwareValue(IgdRegisters.GGC, 2),
                host.displayConnected(), host.faults()));
        // i915 owns the port from here: it lights it with the console, or never touches it and the
        // firmware's last picture (or nothing) stays on the panel.
        if (vbt && host.displayConnected()) screen = consoleScreen();
        guest.bootCompleted();
    }

    /**
     * Fault qemu-crash: the process dies by SIGSEGV. A real segfault leaves QEMU's stderr as it
     * was; the host kernel logs the crash to dmesg.
     */
    private void segfault() {
        if (!isRunning()) return;
        host.dmesg(QemuCrash.dmesgLine(program, pid));
        log.info("virtual QEMU pid {} crashes (fault qemu-crash)", pid);
        exit(null, "SEGV");
    }

    private List<String> bootLog() {
        if (guest.isWindows()) {
            // Windows writes nothing to COM1 by itself; the image's EMS console (bcdedit /ems on) does
            return List.of("igdlab-twin: Windows Boot Manager (EMS on COM1)", "Computer is booting, SAC started and initialized.",
                    "igdlab-twin: guest ready");
        }
        String igdLine = firmwareContext.devices().stream().filter(d -> d.address().equals(PciAddress.IGD) && d.vendorId() == 0x8086)
                .findFirst().map(this::opregionLine).orElse("[    1.200000] igdlab-twin: no Intel display at 00:02.0");
        return List.of("[    0.000000] Linux version " + guest.kernelRelease() + " (igdlab twin guest)",
                "[    0.000000] Command line: console=ttyS0", igdLine,
                "[    2.000000] igdlab-twin: guest ready");
    }

    private String opregionLine(PciConfigAccess igd) {
        long asls = igd.read(IgdRegisters.ASLS, 4);
        String detail = asls == 0 ? "ACPI OpRegion not supported!" : String.format("graphic opregion physical addr: 0x%x", asls);
        return "[    1.200000] i915 0000:00:02.0: [drm:intel_opregion_setup [i915]] " + detail;
    }

    /** What a capture device on the IGD's port records now (black when the VM is gone). */
    public TextScreen screen() {
        return isRunning() ? screen : TextScreen.black();
    }

    private TextScreen firmwareScreen() {
        return new TextScreen(List.of(firmware.name().startsWith("seabios-")
                ? "SeaBIOS (version " + firmware.name().substring("seabios-".length()) + "-igdlab-twin)"
                : firmware.name(), "", "Booting from Hard Disk..."));
    }

    private TextScreen consoleScreen() {
        return new TextScreen(List.of("Debian GNU/Linux 13 igdlab-guest tty1", "", "igdlab-guest login:"));
    }

    /** QMP quit: QEMU exits 0. */
    void quit() {
        exit(0, null);
    }

    /** A signal from `stop`: SIGTERM makes QEMU exit 0 after a notice; SIGKILL just ends it. */
    public void signal(String name) {
        if (!isRunning()) return;
        if (name.equals("TERM")) {
            append(stderrFile, List.of(program + ": terminating on signal 15 from pid 1 (<unknown>)"));
            exit(0, null);
        } else {
            exit(null, name);
        }
    }

    private void exit(Integer code, String signal) {
        synchronized (this) {
            if (!isRunning()) return;
            exitCode = code;
            exitSignal = signal;
        }
        sockets.forEach(host::unlisten);
        guest.halted();
        log.info("virtual QEMU pid {} exited ({})", pid, code != null ? "code " + code : "signal " + signal);
    }

    static void append(Path file, List<String> lines) {
        if (lines.isEmpty()) return;
        try {
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
