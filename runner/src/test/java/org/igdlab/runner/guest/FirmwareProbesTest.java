package org.igdlab.runner.guest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.igdlab.runner.qemu.GuestAgent;
import org.igdlab.runner.qemu.GuestAgentException;
import org.igdlab.runner.qemu.GuestExecResult;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

/** The memory map, fw_cfg and 00:1f.0 probes: which plain commands they run, and what they make of the answers. */
class FirmwareProbesTest {

    /** Answers each command (its argv joined by spaces) from a table; anything else exits 2. */
    private static final class Scripted implements GuestAgent {
        final List<List<String>> asked = new ArrayList<>();
        final Map<String, String> answers;

        Scripted(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public void sync(Deadline d) {
        }

        @Override
        public GuestExecResult exec(List<String> argv, Deadline d) {
            asked.add(argv);
            String out = answers.get(String.join(" ", argv));
            return out == null ? new GuestExecResult(argv, 2, new byte[0], "No such file or directory\n".getBytes(UTF_8))
                    : new GuestExecResult(argv, 0, out.getBytes(UTF_8), new byte[0]);
        }

        @Override
        public void close() {
        }
    }

    private final Deadline deadline = Deadline.after(Duration.ofSeconds(5));

    @Test
    void readsTheMemoryMapWithOneLsAndOneCatSkippingNamesThatAreNotIndices() throws Exception {
        Scripted agent = new Scripted(Map.of(
                "ls /sys/firmware/memmap", "0\n1\n10\n2\n$(reboot)\n",
                "cat /sys/firmware/memmap/0/start /sys/firmware/memmap/0/end /sys/firmware/memmap/0/type"
                        + " /sys/firmware/memmap/1/start /sys/firmware/memmap/1/end /sys/firmware/memmap/1/type"
                        + " /sys/firmware/memmap/2/start /sys/firmware/memmap/2/end /sys/firmware/memmap/2/type"
                        + " /sys/firmware/memmap/10/start /sys/firmware/memmap/10/end /sys/firmware/memmap/10/type",
                "0x0\n0x9fbff\nSystem RAM\n0x9fc00\n0x9ffff\nReserved\n0x100000\n0xbaffffff\nSystem RAM\n"
                        + "0xbb000000\n0xbfffffff\nReserved\n"));
        MemoryMap map = new GuestProbes(agent).memoryMap(deadline);
        assertThat(agent.asked).hasSize(2);
        assertThat(map.entries()).hasSize(4);
        assertThat(map.reservedFrom(0xbfffe000L)).isEqualTo(0x2000);
        assertThat(map.raw()).contains("$ ls /sys/firmware/memmap").contains("Reserved");
    }

    @Test
    void aGuestWithoutAMemoryMapIsAnErrorNamingTheCommand() {
        assertThatThrownBy(() -> new GuestProbes(new Scripted(Map.of())).memoryMap(deadline))
                .isInstanceOf(GuestAgentException.class).hasMessageContaining("ls /sys/firmware/memmap exited 2");
    }

    @Test
    void readsTheIgdFwCfgFilesWithOdOnlyWhenListed() throws Exception {
        String etc = "/sys/firmware/qemu_fw_cfg/by_name/etc";
        Scripted agent = new Scripted(Map.of(
                "ls " + etc, "acpi\nboot-fail-wait\ne820\nigd-bdsm-size\nigd-opregion\n",
                "od -A n -t x1 -v -N 8 " + etc + "/igd-bdsm-size/raw", " 00 00 00 04 00 00 00 00\n",
                "od -A n -t x1 -v -N 24 " + etc + "/igd-opregion/raw",
                " 49 6e 74 65 6c 47 72 61 70 68 69 63 73 4d 65 6d\n 08 00 00 00 00 00 01 02\n"));
        FwCfgFiles files = new GuestProbes(agent).fwCfgFiles(deadline);
        assertThat(files.igdFiles()).containsExactlyInAnyOrder("igd-opregion", "igd-bdsm-size");
        assertThat(files.bdsmSize()).hasValue(64L * 1024 * 1024);
        assertThat(files.opregion()).hasValueSatisfying(h -> {
            assertThat(h.signed()).isTrue();
            assertThat(h.sizeKib()).isEqualTo(8);
            assertThat(h.major()).isEqualTo(2);
            assertThat(h.minor()).isEqualTo(1);
        });

        Scripted without = new Scripted(Map.of("ls " + etc, "acpi\ne820\n"));
        FwCfgFiles none = new GuestProbes(without).fwCfgFiles(deadline);
        assertThat(none.igdFiles()).isEmpty();
        assertThat(without.asked).hasSize(1);
    }

    @Test
    void odOutputThatIsNotHexBytesIsRefused() {
        String etc = "/sys/firmware/qemu_fw_cfg/by_name/etc";
        Scripted agent = new Scripted(Map.of("ls " + etc, "igd-bdsm-size\n",
                "od -A n -t x1 -v -N 8 " + etc + "/igd-bdsm-size/raw", " 00 00 zz\n"));
        assertThatThrownBy(() -> new GuestProbes(agent).fwCfgFiles(deadline))
                .isInstanceOf(GuestAgentException.class).hasMessageContaining("printed 'zz'");
    }

    @Test
    void asksLspciForTheNumericIdsAt1f0AndRefusesAnAddressThatIsNotOne() throws Exception {
        Scripted agent = new Scripted(Map.of("lspci -n -s 00:1f.0", "00:1f.0 0601: 8086:a305 (rev 10)\n"));
        assertThat(new GuestProbes(agent).lspciNumeric("00:1f.0", deadline)).startsWith("00:1f.0 0601: 8086:a305");
        assertThatThrownBy(() -> new GuestProbes(agent).lspciNumeric("00:1f.0;id", deadline))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
