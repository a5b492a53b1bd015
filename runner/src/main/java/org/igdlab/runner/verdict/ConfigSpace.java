package org.igdlab.runner.verdict;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A PCI function's config space as far as it was seen: 4096 bytes, with {@code present} marking
 * the bytes a dump actually showed. Reads are little-endian and empty when any byte is missing.
 */
public record ConfigSpace(String bdf, byte[] bytes, BitSet present) {
    public static final int SIZE = 4096;
    private static final Pattern BDF = Pattern.compile("^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]$");

    public ConfigSpace {
        if (bdf == null || !BDF.matcher(bdf).matches()) {
            throw new IllegalArgumentException("bdf (" + bdf + ") must look like 0000:00:02.0");
        }
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("bytes (" + bytes.length + " long) must be " + SIZE + " long");
        }
        bytes = bytes.clone();
        present = (BitSet) present.clone();
        if (present.length() > SIZE) {
            throw new IllegalArgumentException("present marks offset " + (present.length() - 1) + " beyond " + SIZE);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public BitSet present() {
        return (BitSet) present.clone();
    }

    public OptionalLong word(int off) {
        return read(off, 2);
    }

    public OptionalLong dword(int off) {
        return read(off, 4);
    }

    public OptionalLong qword(int off) {
        return read(off, 8);
    }

    /** Offsets in {@code [from, to)} the dump did not show. */
    public List<Integer> missingOffsets(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = Math.max(0, from); i < Math.min(to, SIZE); i++) {
            if (!present.get(i)) {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    private OptionalLong read(int off, int width) {
        if (off < 0 || off + width > SIZE) {
            throw new IllegalArgumentException("offset (0x" + Integer.toHexString(off) + ") + " + width
                    + " is outside config space");
        }
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            if (!present.get(off + i)) {
                return OptionalLong.empty();
            }
            v = (v << 8) | (bytes[off + i] & 0xFFL);
        }
        return OptionalLong.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigSpace c && c.bdf.equals(bdf) && java.util.Arrays.equals(c.bytes, bytes)
                && c.present.equals(present);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bdf, java.util.Arrays.hashCode(bytes), present);
    }

    @Override
    public String toString() {
        return "ConfigSpace[" + bdf + ", " + present.cardinality() + " bytes present]";
    }
}
