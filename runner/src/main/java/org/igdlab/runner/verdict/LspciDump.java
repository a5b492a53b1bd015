package org.igdlab.runner.verdict;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code lspci -x/-xxx/-xxxx} output, as a host or guest prints it or as a person pasted
 * it into a bug report: device header lines ({@code 00:02.0 VGA compatible controller: …}, with
 * or without a domain, {@code -nn} forms), hex rows {@code 00:} to {@code ff0:}. Elision lines
 * ({@code ...}, {@code ....}), rows cut mid-way, {@code -v} detail lines (tab-indented) and any
 * other text are tolerated; bytes not shown are simply not present. A device header with no hex
 * rows under it (an {@code lspci -v} stanza) is not a dump and is left out.
 */
public final class LspciDump {
    private static final Pattern HEADER = Pattern.compile(
            "^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-1][0-9a-fA-F])\\.([0-7])\\s+\\S.*$");
    private static final Pattern ROW = Pattern.compile("^([0-9a-fA-F]{2,3}):((?:[ \\t]+[0-9a-fA-F]{2})*)(?:[ \\t]+[0-9a-fA-F])?\\s*$");
    private static final Pattern BYTE = Pattern.compile("[0-9a-fA-F]{2}");

    private LspciDump() {
    }

    /** Every device in {@code text}, in order (the same BDF may appear more than once, e.g. guest and host). */
    public static List<ConfigSpace> parse(String text) {
        List<ConfigSpace> out = new ArrayList<>();
        Device current = null;
        for (String raw : text.split("\\R")) {
            if (raw.startsWith("\t")) {
                continue; // lspci -v detail line
            }
            String line = raw.strip();
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                if (current != null && current.any()) {
                    out.add(current.done());
                }
                String domain = h.group(1) == null ? "0000" : h.group(1).toLowerCase();
                current = new Device(domain + ":" + h.group(2).toLowerCase() + ":" + h.group(3).toLowerCase()
                        + "." + h.group(4));
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (r.matches() && current != null) {
                int offset = Integer.parseInt(r.group(1), 16);
                if (offset % 16 != 0 || offset >= ConfigSpace.SIZE) {
                    continue;
                }
                Matcher b = BYTE.matcher(r.group(2));
                int i = 0;
                while (b.find() && i < 16) {
                    current.set(offset + i, Integer.parseInt(b.group(), 16));
                    i++;
                }
            }
        }
        if (current != null && current.any()) {
            out.add(current.done());
        }
        return List.copyOf(out);
    }

    private static final class Device {
        final String bdf;
        final byte[] bytes = new byte[ConfigSpace.SIZE];
        final BitSet present = new BitSet(ConfigSpace.SIZE);

        Device(String bdf) {
            this.bdf = bdf;
        }

        void set(int off, int value) {
            bytes[off] = (byte) value;
            present.set(off);
        }

        boolean any() {
            return !present.isEmpty();
        }

        ConfigSpace done() {
            return new ConfigSpace(bdf, bytes, present);
        }
    }
}
