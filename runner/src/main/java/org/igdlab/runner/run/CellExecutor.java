package org.igdlab.runner.run;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import io.qameta.allure.Allure;
import org.igdlab.runner.display.DisplayCheck;
import org.igdlab.runner.display.DisplayVerdict;
import org.igdlab.runner.guest.FwCfgFiles;
import org.igdlab.runner.guest.GuestProbes;
import org.igdlab.runner.guest.MemoryMap;
import org.igdlab.runner.guest.OpRegionHeader;
import org.igdlab.runner.guest.KernelLog;
import org.igdlab.runner.guest.WindowsDisplay;
import org.igdlab.runner.scenario.GuestExpectation;
import org.igdlab.runner.verdict.GuestJudge;
import org.igdlab.runner.host.AgentReply;
import org.igdlab.runner.host.CollectReply;
import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.host.StateGraph;
import org.igdlab.runner.host.HostNotBackException;
import org.igdlab.runner.host.HostState;
import org.igdlab.runner.host.PowerResult;
import org.igdlab.runner.host.LaunchReply;
import org.igdlab.runner.host.Reboots;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.qemu.CellPaths;
import org.igdlab.runner.qemu.GuestAddress;
import org.igdlab.runner.qemu.GuestAgent;
import org.igdlab.runner.qemu.DeviceAdd;
import org.igdlab.runner.qemu.PhysicalMemory;
import org.igdlab.runner.qemu.QemuCommandLine;
import org.igdlab.runner.qemu.QgaClient;
import org.igdlab.runner.qemu.Qmp;
import org.igdlab.runner.qemu.QmpClient;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.ProbeExpectation;
import org.igdlab.runner.scenario.QemuOutcome;
import org.igdlab.runner.scenario.RegisterExpectation;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.ssh.ShellWords;
import org.igdlab.runner.time.Deadline;
import org.igdlab.runner.verdict.ConfigSpace;
import org.igdlab.runner.verdict.ControlJudge;
import org.igdlab.runner.verdict.IgdRegisters;
import org.igdlab.runner.verdict.Judge;
import org.igdlab.runner.verdict.LspciDump;
import org.igdlab.runner.verdict.Mismatch;
import org.igdlab.runner.verdict.Observation;
import org.igdlab.runner.verdict.ProbeJudge;
import org.igdlab.runner.verdict.ProbeObservation;
import org.igdlab.runner.verdict.Verdict;

/**
 * Runs one planned cell on its host, step by step (design.md "A run, step by step"): agent up
 * to date → kernel (a reboot, only when the host does not run the cell's kernel) → host checks → bind → command line → launch → QMP (→ device_add the IGD for a hotplug cell) → guest agent → probe → quit →
 * stop → collect → verdict. Each step is an Allure step with its attachments.
 *
 * <p>The one decision made here is which party is at fault: anything that goes wrong before the
 * verdict is a lab fault ({@link CellOutcome.Broken}), and only the verdict can fail a cell.
 */
final class CellExecutor {

    private static final int STOP_GRACE_SECONDS = 10;
    /** The guest OS whose sysfs the deeper probes read. */
    private static final String LINUX = "linux";
    private static final int CONSOLE_TAIL_LINES = 20;
    /** The cell files a person reads; the agent's bookkeeping (pid, exit status, dmesg offset) is left out. */
    private static final List<String> ATTACHED_LOGS =
            List.of("qemu.args", "qemu.stderr", "qemu.stdout", "serial.log", "firmware.log", "host-dmesg.txt");

    private final Clock clock;
    private final RunBudgets budgets;
    private final String runId;
    private final Reboots.Policy reboot;

    CellExecutor(Clock clock, RunBudgets budgets, String runId) {
        this(clock, budgets, runId, Reboots.Policy.defaults());
    }

    CellExecutor(Clock clock, RunBudgets budgets, String runId, Reboots.Policy reboot) {
        this.clock = clock;
        this.budgets = budgets;
        this.runId = runId;
        this.reboot = reboot;
    }

    /** Room for one whole reboot: the next-boot and reboot calls, going down, coming up, a power cycle and a second wait. */
    private Duration rebootBudget() {
        return reboot.attempt().multipliedBy(2).plus(reboot.downWithin()).plus(reboot.upWithin().multipliedBy(2))
                .plus(reboot.powerWithin());
    }

