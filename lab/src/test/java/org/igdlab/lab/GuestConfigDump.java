package org.igdlab.lab;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The tests' own reading of a guest's {@code lspci -xxxx} dump: a few lines of parsing kept apart
 * from the runner's LspciDump on purpose, so that a test checking register values does not lean
 * on the code it checks.
 */
final class GuestConfigDump {

    private final Map<Integer, Integer> bytes;

    private GuestConfigDump(Map<Integer, Integer> bytes) {
        this.bytes = bytes;
    }

    static GuestConfigDump parse(String dump) {
        Map<Integer, Integer> bytes = new HashMap<>();
        for (String line : dump.split("\n")) {
            if (!line.matches("[0-9a-f]{2,3}:( [0-9a-f]{2})+\\s*")) {
                continue;   // device header lines, elisions
            }
            int colon = line.indexOf(':');
            int base = Integer.parseInt(line.substring(0, colon), 16);
            String[] hex = line.substring(colon + 1).trim().split("\\s+");
            for (int i = 0; i < hex.length; i++) {
                if (hex[i].matches("[0-9a-f]{2}")) {
                    bytes.put(base + i, Integer.parseInt(hex[i], 16));
                }
            }
        }
        return new GuestConfigDump(bytes);
    }

    /** The little-endian value of {@code width} bytes at {@code offset}; empty when a byte is missing. */
    OptionalLong read(int offset, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            Integer b = bytes.get(offset + i);
            if (b == null) {
                return OptionalLong.empty();
            }
            v = (v << 8) | b;
        }
        return OptionalLong.of(v);
    }
}
