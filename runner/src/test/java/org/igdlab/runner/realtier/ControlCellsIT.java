package org.igdlab.runner.realtier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.igdlab.runner.display.Frame;
import org.igdlab.runner.guest.GuestProbes;
import org.igdlab.runner.host.CollectReply;
import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.host.HostFacts;
import org.igdlab.runner.host.LaunchReply;
import org.igdlab.runner.qemu.GuestAgentException;
import org.igdlab.runner.qemu.QgaClient;
import org.igdlab.runner.qemu.QmpClient;
import org.igdlab.runner.qemu.QmpException;
import org.igdlab.runner.realtier.ControlCellCommandLine.Firmware;
import org.igdlab.runner.realtier.ControlCellCommandLine.Machine;
import org.igdlab.runner.realtier.ControlCellCommandLine.Ovmf;
import org.igdlab.runner.realtier.ControlCellCommandLine.SeaBios;
import org.igdlab.runner.ssh.ConnectionLostException;
import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.ssh.SshConnector;
import org.igdlab.runner.time.Deadline;
import org.igdlab.runner.verdict.ConfigSpace;
import org.igdlab.runner.verdict.LspciDump;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real-components tier: control cells (an emulated VGA at 00:02.0, no IGD) on OpenSSH hosts in
 * network namespaces, driven through the runner's own classes: SshConnector/RemoteShell with the
 * pinned host key, HostAgent with the real agent script, QMP and QGA over direct-streamlocal
 * channels, GuestProbes and LspciDump on the guest's real lspci. Real QEMU under TCG, Debian's
 * SeaBIOS and OVMF, a Debian kernel. Skipped unless root, the tools, and IGDLAB_REALTIER=1.
 */
class ControlCellsIT {

    private static final int HOSTS = 6;
    private static final String READY = "igdlab-guest: ready";
    private static final Duration BOOT_BUDGET = Duration.ofSeconds(120);

    private static Path repository;
    private static Path tierDir;
    private static ControlGuest guest;
    private static NamespaceHosts hosts;
    private static final SshConnector CONNECTOR = new SshConnector(Clock.systemUTC());

    @BeforeAll
    static void bringUpHosts() {
        if (RealTierRequirements.missingHere().isPresent()) {
            log("%s", RealTierRequirements.missingHere().orElseThrow());
            return; // every test then skips, with the reason, in @BeforeEach
        }
        repository = repositoryRoot();
        tierDir = repository.resolve("runner/target/realtier");
        long t0 = System.nanoTime();
        guest = ControlGuest.build(repository, tierDir.resolve("guest"));
        long t1 = System.nanoTime();
        hosts = NamespaceHosts.up(repository, HOSTS, tierDir.resolve("hosts"), guest);
        long t2 = System.nanoTime();
        log("guest %s ready in %s, %d namespace hosts up in %s", guest.kernelRelease(), secs(t1 - t0), HOSTS,
                secs(t2 - t1));
    }

    @BeforeEach
    void skipUnlessTheTierCanRunHere() {
        RealTierRequirements.assumeMet();
    }

    @AfterAll
    static void bringDownHosts() {
        if (hosts == null) {
            return;
        }
        List<String> leftInNamespaces = new ArrayList<>();
        for (NamespaceHosts.Host h : hosts.hosts()) {
            hosts.qemuPids(h).forEach(pid -> leftInNamespaces.add(h.name() + ": qemu pid " + pid));
        }
        long t0 = System.nanoTime();
        hosts.close();
        log("hosts down in %s", secs(System.nanoTime() - t0));
        assertThat(leftInNamespaces).as("QEMU processes the cells left running (hosts down killed them)").isEmpty();
        assertThat(NamespaceHosts.liveProcessesMentioning(tierDir.resolve("hosts").toString()))
                .as("processes of the tier alive after hosts down").isEmpty();
    }

