package org.igdlab.twin.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.igdlab.twin.fault.Unreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of fault {@code unreachable}: accepts TCP on 127.0.0.1 (port 0) and never
 * sends a byte, so an SSH client waits for the server's identification string until its own
 * deadline. What the client sends is read and dropped. With {@code close-after-ms} each
 * connection is reset (SO_LINGER 0, an RST) once that long has passed without the client
 * closing it first.
 */
final class Tarpit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tarpit.class);
    private final String hostName;
    private final Unreachable fault;
    private final ServerSocket server;
    private final ExecutorService executor;
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();

    private Tarpit(String hostName, Unreachable fault, ServerSocket server, ExecutorService executor) {
        this.hostName = hostName;
        this.fault = fault;
        this.server = server;
        this.executor = executor;
    }

    static Tarpit start(String hostName, Unreachable fault, ExecutorService executor) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Tarpit tarpit = new Tarpit(hostName, fault, server, executor);
        executor.execute(tarpit::acceptLoop);
        return tarpit;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                held.add(s);
                log.info("twin host {} is unreachable (fault): holding a connection from port {} without answering", hostName, s.getPort());
                executor.execute(() -> hold(s));
            } catch (IOException e) {
                if (!server.isClosed()) log.debug("twin host {} tarpit accept failed", hostName, e);
            }
        }
    }

    private void hold(Socket s) {
        try {
            if (fault.closeAfter().isPresent()) s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, fault.closeAfter().get().toMillis()));
            InputStream in = s.getInputStream();
            byte[] sink = new byte[1024];
            while (in.read(sink) >= 0) {
                // swallow the client's identification string and key exchange: never answer
            }
        } catch (SocketTimeoutException e) {
            log.info("twin host {} is unreachable (fault): resetting a connection after {}", hostName, fault.closeAfter().get());
            try {
                s.setSoLinger(true, 0);
            } catch (SocketException ignored) {
                // closing without linger is still a close
            }
        } catch (IOException e) {
            log.debug("twin host {} tarpit connection ended: {}", hostName, e.toString());
        } finally {
            held.remove(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