    CellOutcome execute(PlannedCell planned, HostSession session) {
        Host host = planned.host();
        Instant start = clock.instant();
        CellSteps steps = new CellSteps(clock, host.name());
        String cellRunId = runId + "." + planned.cell().id();
        HostAgent agent = null;
        boolean launched = false;
        try {
            Deadline startDeadline = Deadline.after(clock, budgets.cell());
            // connect, agent, lease, host checks, bind: only the steps the host lacks, each a step of this cell;
            // a control cell assigns nothing (the emulated VGA stands where the IGD would): no vfio bind
            HostState needed = planned.cell().isControl() ? HostState.CHECKED : HostState.VFIO_BOUND;
            StateGraph.EdgeRunner<HostState> asSteps = (edge, d, body) -> steps.run(edge.description(), () -> {
                body.run(d);
                return null;
            });
            HostAgent before = session.ready(needed, startDeadline, asSteps);
            String kernel = planned.kernel();
            boolean reboots = !session.kernelRelease().equals(kernel);
            if (reboots) {
                // The planner grouped this host's cells by kernel: this happens once per kernel, not per cell.
                steps.step(Planner.REBOOT_STEP + kernel, () -> session.rebootInto(kernel, reboot, clock,
                        Deadline.after(clock, rebootBudget())));
            }
            // A reboot does not eat into the cell's budget: after one, the budget starts again.
            Deadline cellDeadline = reboots ? Deadline.after(clock, budgets.cell()) : startDeadline;
            // the rebooted host is leased, checked (in its new kernel) and bound anew
            HostAgent connected = reboots ? session.ready(needed, cellDeadline, asSteps) : before;
            if (reboots) {
                if (!session.kernelRelease().equals(kernel)) {
                    throw new LabFaultException("host " + host.name() + " is not fit for cells: it runs kernel "
                            + session.kernelRelease() + " after the reboot, the cell needs " + kernel, null);
                }
            }
            agent = connected;
            CellPaths paths = new CellPaths(host.agentRoot() + "/cells/" + cellRunId);
            List<String> argv = steps.step("build the QEMU command line", () -> {
                List<String> built = QemuCommandLine.build(planned.cell(), host, paths);
                CellSteps.attachText("QEMU command line", ShellWords.quote(built));
                return built;
            });
            LaunchReply launch = steps.step("launch QEMU", () -> connected.launch(cellRunId, argv,
                    cellDeadline.within(budgets.hostStep())));
            launched = true;
            GuestRun guest = launch.running()
                    ? runGuest(steps, session.shell(cellDeadline), connected, cellRunId, paths, planned, cellDeadline,
                            session.lpcId())
                    : GuestRun.qemuGone();
            CollectReply collected = teardown(steps, connected, cellRunId, cellDeadline);
            launched = false;
            String stderr = text(collected.files().get("qemu.stderr"));
            Optional<ConfigSpace> device = guest.device();
            Observation observation = new Observation(guest.qemuStayedUp(), stderr, device.map(IgdRegisters::decode));
            boolean control = planned.cell().isControl();
            Optional<DisplayVerdict> displayVerdict = guest.display();
            Verdict verdict = steps.step("verdict", () -> {
                Verdict v = control ? ControlJudge.judge(observation.qemuStarted(), stderr, device)
                        : withGuest(withProbes(withDisplay(Judge.judge(planned.expectation(), observation, host),
                                displayVerdict), planned, observation, guest.probes()), planned, observation, guest);
                CellSteps.attachText("verdict", explain(v, planned));
                return v;
            });
            Duration took = Duration.between(start, clock.instant());
            if (control) {
                return ControlOutcome.of(planned, verdict, took);
            }
            if (verdict instanceof Verdict.Failed failed) {
                return new CellOutcome.Failed(planned.cell().id(), host.name(), took,
                        failed.mismatches().stream().map(Mismatch::explanation).collect(Collectors.toList()));
            }
            return new CellOutcome.Passed(planned.cell().id(), host.name(), took, ((Verdict.Passed) verdict).checks());
        } catch (Exception e) {
            String step = steps.current();
            String message = "host=" + host.name() + " step='" + step + "': " + describe(e);
            if (launched && agent != null) {
                message += bestEffortTeardown(agent, cellRunId);
            }
            session.reset();
            return new CellOutcome.Broken(planned.cell().id(), host.name(), Duration.between(start, clock.instant()),
                    step, message, failedPowerAction(e));
        }
    }

