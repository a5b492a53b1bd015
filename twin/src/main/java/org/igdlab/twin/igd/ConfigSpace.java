package org.igdlab.twin.igd;

import java.util.Arrays;

/** 4 KiB of PCI(e) configuration space, little endian. Mutable; copy before sharing. */
public final class ConfigSpace {
    public static final int SIZE = 4096;
    private final byte[] bytes;

    public ConfigSpace() {
        this(new byte[SIZE]);
    }

    private ConfigSpace(byte[] bytes) {
        if (bytes.length != SIZE) throw new IllegalArgumentException("config space size (" + bytes.length + ") must be " + SIZE);
        this.bytes = bytes;
    }

    public static ConfigSpace of(byte[] bytes) {
        return new ConfigSpace(bytes.clone());
    }

    public synchronized ConfigSpace copy() {
        return new ConfigSpace(bytes.clone());
    }

    public synchronized long read(int offset, int width) {
        check(offset, width);
        long value = 0;
        for (int i = width - 1; i >= 0; i--) value = (value << 8) | (bytes[offset + i] & 0xffL);
        return value;
    }

    public int readByte(int offset) {
        return (int) read(offset, 1);
    }

    public synchronized void write(int offset, int width, long value) {
        check(offset, width);
        for (int i = 0; i < width; i++) bytes[offset + i] = (byte) (value >>> (8 * i));
    }

    public synchronized byte[] toBytes() {
        return bytes.clone();
    }

    private static void check(int offset, int width) {
        if (width != 1 && width != 2 && width != 4 && width != 8) throw new IllegalArgumentException("width (" + width + ") must be 1, 2, 4 or 8");
        if (offset < 0 || offset + width > SIZE) throw new IllegalArgumentException("offset (0x" + Integer.toHexString(offset) + ") + width " + width + " is outside config space");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigSpace c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
