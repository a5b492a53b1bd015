package org.igdlab.twin.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.igdlab.twin.igd.GuestMemory;
import org.junit.jupiter.api.Test;

/** The guest's /sys/firmware as the lab's probes read it: ls, cat of memmap entries, od of fw_cfg files. */
class FirmwareFilesTest {
    final GuestMemory memory = new GuestMemory(0xC000_0000L, 0x1_0000_0000L);
    final VirtualGuest guest;

    FirmwareFilesTest() {
        memory.mark(0xbf000000L, 0x1000000L, GuestMemory.Type.RESERVED);
        guest = new VirtualGuest(List.of(), "6.12.48+deb13-amd64", memory,
                Map.of("etc/igd-bdsm-size", new byte[] {0, 0, 0, 4, 0, 0, 0, 0}, "etc/igd-opregion", "IntelGraphicsMem\u0008".getBytes()));
    }

    @Test
    void listsOneDirectoryPerMemoryMapEntryAndCatsTheirFiles() {
        ExecResult ls = guest.exec("ls", List.of("/sys/firmware/memmap"));
        assertThat(ls.exitCode()).isZero();
        assertThat(ls.stdout().lines().toList()).hasSize(memory.map().size()).contains("0", "4");
        int reserved = memory.map().indexOf(new GuestMemory.Range(0xbf000000L, 0xbfffffffL, GuestMemory.Type.RESERVED));
        String dir = "/sys/firmware/memmap/" + reserved + "/";
        ExecResult cat = guest.exec("cat", List.of(dir + "start", dir + "end", dir + "type"));
        assertThat(cat.stdout()).isEqualTo("0xbf000000\n0xbfffffff\nReserved\n");
    }

    @Test
    void catOfAMissingEntryFailsLikeCat() {
        ExecResult cat = guest.exec("cat", List.of("/sys/firmware/memmap/99/start"));
        assertThat(cat.exitCode()).isEqualTo(1);
        assertThat(cat.stderr()).contains("No such file or directory");
    }

    @Test
    void fwCfgDirectoryListsTheIgdFilesBesideQemusOwn() {
        ExecResult ls = guest.exec("/usr/bin/ls", List.of("/sys/firmware/qemu_fw_cfg/by_name/etc"));
        assertThat(ls.stdout().lines().toList()).contains("igd-bdsm-size", "igd-opregion", "e820", "acpi").doesNotHaveDuplicates();
    }

    @Test
    void odPrintsTheRawBytesSixteenToALine() {
        ExecResult od = guest.exec("od", List.of("-A", "n", "-t", "x1", "-v", "-N", "17",
                "/sys/firmware/qemu_fw_cfg/by_name/etc/igd-opregion/raw"));
        assertThat(od.stdout()).isEqualTo(" 49 6e 74 65 6c 47 72 61 70 68 69 63 73 4d 65 6d\n 08\n");
        ExecResult size = guest.exec("od", List.of("-A", "n", "-t", "x1", "-v", "/sys/firmware/qemu_fw_cfg/by_name/etc/igd-bdsm-size/raw"));
        assertThat(size.stdout()).isEqualTo(" 00 00 00 04 00 00 00 00\n");
    }

    @Test
    void aGuestWithoutFwCfgFilesHasNoIgdFiles() {
        VirtualGuest bare = new VirtualGuest(List.of(), "6.12.48+deb13-amd64");
        assertThat(bare.exec("ls", List.of("/sys/firmware/memmap")).exitCode()).isNotZero();
        assertThat(bare.exec("od", List.of("-A", "n", "-t", "x1", "/sys/firmware/qemu_fw_cfg/by_name/etc/igd-opregion/raw")).exitCode())
                .isEqualTo(1);
    }
}
