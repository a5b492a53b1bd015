package org.igdlab.twin.server;

import java.io.InputStream;
import java.util.ArrayDeque;

/** Bytes that arrived on a channel, read by the endpoint's thread; EOF once the peer sent EOF or closed. */
final class ChannelInput extends InputStream {
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int offsetInHead;
    private boolean eof;

    synchronized void offer(byte[] data) {
        if (eof) return;
        chunks.add(data);
        notifyAll();
    }

    synchronized void endOfInput() {
        eof = true;
        notifyAll();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buf, int off, int len) {
        if (len == 0) return 0;
        while (chunks.isEmpty()) {
            if (eof) return -1;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        byte[] head = chunks.peek();
        int n = Math.min(len, head.length - offsetInHead);
        System.arraycopy(head, offsetInHead, buf, off, n);
        offsetInHead += n;
        if (offsetInHead == head.length) {
            chunks.poll();
            offsetInHead = 0;
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return chunks.isEmpty() ? 0 : chunks.peek().length - offsetInHead;
    }
}
