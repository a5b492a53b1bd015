package org.igdlab.runner.qemu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.igdlab.runner.time.Deadline;

/**
 * Guest physical memory read from the host side, through QMP {@code human-monitor-command}
 * {@code xp /Nxb ADDR}: what the guest's firmware left there, whatever the guest OS thinks of it.
 * The address and count are numbers the runner formats itself, never text from a guest.
 */
public final class PhysicalMemory {
    /** One xp line: {@code 00000000bffbd000: 0x49 0x6e …} (a zero byte may print as {@code 0}). */
    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{1,16}):((?:\\s+(?:0x)?[0-9a-fA-F]{1,2})+)\\s*$");
    /** Enough for an OpRegion header; xp prints eight bytes a line, so this stays a short reply. */
    public static final int MAX_BYTES = 4096;

    private PhysicalMemory() {
    }

    /** {@code length} bytes at guest physical {@code address}; the monitor's text goes to {@code raw} when not null. */
    public static byte[] read(Qmp qmp, long address, int length, Deadline d, StringBuilder raw) throws QmpException {
        if (length < 1 || length > MAX_BYTES) {
            throw new IllegalArgumentException("length (" + length + ") must be 1.." + MAX_BYTES);
        }
        if (address < 0) {
            throw new IllegalArgumentException("address (0x" + Long.toHexString(address) + ") must be a guest physical address");
        }
        String command = "xp /" + length + "xb 0x" + Long.toHexString(address);
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("command-line", command);
        JsonNode reply = qmp.execute("human-monitor-command", args, d);
        String text = reply.asText("");
        if (raw != null) {
            raw.append("(qemu) ").append(command).append('\n').append(text.replace("\r\n", "\n"));
        }
        return parse(text, address, length);
    }

    /**
     * The bytes of an {@code xp /Nxb} reply, checked to start at {@code address} and run on without
     * a gap for {@code length} bytes.
     *
     * @throws IllegalArgumentException naming the line that is not what xp prints (e.g. an error message)
     */
    public static byte[] parse(String text, long address, int length) {
        byte[] out = new byte[length];
        int n = 0;
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("xp printed '" + line.strip() + "', not an address and bytes");
            }
            long at = Long.parseUnsignedLong(m.group(1), 16);
            if (at != address + n) {
                throw new IllegalArgumentException("xp line at 0x" + Long.toHexString(at) + " where 0x"
                        + Long.toHexString(address + n) + " was next");
            }
            for (String token : m.group(2).strip().split("\\s+")) {
                if (n == length) {
                    throw new IllegalArgumentException("xp printed more than the " + length + " bytes asked for");
                }
                out[n++] = (byte) Integer.parseInt(token.startsWith("0x") ? token.substring(2) : token, 16);
            }
        }
        if (n != length) {
            throw new IllegalArgumentException("xp printed " + n + " of the " + length + " bytes asked for");
        }
        return out;
    }
}