    @Test
    void controlCellsBootOnPcAndQ35WithSeabiosAndOvmfOnFourHostsAtOnceAndShowTheEmulatedVga() throws Exception {
        List<CellPlan> plans = List.of(
                new CellPlan("rt-1", Machine.PC, "seabios"),
                new CellPlan("rt-2", Machine.PC, "ovmf"),
                new CellPlan("rt-3", Machine.Q35, "seabios"),
                new CellPlan("rt-4", Machine.Q35, "ovmf"));
        ExecutorService pool = Executors.newFixedThreadPool(plans.size());
        List<Future<CellResult>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (CellPlan plan : plans) {
                futures.add(pool.submit(() -> runControlCell(plan)));
            }
            List<CellResult> results = new ArrayList<>();
            for (Future<CellResult> f : futures) {
                results.add(f.get());
            }
            log("4 control cells at once in %s", secs(System.nanoTime() - t0));
            for (CellResult r : results) {
                assertThat(r.vga().bdf()).as(r.cell() + " lspci BDF").endsWith("00:02.0");
                assertThat(r.vga().word(0x00)).as(r.cell() + " vendor").hasValue(0x1234);
                assertThat(r.vga().word(0x02)).as(r.cell() + " device").hasValue(0x1111);
                assertThat(r.vga().dword(0x08).orElseThrow() >>> 16).as(r.cell() + " class").isEqualTo(0x0300);
                assertThat(r.screen().distinctColours()).as(r.cell() + " distinct pixel values on screen").isGreaterThan(1);
                assertThat(r.screen().width()).as(r.cell() + " screen width").isGreaterThanOrEqualTo(640);
                assertThat(r.screen().height()).as(r.cell() + " screen height").isGreaterThanOrEqualTo(400);
                assertThat(r.collected()).as(r.cell() + " collected files")
                        .contains("serial.log", "qemu.args", "qemu.pid", "qemu.stderr", "host-dmesg.txt", "screen.ppm");
                assertThat(r.serial()).as(r.cell() + " serial console").contains(READY);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHostWhoseSshdDiesMidCellFailsWithConnectionLostNamingTheHostAndItsQemuIsStoppedAfterReconnecting()
            throws Exception {
        NamespaceHosts.Host host = hosts.host("rt-5");
        String cellId = "sshd-dies";
        RemoteShell shell = CONNECTOR.connect(host.sshTarget(), Deadline.after(Duration.ofSeconds(15)));
        try {
            HostAgent agent = new HostAgent(shell, host.agentRoot(), HostAgent.bundledAgent());
            agent.ensureDeployed(Deadline.after(Duration.ofSeconds(30)));
            ControlCellCommandLine cell = commandLine(host, cellId, Machine.PC, "seabios", List.of());
            LaunchReply launched = agent.launch(cellId, cell.argv(), Deadline.after(Duration.ofSeconds(30)));
            assertThat(launched.running()).as("launched " + launched).isTrue();

            hosts.killSshd(host);
            long t0 = System.nanoTime();
            Throwable lost = catchThrowable(() -> agent.status(cellId, Deadline.after(Duration.ofSeconds(10))));
            log("rt-5: after sshd died, status failed in %s with %s", secs(System.nanoTime() - t0), lost);
            assertThat(lost).isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("host=rt-5")
                    .hasMessageContaining(host.address());
            assertThat(hosts.qemuPids(host)).as("the cell's QEMU outlives the SSH connection").isNotEmpty();
        } finally {
            shell.close();
        }

        hosts.startSshd(host);
        try (RemoteShell again = connectRetrying(host, Deadline.after(Duration.ofSeconds(15)))) {
            HostAgent agent = new HostAgent(again, host.agentRoot(), HostAgent.bundledAgent());
            assertThat(agent.stop(cellId, 5, Deadline.after(Duration.ofSeconds(30))).first("was")).hasValue("running");
            assertThat(agent.status(cellId, Deadline.after(Duration.ofSeconds(10))).first("state")).hasValue("exited");
        }
        assertThat(hosts.qemuPids(host)).as("QEMU of rt-5 after stop").isEmpty();
    }

    @Test
    void aGuestThatNeverStartsItsAgentEndsInAGuestAgentTimeoutAndItsSerialConsoleStillReads() throws Exception {
        NamespaceHosts.Host host = hosts.host("rt-6");
        String cellId = "no-qga";
        try (RemoteShell shell = CONNECTOR.connect(host.sshTarget(), Deadline.after(Duration.ofSeconds(15)))) {
            HostAgent agent = new HostAgent(shell, host.agentRoot(), HostAgent.bundledAgent());
            agent.ensureDeployed(Deadline.after(Duration.ofSeconds(30)));
            ControlCellCommandLine cell = commandLine(host, cellId, Machine.PC, "seabios",
                    List.of(ControlCellCommandLine.NO_GUEST_AGENT));
            agent.launch(cellId, cell.argv(), Deadline.after(Duration.ofSeconds(30)));
            try {
                String serial = awaitSerial(shell, cell.serialLog(), READY + " qga=off", Deadline.after(BOOT_BUDGET));
                assertThat(serial).contains("00:02.0");

                Duration budget = Duration.ofSeconds(3);
                long t0 = System.nanoTime();
                try (QgaClient qga = QgaClient.over(shell.openUnixSocket(cell.guestAgentSocket(),
                        Deadline.after(Duration.ofSeconds(10))))) {
                    assertThatThrownBy(() -> new GuestProbes(qga).lspciConfig("00:02.0", Deadline.after(budget)))
                            .isInstanceOf(GuestAgentException.class)
                            .hasMessageContaining("no reply within the deadline");
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                log("rt-6: silent guest agent gave up after %s", secs(took.toNanos()));
                assertThat(took).isLessThan(budget.plusSeconds(2));

                String tail = new String(shell.download(cell.serialLog(), 1 << 20, Deadline.after(Duration.ofSeconds(10))),
                        StandardCharsets.UTF_8);
                assertThat(tail).contains(READY + " qga=off");
                quit(shell, cell);
            } finally {
                agent.stop(cellId, 5, Deadline.after(Duration.ofSeconds(30)));
            }
            CollectReply collected = agent.collect(cellId, Deadline.after(Duration.ofSeconds(30)));
            assertThat(new String(collected.files().get("serial.log"), StandardCharsets.UTF_8)).contains("qga=off");
        }
        assertThat(hosts.qemuPids(host)).as("QEMU of rt-6 after stop").isEmpty();
    }

    // --- one control cell, start to end ---------------------------------------------------------

    private record CellPlan(String host, Machine machine, String firmware) {
        String cellId() {
            return "control-" + machine.qemuName + "-" + firmware;
        }
    }

    private record CellResult(String cell, ConfigSpace vga, Frame screen, List<String> collected, String serial) {
    }

    private CellResult runControlCell(CellPlan plan) throws Exception {
        NamespaceHosts.Host host = hosts.host(plan.host());
        String label = plan.host() + "/" + plan.cellId();
        long t0 = System.nanoTime();
        try (RemoteShell shell = CONNECTOR.connect(host.sshTarget(), Deadline.after(Duration.ofSeconds(15)))) {
            long tConnected = System.nanoTime();
            HostAgent agent = new HostAgent(shell, host.agentRoot(), HostAgent.bundledAgent());
            agent.ensureDeployed(Deadline.after(Duration.ofSeconds(30)));
            HostFacts facts = agent.facts(Deadline.after(Duration.ofSeconds(30)));
            assertThat(facts.igdBdf()).as(label + ": a namespace host has no IGD").isEmpty();
            assertThat(facts.qemuVersion()).as(label + ": qemu version").isPresent();

            ControlCellCommandLine cell = commandLine(host, plan.cellId(), plan.machine(), plan.firmware(), List.of());
            if (cell.firmware() instanceof Ovmf o) {
                copyOvmfVars(shell, host, cell.cellDir(), o.varsCopy());
            }
            LaunchReply launched = agent.launch(plan.cellId(), cell.argv(), Deadline.after(Duration.ofSeconds(30)));
            assertThat(launched.running()).as(label + ": launched " + launched).isTrue();
            long tLaunched = System.nanoTime();
            ConfigSpace vga;
            Frame screen;
            String serial;
            try {
                serial = awaitSerial(shell, cell.serialLog(), READY, Deadline.after(BOOT_BUDGET));
                long tBooted = System.nanoTime();
                try (QgaClient qga = QgaClient.over(shell.openUnixSocket(cell.guestAgentSocket(),
                        Deadline.after(Duration.ofSeconds(10))))) {
                    String dump = new GuestProbes(qga).lspciConfig("00:02.0", Deadline.after(Duration.ofSeconds(30)));
                    List<ConfigSpace> spaces = LspciDump.parse(dump);
                    assertThat(spaces).as(label + ": lspci -xxxx -s 00:02.0 in the guest:\n" + dump).hasSize(1);
                    vga = spaces.get(0);
                }
                long tProbed = System.nanoTime();
                String screenFile = cell.cellDir() + "/screen.ppm";
                try (QmpClient qmp = QmpClient.connect(shell.openUnixSocket(cell.qmpSocket(),
                        Deadline.after(Duration.ofSeconds(10))), Deadline.after(Duration.ofSeconds(10)))) {
                    ObjectNode args = JsonNodeFactory.instance.objectNode().put("filename", screenFile);
                    qmp.execute("screendump", args, Deadline.after(Duration.ofSeconds(30)));
                }
                screen = Frame.fromPpm(shell.download(screenFile, 64L << 20, Deadline.after(Duration.ofSeconds(30))));
                quit(shell, cell);
                log("%s: connect %s, deploy+facts+launch %s, boot to marker %s, lspci via QGA %s, screendump %dx%d "
                        + "(%d colours) %s", label, secs(tConnected - t0), secs(tLaunched - tConnected),
                        secs(tBooted - tLaunched), secs(tProbed - tBooted), screen.width(), screen.height(),
                        screen.distinctColours(), secs(System.nanoTime() - tProbed));
            } finally {
                agent.stop(plan.cellId(), 5, Deadline.after(Duration.ofSeconds(30)));
            }
            CollectReply collected = agent.collect(plan.cellId(), Deadline.after(Duration.ofSeconds(60)));
            log("%s: whole cell %s", label, secs(System.nanoTime() - t0));
            return new CellResult(label, vga, screen, List.copyOf(collected.files().keySet()), serial);
        }
    }

    private ControlCellCommandLine commandLine(NamespaceHosts.Host host, String cellId, Machine machine, String firmware,
            List<String> kernelFlags) {
        String cellDir = host.agentRoot() + "/cells/" + cellId;
        Firmware fw = firmware.equals("ovmf") ? new Ovmf(host.ovmfCode(), cellDir + "/ovmf-vars.fd")
                : new SeaBios(host.seabios());
        return new ControlCellCommandLine(host.qemu(), machine, fw, cellDir, host.guestKernel(), host.guestInitramfs(),
                kernelFlags);
    }

    /** Each OVMF cell gets its own copy of the vars store, made on the host before launch. */
    private static void copyOvmfVars(RemoteShell shell, NamespaceHosts.Host host, String cellDir, String varsCopy)
            throws RemoteException {
        for (List<String> argv : List.of(List.of("mkdir", "-p", "--", cellDir), List.of("cp", "--", host.ovmfVars(), varsCopy))) {
            var result = shell.exec(argv, new byte[0], Deadline.after(Duration.ofSeconds(10)));
            assertThat(result.succeeded()).as(result + ": " + result.stderrTail()).isTrue();
        }
    }

    private static void quit(RemoteShell shell, ControlCellCommandLine cell) throws RemoteException {
        try (QmpClient qmp = QmpClient.connect(shell.openUnixSocket(cell.qmpSocket(), Deadline.after(Duration.ofSeconds(10))),
                Deadline.after(Duration.ofSeconds(10)))) {
            qmp.execute("quit", JsonNodeFactory.instance.objectNode(), Deadline.after(Duration.ofSeconds(10)));
        } catch (QmpException e) {
            // QEMU may close the monitor before its reply arrives; agent stop is the bounded fallback
            log("%s: QMP quit: %s", cell.cellDir(), e.getMessage());
        }
    }

    /** Polls the serial log over SFTP until it contains {@code marker}; the log so far is in the failure. */
    private static String awaitSerial(RemoteShell shell, String serialLog, String marker, Deadline d)
            throws RemoteException, InterruptedException {
        String text = "";
        while (true) {
            try {
                text = new String(shell.download(serialLog, 1 << 20, d.within(Duration.ofSeconds(10))), StandardCharsets.UTF_8);
            } catch (RemoteException e) {
                if (e instanceof ConnectionLostException) {
                    throw e;
                }
                text = "(not readable yet: " + e.getMessage() + ")";
            }
            if (text.contains(marker)) {
                return text;
            }
            if (d.expired()) {
                throw new AssertionError("no '" + marker + "' on the serial console " + serialLog + " in time; it says:\n"
                        + text);
            }
            Thread.sleep(250);
        }
    }

    private static RemoteShell connectRetrying(NamespaceHosts.Host host, Deadline d) throws Exception {
        while (true) {
            try {
                return CONNECTOR.connect(host.sshTarget(), d.within(Duration.ofSeconds(5)));
            } catch (RemoteException e) {
                if (d.expired()) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("scripts/realtier/hosts"))) {
                return p;
            }
        }
        throw new IllegalStateException("no scripts/realtier/hosts above " + Path.of("").toAbsolutePath());
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    private static void log(String format, Object... args) {
        System.out.println("realtier: " + String.format(Locale.ROOT, format, args));
    }
}
