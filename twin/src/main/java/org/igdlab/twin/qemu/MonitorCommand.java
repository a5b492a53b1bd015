package org.igdlab.twin.qemu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.igdlab.twin.igd.GuestMemory;

/**
 * The HMP commands the lab sends through QMP {@code human-monitor-command}: {@code xp /Nxb ADDR}
 * (physical memory as bytes, eight per line, as monitor/hmp-cmds-target.c memory_dump prints
 * them). The output is HMP's, with "\r\n" line ends; anything else is HMP's unknown-command line.
 */
final class MonitorCommand {
    private static final Pattern XP = Pattern.compile("^xp\\s+/(\\d{1,5})xb\\s+(0x[0-9a-fA-F]{1,16}|\\d{1,20})\\s*$");
    private static final int LINE = 8;
    private static final int MAX = 65536;

    private final GuestMemory memory;

    MonitorCommand(GuestMemory memory) {
        this.memory = memory;
    }

    String run(String commandLine) {
        Matcher m = XP.matcher(commandLine.strip());
        if (!m.matches()) {
            String name = commandLine.strip().split("\\s+", 2)[0];
            return "unknown command: '" + name + "'\r\n";
        }
        int count = Math.min(Integer.parseInt(m.group(1)), MAX);
        long address = Long.decode(m.group(2));
        byte[] bytes = memory.read(address, count);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i % LINE == 0) {
                if (i > 0) out.append("\r\n");
                out.append(String.format("%016x:", address + i));
            }
            out.append(String.format(" 0x%02x", bytes[i] & 0xff));
        }
        if (count > 0) out.append("\r\n");
        return out.toString();
    }
}
