package org.igdlab.twin.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.igdlab.twin.host.VirtualHost;
import org.igdlab.twin.qemu.StreamEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `direct-streamlocal@openssh.com` (OpenSSH PROTOCOL §2.4): connects the channel to the
 * in-memory endpoint a virtual QEMU registered under the socket path.
 */
final class StreamLocalChannel extends AbstractServerChannel {
    static final String TYPE = "direct-streamlocal@openssh.com";
    private static final Logger log = LoggerFactory.getLogger(StreamLocalChannel.class);

    private final VirtualHost host;
    private final ExecutorService executor;
    private final ChannelInput input = new ChannelInput();
    /** Guards the channel's output against its close: see {@link ClosingGuard}. */
    private final ClosingGuard guard = new ClosingGuard();

    StreamLocalChannel(VirtualHost host, ExecutorService executor) {
        super("", Collections.emptyList(), null);
        this.host = host;
        this.executor = executor;
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        String path = buffer.getString();
        Optional<StreamEndpoint> endpoint = host.socket(path);
        if (endpoint.isEmpty()) {
            // MINA sends its own generic description with the reason code; the detail is logged here.
            log.info("host={} refused {} to {}: nothing listens there", host.spec().name(), TYPE, path);
            DefaultOpenFuture failed = new DefaultOpenFuture(path, null);
            failed.setException(new SshChannelOpenException(getChannelId(), SshConstants.SSH_OPEN_CONNECT_FAILED,
                    "igdlab twin " + host.spec().name() + ": connect to " + path + ": No such file or directory"));
            return failed;
        }
        log.debug("host={} streamlocal channel to {}", host.spec().name(), path);
        // The connection service sends the open confirmation from signalChannelOpenSuccess(), in this
        // thread; serving starts after it, so no data can overtake the confirmation.
        DefaultOpenFuture opened = new DefaultOpenFuture(path, null);
        signalChannelOpenSuccess();
        opened.setOpened();
        executor.execute(() -> serve(endpoint.get(), path));
        return opened;
    }

    private void serve(StreamEndpoint endpoint, String path) {
        OutputStream out = guard.wrap(
                new ChannelOutputStream(this, getRemoteWindow(), log, SshConstants.SSH_MSG_CHANNEL_DATA, true));
        try {
            endpoint.serve(input, out);
        } catch (IOException | RuntimeException e) {
            log.debug("host={} endpoint {} ended: {}", host.spec().name(), path, e.toString());
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                log.trace("closing channel output", e);
            }
            close(false);
        }
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        byte[] copy = new byte[(int) len];
        System.arraycopy(data, off, copy, 0, (int) len);
        input.offer(copy);
        getLocalWindow().release(len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException("extended data is not supported on " + TYPE);
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        input.endOfInput();
    }

    @Override
    protected void preClose() {
        guard.closing();
        input.endOfInput();
        super.preClose();
    }

    /**
     * An endpoint writes from its own thread (QMP sends the SHUTDOWN event right after the reply
     * to quit) while the client may already be closing the channel. OpenSSH never sends data after
     * its CHANNEL_CLOSE, and sshj drops the whole connection when it gets some; so a write and the
     * start of closing exclude each other, and once closing has begun writes fail instead.
     */
    static final class ClosingGuard {
        private boolean closing;

        synchronized void closing() {
            closing = true;
        }

        OutputStream wrap(OutputStream out) {
            return new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    synchronized (ClosingGuard.this) {
                        if (closing) {
                            throw new IOException("the channel is closing");
                        }
                        out.write(b, off, len);
                        out.flush();
                    }
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void flush() throws IOException {
                    synchronized (ClosingGuard.this) {
                        if (!closing) {
                            out.flush();
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    synchronized (ClosingGuard.this) {
                        if (!closing) {
                            out.close();
                        }
                    }
                }
            };
        }
    }
}
