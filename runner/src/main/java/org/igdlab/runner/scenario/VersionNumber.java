package org.igdlab.runner.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A release number read part by part ({@code 9.2.4}, {@code 6.12.9-igdlab}, a bound such as
 * {@code 6.15}): the one way the oracle compares QEMU and kernel releases. A suffix after
 * {@code -}, {@code +} or {@code ~} is ignored; a missing part counts as 0.
 */
record VersionNumber(List<Integer> parts) implements Comparable<VersionNumber> {

    VersionNumber {
        parts = List.copyOf(parts);
        if (parts.isEmpty() || parts.size() > 3 || parts.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("a version has 1 to 3 non-negative parts, not " + parts);
        }
    }

    /** {@code 9.2.4-igdlab} as [9, 2, 4]; empty when it does not start with 1 to 3 numeric parts. */
    static Optional<VersionNumber> parse(String release) {
        if (release == null) {
            return Optional.empty();
        }
        String[] core = release.split("[-+~]", 2)[0].split("\\.");
        if (core.length == 0 || core.length > 3) {
            return Optional.empty();
        }
        List<Integer> parts = new ArrayList<>();
        for (String p : core) {
            if (!p.matches("[0-9]{1,6}")) {
                return Optional.empty();
            }
            parts.add(Integer.parseInt(p));
        }
        return Optional.of(new VersionNumber(parts));
    }

    static VersionNumber of(int... parts) {
        List<Integer> list = new ArrayList<>();
        for (int p : parts) {
            list.add(p);
        }
        return new VersionNumber(list);
    }

    /**
     * Whether this release lies in [min, max], each bound compared on as many parts as it has:
     * {@code ["5.0", "5.0"]} takes in every 5.0.x, {@code ["4.6", "6.14"]} 4.6.0 … 6.14.x.
     */
    boolean within(VersionNumber min, VersionNumber max) {
        return prefix(min.parts.size()).compareTo(min) >= 0 && prefix(max.parts.size()).compareTo(max) <= 0;
    }

    private VersionNumber prefix(int n) {
        return new VersionNumber(parts.subList(0, Math.min(n, parts.size())));
    }

    @Override
    public int compareTo(VersionNumber o) {
        for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
            int x = i < parts.size() ? parts.get(i) : 0;
            int y = i < o.parts.size() ? o.parts.get(i) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return String.join(".", parts.stream().map(String::valueOf).toList());
    }
}
