package org.igdlab.runner.guest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.igdlab.runner.qemu.GuestAgent;
import org.igdlab.runner.qemu.GuestAgentException;
import org.igdlab.runner.qemu.GuestExecResult;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

class GuestProbesTest {

    private static final class OneAnswer implements GuestAgent {
        final List<List<String>> asked = new ArrayList<>();
        final int exit;
        final String stdout;
        final String stderr;

        OneAnswer(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public void sync(Deadline d) {
        }

        @Override
        public GuestExecResult exec(List<String> argv, Deadline d) {
            asked.add(argv);
            return new GuestExecResult(argv, exit, stdout.getBytes(UTF_8), stderr.getBytes(UTF_8));
        }

        @Override
        public void close() {
        }
    }

    private final Deadline deadline = Deadline.after(Duration.ofSeconds(5));

    @Test
    void runsLspciForTheGuestFunctionAndReturnsItsOutput() throws Exception {
        String dump = "00:02.0 VGA compatible controller: Intel Corporation Device 3e92\n00: 86 80 92 3e 07 04 10 00\n";
        OneAnswer agent = new OneAnswer(0, dump, "");

        assertThat(new GuestProbes(agent).lspciConfig("00:02.0", deadline)).isEqualTo(dump);
        assertThat(agent.asked).containsExactly(List.of("lspci", "-xxxx", "-s", "00:02.0"));
    }

    @Test
    void aFailingLspciBecomesAnExceptionWithItsStderr() {
        OneAnswer agent = new OneAnswer(1, "", "pcilib: Cannot open /sys/bus/pci/devices\n");

        assertThatThrownBy(() -> new GuestProbes(agent).lspciConfig("00:02.0", deadline))
                .isInstanceOf(GuestAgentException.class)
                .hasMessageContaining("exited 1")
                .hasMessageContaining("Cannot open /sys/bus/pci/devices");
    }

    @Test
    void saysSoWhenTheGuestHasNoSuchFunction() {
        OneAnswer agent = new OneAnswer(0, "", "");

        assertThatThrownBy(() -> new GuestProbes(agent).lspciConfig("00:02.0", deadline))
                .isInstanceOf(GuestAgentException.class)
                .hasMessageContaining("no PCI function 00:02.0");
    }

    @Test
    void refusesAMalformedAddressBeforeAskingTheGuest() {
        OneAnswer agent = new OneAnswer(0, "x", "");

        assertThatThrownBy(() -> new GuestProbes(agent).lspciConfig("00:02.0; reboot", deadline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("00:02.0; reboot");
        assertThat(agent.asked).isEmpty();
    }

    /** Answers by the command line: a tiny guest with a /sys/class/drm. */
    private static final class DrmGuest implements GuestAgent {
        final List<List<String>> asked = new ArrayList<>();
        final java.util.Map<List<String>, String> answers;

        DrmGuest(java.util.Map<List<String>, String> answers) {
            this.answers = answers;
        }

        @Override
        public void sync(Deadline d) {
        }

        @Override
        public GuestExecResult exec(List<String> argv, Deadline d) {
            asked.add(argv);
            String out = answers.get(argv);
            return out == null ? new GuestExecResult(argv, 2, new byte[0], "No such file or directory\n".getBytes(UTF_8))
                    : new GuestExecResult(argv, 0, out.getBytes(UTF_8), new byte[0]);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void readsTheStatusOfEveryDrmConnectorAndOnlyOfConnectors() throws Exception {
        DrmGuest guest = new DrmGuest(java.util.Map.of(
                List.of("ls", "/sys/class/drm"), "card0\ncard0-DP-1\ncard0-HDMI-A-1\nrenderD128\nversion\n",
                List.of("cat", "/sys/class/drm/card0-DP-1/status"), "disconnected\n",
                List.of("cat", "/sys/class/drm/card0-HDMI-A-1/status"), "connected\n"));

        assertThat(new GuestProbes(guest).drmConnectors(deadline))
                .containsExactly(java.util.Map.entry("card0-DP-1", "disconnected"), java.util.Map.entry("card0-HDMI-A-1", "connected"));
        assertThat(guest.asked).hasSize(3);
    }

    @Test
    void aGuestWithoutDrmHasNoConnectors_aNameThatIsNoConnectorNeverBecomesAnArgument() throws Exception {
        assertThat(new GuestProbes(new DrmGuest(java.util.Map.of())).drmConnectors(deadline)).isEmpty();

        DrmGuest odd = new DrmGuest(java.util.Map.of(List.of("ls", "/sys/class/drm"), "card0-../../etc\ncard0-$(reboot)\n"));
        assertThat(new GuestProbes(odd).drmConnectors(deadline)).isEmpty();
        assertThat(odd.asked).hasSize(1);
    }

    @Test
    void aWindowsGuestRunsTheWindowsBuildOfLspci() throws Exception {
        OneAnswer agent = new OneAnswer(0, "00:02.0 VGA compatible controller: Intel Corporation Device 3e92\n", "");

        new GuestProbes(agent, "windows").lspciConfig("00:02.0", deadline);

        assertThat(agent.asked).containsExactly(List.of("C:\\igdlab\\pciutils\\lspci.exe", "-xxxx", "-s", "00:02.0"));
    }

    @Test
    void theWindowsDisplayQueryIsOneFixedArgvWithTheConstantScriptLast() throws Exception {
        OneAnswer agent = new OneAnswer(0, "{\"displayAdapters\":[],\"videoControllers\":[],\"monitors\":[]}\r\n", "");

        GuestProbes.WindowsDisplayRead read = new GuestProbes(agent, "windows").windowsDisplay(deadline);

        assertThat(read.display().adapters()).isEmpty();
        assertThat(agent.asked).containsExactly(List.of("powershell.exe", "-NoProfile", "-NonInteractive",
                "-ExecutionPolicy", "Bypass", "-Command", GuestProbes.WINDOWS_DISPLAY_QUERY));
        assertThat(GuestProbes.WINDOWS_DISPLAY_QUERY).contains("Win32_PnPEntity", "ConfigManagerErrorCode",
                "Win32_VideoController", "WmiMonitorID", "ConvertTo-Json");
    }

    @Test
    void aFailingOrUnreadableDisplayQueryIsAnAgentErrorNotAVerdict() {
        assertThatThrownBy(() -> new GuestProbes(new OneAnswer(1, "", "Access denied"), "windows").windowsDisplay(deadline))
                .isInstanceOf(GuestAgentException.class).hasMessageContaining("exited 1").hasMessageContaining("Access denied");
        assertThatThrownBy(() -> new GuestProbes(new OneAnswer(0, "not json", ""), "windows").windowsDisplay(deadline))
                .isInstanceOf(GuestAgentException.class).hasMessageContaining("no JSON");
    }

    @Test
    void readsTheLinuxKernelLogWithDmesg() throws Exception {
        OneAnswer agent = new OneAnswer(0, "[0.0] Command line: ro drm.debug=0x2\n[1.0] i915 0000:00:02.0: [drm] Failed to find VBIOS tables (VBT)\n", "");

        KernelLog log = new GuestProbes(agent).dmesg(deadline);

        assertThat(log.lines()).hasSize(2);
        assertThat(log.driverDebug()).isTrue();
        assertThat(agent.asked).containsExactly(List.of("dmesg"));
    }

    @Test
    void anUnknownGuestOsIsRefusedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> new GuestProbes(new OneAnswer(0, "", ""), "macos"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[linux, windows]");
    }
}