    /**
     * A host that did not come back from a reboot even through its power control (the power action
     * failed, or ran and the host stayed away) needs a person: it is quarantined at once.
     */
    private static Optional<String> failedPowerAction(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HostNotBackException notBack && notBack.powerCycle().isPresent()) {
                PowerResult power = notBack.powerCycle().get();
                return Optional.of(power.succeeded()
                        ? "its power cycle ran (" + power.summary() + ") and it still did not come back"
                        : "its power action failed: " + power.summary());
            }
        }
        return Optional.empty();
    }

    /**
     * What the guest part of a cell found: whether QEMU stayed up, the config space of the function at
     * the IGD's address, and the display check's verdict (hosts with a monitor, IGD cells only).
     */
    private record GuestRun(boolean qemuStayedUp, Optional<ConfigSpace> device, Optional<DisplayVerdict> display,
                            ProbeObservation probes, Optional<KernelLog> kernelLog, Optional<WindowsDisplay> windows) {

        /** QEMU was gone before the guest could be asked anything. */
        static GuestRun qemuGone() {
            return new GuestRun(false, Optional.empty(), Optional.empty(), ProbeObservation.none(), Optional.empty(),
                    Optional.empty());
        }
    }

    private GuestRun runGuest(CellSteps steps, RemoteShell shell, HostAgent agent, String cellRunId, CellPaths paths,
                              PlannedCell planned, Deadline cellDeadline, Optional<String> hostLpcId) throws Exception {
        Optional<Qmp> maybeQmp = steps.step("QMP handshake",
                () -> connectQmp(shell, agent, cellRunId, paths, cellDeadline.within(budgets.qmp())));
        if (maybeQmp.isEmpty()) {
            // QEMU exited after the launch grace period: an observation for the verdict, not a lab fault.
            return GuestRun.qemuGone();
        }
        try (Qmp qmp = maybeQmp.get()) {
            if (planned.cell().hotplug()) {
                // hotplug: QEMU started without the IGD; add it now with the options the command line would have had
                steps.step("QMP device_add the IGD (hotplug)", () -> {
                    var args = DeviceAdd.arguments(QemuCommandLine.igdDeviceProperties(planned.cell(), planned.host()));
                    CellSteps.attachText("QMP device_add arguments", args.toPrettyString());
                    qmp.execute("device_add", args, cellDeadline.within(budgets.hostStep()));
                    return null;
                });
            }
            String guestBdf = GuestAddress.of(planned.cell()).bdf();
            try (GuestAgent qga = steps.step("wait for the guest agent",
                    () -> waitForGuest(shell, agent, cellRunId, paths, cellDeadline.within(budgets.guestBoot())))) {
                String dump = steps.step("probe the guest: lspci -xxxx -s " + guestBdf, () -> {
                    String out = new GuestProbes(qga, planned.cell().guest()).lspciConfig(guestBdf, cellDeadline.within(budgets.probe()));
                    CellSteps.attachText("guest lspci -xxxx -s " + guestBdf, out);
                    return out;
                });
                Optional<ConfigSpace> device = steps.step(planned.cell().isControl()
                        ? "decode the config header of " + guestBdf : "decode 0xFC, 0x5C, 0xC0, 0x50", () -> {
                    Optional<ConfigSpace> found = LspciDump.parse(dump).stream().findFirst();
                    CellSteps.attachText("decoded registers", found.map(d -> planned.cell().isControl()
                                    ? ControlOutcome.renderHeader(d) : render(IgdRegisters.decode(d)))
                            .orElse("the guest shows no device at " + guestBdf));
                    return found;
                });
                // the deeper probes read Linux's /sys/firmware: other guests are judged on the registers alone
                ProbeObservation probes = planned.cell().isControl() || !LINUX.equals(planned.cell().guest())
                        ? ProbeObservation.none()
                        : deeperProbes(steps, qga, qmp, planned, device, hostLpcId, cellDeadline);
                boolean windows = planned.cell().guest().equals("windows");
                Optional<KernelLog> kernelLog = Optional.empty();
                Optional<WindowsDisplay> windowsDisplay = Optional.empty();
                // the guest drivers' reactions (igd-model.md §5.3, §5.4): read where an expectation asks for them
                if (!planned.cell().isControl() && !windows && planned.expectation().guest().log().checked()) {
                    kernelLog = Optional.of(steps.step("probe the guest: dmesg", () -> {
                        KernelLog log = new GuestProbes(qga).dmesg(cellDeadline.within(budgets.probe()));
                        CellSteps.attachText("guest dmesg", String.join("\n", log.lines()) + "\n");
                        return log;
                    }));
                }
                if (!planned.cell().isControl() && windows) {
                    windowsDisplay = Optional.of(steps.step("probe the guest: Windows display adapter, video controller and monitors", () -> {
                        GuestProbes.WindowsDisplayRead read = new GuestProbes(qga, "windows")
                                .windowsDisplay(cellDeadline.within(budgets.probe()));
                        CellSteps.attachText("Windows display query (PowerShell JSON)", read.json());
                        return read.display();
                    }));
                }
                Optional<DisplayVerdict> display = Optional.empty();
                // a control cell's emulated VGA drives no port of the host: only IGD cells are judged on the display;
                // the DRM connectors are a Linux guest's (a Windows guest's monitors are judged from its display query)
                if (!planned.cell().isControl() && !windows && planned.host().display().connected()) {
                    display = Optional.of(steps.step("display: guest DRM connectors and a frame from the host's capture device", () -> {
                        DisplayCheck.Result r = new DisplayCheck(new GuestProbes(qga), agent).run(cellRunId,
                                planned.expectation().display(), cellDeadline.within(budgets.probe()),
                                cellDeadline.within(budgets.hostStep()));
                        CellSteps.attachText("guest DRM connectors", r.observation().connectors().toString());
                        Allure.addAttachment("frame from " + r.device(), "image/png", new ByteArrayInputStream(r.png()), ".png");
                        CellSteps.attachText("display judgement", String.join("\n", r.verdict().checks()) + "\n"
                                + r.verdict().mismatches().stream().map(f -> "MISMATCH " + f.explanation())
                                .collect(Collectors.joining("\n")));
                        return r.verdict();
                    }));
                }
                steps.run("QMP quit", () -> {
                    qmp.execute("quit", null, cellDeadline.within(budgets.hostStep()));
                    return null;
                });
                return new GuestRun(true, device, display, probes, kernelLog, windowsDisplay);
            }
        }
    }

    /**
     * The probes behind the checks of {@link ProbeJudge}, each run only when the expectation needs
     * it: the fw_cfg files (every IGD cell declares fw-cfg), the memory map (a firmware-allocated
     * register), the OpRegion at ASLS read through QMP (a firmware-allocated ASLS that some
     * firmware wrote), 00:1f.0 (an lpc expectation). Each is a step with its raw output attached.
     */
    private ProbeObservation deeperProbes(CellSteps steps, GuestAgent qga, Qmp qmp, PlannedCell planned,
                                          Optional<ConfigSpace> device, Optional<String> hostLpcId, Deadline cellDeadline)
            throws Exception {
        Expectation exp = planned.expectation();
        GuestProbes guestProbes = new GuestProbes(qga);
        Optional<FwCfgFiles> fwCfg = Optional.of(steps.step("probe the guest: fw_cfg files in /sys/firmware/qemu_fw_cfg", () -> {
            FwCfgFiles files = guestProbes.fwCfgFiles(cellDeadline.within(budgets.probe()));
            CellSteps.attachText("guest fw_cfg files", files.raw());
            return files;
        }));
        boolean firmwareAllocated = List.of(exp.asls(), exp.bdsm(), exp.bdsm64()).contains(RegisterExpectation.FIRMWARE_ALLOCATED);
        Optional<MemoryMap> memoryMap = Optional.empty();
        if (firmwareAllocated) {
            memoryMap = Optional.of(steps.step("probe the guest: memory map in /sys/firmware/memmap", () -> {
                MemoryMap map = guestProbes.memoryMap(cellDeadline.within(budgets.probe()));
                CellSteps.attachText("guest memory map", map.raw());
                return map;
            }));
        }
        OptionalLong asls = device.map(d -> IgdRegisters.decode(d).asls()).orElse(OptionalLong.empty());
        Optional<OpRegionHeader> atAsls = Optional.empty();
        if (exp.asls() == RegisterExpectation.FIRMWARE_ALLOCATED && asls.isPresent() && asls.getAsLong() != 0
                && asls.getAsLong() != planned.host().igd().registers().asls()) {
            long address = asls.getAsLong();
            atAsls = Optional.of(steps.step(String.format("read the OpRegion at 0xFC (0x%08x) through QMP xp", address), () -> {
                StringBuilder raw = new StringBuilder();
                byte[] bytes = PhysicalMemory.read(qmp, address, OpRegionHeader.LENGTH, cellDeadline.within(budgets.hostStep()), raw);
                CellSteps.attachText("guest memory at 0xFC", raw.toString());
                return OpRegionHeader.parse(bytes);
            }));
        }
        Optional<ProbeObservation.Lpc> lpc = Optional.empty();
        if (exp.probes().lpc() != ProbeExpectation.Lpc.UNCHECKED) {
            lpc = Optional.of(steps.step("probe the guest: lspci -n -s 00:1f.0", () -> {
                String line = guestProbes.lspciNumeric("00:1f.0", cellDeadline.within(budgets.probe()));
                CellSteps.attachText("guest lspci -n -s 00:1f.0", line + "\nhost LPC bridge: " + hostLpcId.orElse("not reported"));
                return new ProbeObservation.Lpc(line, hostLpcId);
            }));
        }
        return new ProbeObservation(memoryMap, fwCfg, atAsls, lpc);
    }

    /** The verdict with the deeper probes' findings added. */
    private static Verdict withProbes(Verdict v, PlannedCell planned, Observation observation, ProbeObservation probes) {
        if (!observation.qemuStarted() || !(planned.expectation().qemu() instanceof QemuOutcome.Starts)) {
            return v;
        }
        IgdRegisters guest = observation.guest().orElse(new IgdRegisters(OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty()));
        ProbeJudge.Findings f = ProbeJudge.judge(planned.expectation(), guest, planned.host(), probes);
        return v.plus(f.mismatches(), f.checks());
    }

    /**
     * Connects to QMP, polling until the socket answers. The poll is three-valued: QEMU having
     * exited ends it at once (empty result), a live QEMU that never answers is a lab fault.
     */
    private Optional<Qmp> connectQmp(RemoteShell shell, HostAgent agent, String cellRunId, CellPaths paths,
                                     Deadline deadline) throws Exception {
        Exception last = null;
        while (!deadline.expired()) {
            try {
                return Optional.of(QmpClient.connect(shell.openUnixSocket(paths.qmpSocket(), deadline), deadline));
            } catch (Exception e) {
                last = e;
            }
            AgentReply status = agent.status(cellRunId, deadline.within(budgets.hostStep()));
            if (!"running".equals(status.first("state").orElse(""))) {
                return Optional.empty();
            }
            Thread.sleep(Math.min(100, deadline.remainingMillisAtLeastOne()));
        }
        throw new LabFaultException("QEMU runs but QMP at " + paths.qmpSocket() + " never answered within "
                + budgets.qmp().toSeconds() + "s", last);
    }

    private GuestAgent waitForGuest(RemoteShell shell, HostAgent agent, String cellRunId, CellPaths paths,
                                    Deadline deadline) throws Exception {
        try {
            GuestAgent qga = QgaClient.over(shell.openUnixSocket(paths.qgaSocket(), deadline));
            qga.sync(deadline);
            return qga;
        } catch (Exception e) {
            // Diagnose before rethrowing: is QEMU alive, and what did the console say last?
            throw new LabFaultException("the guest agent did not answer: " + describe(e)
                    + diagnoseGuest(shell, agent, cellRunId, paths), e);
        }
    }

    private String diagnoseGuest(RemoteShell shell, HostAgent agent, String cellRunId, CellPaths paths) {
        Deadline quick = Deadline.after(clock, Duration.ofSeconds(10));
        StringBuilder why = new StringBuilder();
        try {
            AgentReply status = agent.status(cellRunId, quick);
            why.append("; QEMU state=").append(status.first("state").orElse("unknown"));
            status.first("exit-code").ifPresent(code -> why.append(" exit-code=").append(code));
        } catch (Exception e) {
            why.append("; QEMU state unknown (").append(describe(e)).append(')');
        }
        try {
            String serial = text(shell.download(paths.serialLog(), 1 << 20, quick));
            why.append("; last console lines:\n").append(tail(serial, CONSOLE_TAIL_LINES));
        } catch (Exception e) {
            why.append("; no serial console log (").append(describe(e)).append(')');
        }
        return why.toString();
    }

    private CollectReply teardown(CellSteps steps, HostAgent agent, String cellRunId, Deadline cellDeadline)
            throws Exception {
        steps.run("stop QEMU", () -> {
            agent.stop(cellRunId, STOP_GRACE_SECONDS, cellDeadline.within(budgets.hostStep()));
            return null;
        });
        return steps.step("collect logs", () -> {
            CollectReply reply = agent.collect(cellRunId, cellDeadline.within(budgets.hostStep()));
            for (String name : ATTACHED_LOGS) {
                byte[] content = reply.files().get(name);
                if (content != null && content.length > 0) {
                    CellSteps.attachBytes(name, content);
                }
            }
            return reply;
        });
    }

    /** After a lab fault mid-cell: leave no QEMU running, and say what the console showed. */
    private String bestEffortTeardown(HostAgent agent, String cellRunId) {
        Deadline quick = Deadline.after(clock, Duration.ofSeconds(STOP_GRACE_SECONDS + 20));
        StringBuilder notes = new StringBuilder();
        try {
            agent.stop(cellRunId, STOP_GRACE_SECONDS, quick);
            CollectReply collected = agent.collect(cellRunId, quick);
            String serial = text(collected.files().get("serial.log"));
            if (!serial.isBlank()) {
                notes.append("\nlast console lines:\n").append(tail(serial, CONSOLE_TAIL_LINES));
            }
            String stderr = text(collected.files().get("qemu.stderr"));
            if (!stderr.isBlank()) {
                notes.append("\nQEMU stderr:\n").append(tail(stderr, CONSOLE_TAIL_LINES));
            }
        } catch (Exception e) {
            notes.append("\n(teardown after the fault also failed: ").append(describe(e))
                    .append("; QEMU may still run on the host)");
        }
        return notes.toString();
    }

    private static String explain(Verdict verdict, PlannedCell planned) {
        StringBuilder out = new StringBuilder();
        if (verdict instanceof Verdict.Failed failed) {
            out.append("FAILED\n");
            for (Mismatch m : failed.mismatches()) {
                out.append("- ").append(m.explanation()).append('\n');
            }
            out.append("\nchecks that held:\n");
            failed.checks().forEach(c -> out.append("- ").append(c).append('\n'));
        } else {
            out.append("PASSED\n");
            ((Verdict.Passed) verdict).checks().forEach(c -> out.append("- ").append(c).append('\n'));
        }
        out.append("\nexpectation rules: ").append(String.join(", ", planned.expectation().rules())).append('\n');
        planned.expectation().citations().forEach(c -> out.append("  from ").append(c).append('\n'));
        return out.toString();
    }

    /** The register verdict with the display check's findings added (hosts without a display have none). */
    private static Verdict withDisplay(Verdict v, Optional<DisplayVerdict> display) {
        return display.map(d -> v.plus(d.mismatches().stream()
                .map(m -> new Mismatch(m.subject(), m.expected(), m.observed(), m.explanation())).toList(), d.checks()))
                .orElse(v);
    }

    /** The verdict with the guest drivers' reactions judged (kernel log, Windows adapter) where they were read. */
    private static Verdict withGuest(Verdict v, PlannedCell planned, Observation observation, GuestRun guest) {
        GuestExpectation exp = planned.expectation().guest();
        Verdict out = v;
        if (guest.kernelLog().isPresent()) {
            GuestJudge.Findings f = GuestJudge.judgeLog(exp.log(), exp.logSource(), guest.kernelLog().get(), observation.guest(),
                    planned.host().igd().registers().asls(), planned.cell().generation());
            out = out.plus(f.mismatches(), f.checks());
        }
        if (guest.windows().isPresent()) {
            GuestJudge.Findings f = GuestJudge.judgeWindows(exp.windows(), exp.windowsSource(), guest.windows().get(),
                    planned.host().display().connected());
            out = out.plus(f.mismatches(), f.checks());
        }
        return out;
    }

    /** The four registers as a person reads them in lspci: hex, width per register, "missing" when the dump lacks a byte. */
    static String render(IgdRegisters r) {
        return "0xFC ASLS   " + hex(r.asls(), 8) + "\n0x5C BDSM   " + hex(r.bdsm(), 8) + "\n0xC0 BDSM64 "
                + hex(r.bdsm64(), 16) + "\n0x50 GGC    " + hex(r.ggc(), 4) + "\n";
    }

    private static String hex(OptionalLong value, int digits) {
        return value.isPresent() ? String.format("0x%0" + digits + "x", value.getAsLong()) : "missing";
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.asList(all).subList(from, all.length));
    }
}
