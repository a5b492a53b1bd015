package org.igdlab.runner.ssh;

import java.nio.charset.StandardCharsets;

/** Keeps the last {@code capacity} bytes written to it (a ring), for stderr tails in messages. */
final class TailBuffer {

    private final byte[] ring;
    private long written;

    TailBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity (" + capacity + ") must be positive");
        }
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] data, int off, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) ((written + i) % ring.length)] = data[off + i];
        }
        written += len;
    }

    synchronized boolean truncated() {
        return written > ring.length;
    }

    synchronized byte[] bytes() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return out;
    }

    /** The tail as text; starts with "[…] " when older output was dropped. */
    String text() {
        String text = new String(bytes(), StandardCharsets.UTF_8);
        return truncated() ? "[...] " + text : text;
    }
}
