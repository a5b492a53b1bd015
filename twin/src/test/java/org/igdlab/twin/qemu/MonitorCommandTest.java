package org.igdlab.twin.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.igdlab.twin.igd.GuestMemory;
import org.junit.jupiter.api.Test;

/** HMP {@code xp} through QMP human-monitor-command: guest physical memory, eight bytes a line. */
class MonitorCommandTest {
    @Test
    void xpPrintsBytesWithTheirPhysicalAddresses() {
        GuestMemory memory = new GuestMemory(0xC000_0000L, 0xC000_0000L);
        memory.write(0xbfffe000L, "IntelGraphicsMem".getBytes());
        String out = new MonitorCommand(memory).run("xp /10xb 0xbfffe000");
        assertThat(out).isEqualTo("00000000bfffe000: 0x49 0x6e 0x74 0x65 0x6c 0x47 0x72 0x61\r\n"
                + "00000000bfffe008: 0x70 0x68\r\n");
    }

    @Test
    void unwrittenMemoryReadsZeroAndOtherCommandsAreUnknown() {
        GuestMemory memory = new GuestMemory(0xC000_0000L, 0xC000_0000L);
        assertThat(new MonitorCommand(memory).run("xp /2xb 0x1000")).isEqualTo("0000000000001000: 0x00 0x00\r\n");
        assertThat(new MonitorCommand(memory).run("system_reset")).isEqualTo("unknown command: 'system_reset'\r\n");
    }
}
