package org.igdlab.runner.scenario;

import java.util.Optional;

/** QEMU release numbers ({@code 9.2.4}, {@code 10.0.3}, {@code 8.2.7-igdlab}) read and compared part by part. */
final class QemuVersion {
    private QemuVersion() {
    }

    /** {@code 9.2.4} as {9, 2, 4}; a suffix after {@code -}, {@code +} or {@code ~} is ignored; empty when not numeric. */
    static Optional<int[]> parse(String version) {
        if (version == null) {
            return Optional.empty();
        }
        String core = version.split("[-+~]", 2)[0];
        String[] parts = core.split("\\.");
        if (parts.length == 0 || parts.length > 3) {
            return Optional.empty();
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("[0-9]{1,6}")) {
                return Optional.empty();
            }
            out[i] = Integer.parseInt(parts[i]);
        }
        return Optional.of(out);
    }

    /** Compares part by part, a missing part counting as 0 ({@code 9.2} = {@code 9.2.0}). */
    static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }
}
