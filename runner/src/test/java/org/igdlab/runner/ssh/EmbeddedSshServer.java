package org.igdlab.runner.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An Apache MINA SSHD server on 127.0.0.1 (port 0) for the ssh package's own tests, as sshj tests
 * itself: a generated host key (pin it with {@link #hostKeyFingerprint()}), public-key auth for a
 * generated client key written to a file sshj can load, exec requests answered by a scripted
 * {@link ExecHandler} (argv recorded after POSIX word splitting), SFTP over a temp directory, and
 * {@code direct-streamlocal@openssh.com} channels served by in-test {@link SocketHandler}s.
 */
public final class EmbeddedSshServer implements AutoCloseable {

    /** A scripted reply to one exec request. */
    public record Reply(byte[] stdout, byte[] stderr, int exitStatus, Duration delay) {
        public static Reply ok(String stdout) {
            return new Reply(stdout.getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[0], 0, Duration.ZERO);
        }

        public static Reply of(int exitStatus, String stdout, String stderr) {
            return new Reply(stdout.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    stderr.getBytes(java.nio.charset.StandardCharsets.UTF_8), exitStatus, Duration.ZERO);
        }

        public Reply after(Duration delay) {
            return new Reply(stdout, stderr, exitStatus, delay);
        }
    }

    /** Answers an exec request: the argv the shell would have produced, and the bytes sent on stdin. */
    @FunctionalInterface
    public interface ExecHandler {
        Reply handle(List<String> argv, byte[] stdin) throws IOException;
    }

    /** Serves one connection to a fake unix socket. */
    @FunctionalInterface
    public interface SocketHandler {
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    private final SshServer server;
    private final KeyPair hostKey;
    private final Path clientKeyFile;
    private final Path root;
    private final List<List<String>> received = new CopyOnWriteArrayList<>();
    private final List<String> rawCommands = new CopyOnWriteArrayList<>();
    private final Map<String, SocketHandler> sockets = new ConcurrentHashMap<>();
    private volatile ExecHandler handler = (argv, stdin) -> Reply.of(127, "", "sh: " + argv.get(0) + ": not found\n");

    private EmbeddedSshServer(Path workDir) throws IOException, GeneralSecurityException {
        this.root = Files.createDirectories(workDir.resolve("root"));
        this.hostKey = generateEc();
        KeyPair clientKey = generateEc();
        this.clientKeyFile = workDir.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(clientKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "igdlab-test", null, out);
        }
        Files.setPosixFilePermissions(clientKeyFile, PosixFilePermissions.fromString("rw-------"));

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setCommandFactory((channel, command) -> new ScriptedCommand(command));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        List<ChannelFactory> channels = new ArrayList<>(server.getChannelFactories());
        channels.add(new StreamLocalFactory());
        server.setChannelFactories(channels);
        server.start();
    }

    public static EmbeddedSshServer start(Path workDir) throws IOException, GeneralSecurityException {
        return new EmbeddedSshServer(workDir);
    }

    private static KeyPair generateEc() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    public int port() {
        return server.getPort();
    }

    /** The host key's fingerprint as OpenSSH prints it, computed by MINA (not by the code under test). */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
    }

    public Path clientKeyFile() {
        return clientKeyFile;
    }

    /** The directory SFTP sees as "/". */
    public Path root() {
        return root;
    }

    /** A target for this server, pinned to its real host key. */
    public SshTarget target(String hostName) {
        return new SshTarget(hostName, "127.0.0.1", port(), "lab", clientKeyFile, hostKeyFingerprint());
    }

    public void onExec(ExecHandler handler) {
        this.handler = handler;
    }

    public void onSocket(String path, SocketHandler handler) {
        sockets.put(path, handler);
    }

    /** Every exec request's argv, as a POSIX shell would have split it, in order. */
    public List<List<String>> received() {
        return List.copyOf(received);
    }

    public List<String> rawCommands() {
        return List.copyOf(rawCommands);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Splits a command string as a POSIX shell does for quoting (no expansion: tests check nothing is expanded). */
    static List<String> posixSplit(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote in " + command);
                }
                word.append(command, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                while (j < command.length() && command.charAt(j) != '"') {
                    if (command.charAt(j) == '\\' && j + 1 < command.length()) {
                        j++;
                    }
                    word.append(command.charAt(j++));
                }
                i = j;
                inWord = true;
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private final class ScriptedCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread worker;

        ScriptedCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            worker = new Thread(this::run, "embedded-sshd-exec");
            worker.setDaemon(true);
            worker.start();
        }

        private void run() {
            try {
                List<String> argv = posixSplit(command);
                rawCommands.add(command);
                received.add(argv);
                byte[] stdin = in.readAllBytes();
                Reply reply = handler.handle(argv, stdin);
                if (!reply.delay().isZero()) {
                    Thread.sleep(reply.delay().toMillis());
                }
                out.write(reply.stdout());
                out.flush();
                err.write(reply.stderr());
                err.flush();
                exit.onExit(reply.exitStatus());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                exit.onExit(255, String.valueOf(e));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (worker != null) {
                worker.interrupt();
            }
        }
    }

    private final class StreamLocalFactory implements ChannelFactory {
        @Override
        public String getName() {
            return "direct-streamlocal@openssh.com";
        }

        @Override
        public Channel createChannel(Session session) {
            return new StreamLocalServerChannel();
        }
    }

    /** The server side of a direct-streamlocal channel: bytes in go to a pipe read by the socket handler. */
    private final class StreamLocalServerChannel extends AbstractServerChannel {
        private Pipe pipe;

        StreamLocalServerChannel() {
            super("", List.of(), null);
        }

        @Override
        protected OpenFuture doInit(Buffer buffer) {
            String path = buffer.getString();
            buffer.getString(); // reserved
            buffer.getInt(); // reserved
            SocketHandler socket = sockets.get(path);
            if (socket == null) {
                DefaultOpenFuture refused = new DefaultOpenFuture(this, this);
                refused.setException(new SshChannelOpenException(getChannelId(), SshConstants.SSH_OPEN_CONNECT_FAILED,
                        "connect failed: No such file or directory: " + path));
                return refused;
            }
            try {
                pipe = Pipe.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            // MINA sends the open confirmation from this signal; only then may the socket's first bytes follow.
            signalChannelOpenSuccess();
            DefaultOpenFuture opened = new DefaultOpenFuture(this, this);
            opened.setOpened();
            serve(socket);
            return opened;
        }

        private void serve(SocketHandler socket) {
            Thread thread = new Thread(() -> {
                try (InputStream in = Channels.newInputStream(pipe.source());
                        OutputStream out = new ChannelOutputStream(this, getRemoteWindow(), log,
                                SshConstants.SSH_MSG_CHANNEL_DATA, true)) {
                    socket.serve(in, out);
                } catch (IOException e) {
                    log.debug("socket handler ended: {}", e.toString());
                } finally {
                    close(false);
                }
            }, "embedded-sshd-socket");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        protected void doWriteData(byte[] data, int off, long len) throws IOException {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(data, off, (int) len);
            while (buffer.hasRemaining()) {
                pipe.sink().write(buffer);
            }
            getLocalWindow().release(len);
        }

        @Override
        protected void doWriteExtendedData(byte[] data, int off, long len) {
            throw new UnsupportedOperationException("direct-streamlocal has no extended data");
        }

        @Override
        public void handleEof() throws IOException {
            super.handleEof();
            pipe.sink().close();
        }
    }

    /** Reads everything from {@code in}; for handlers. */
    public static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
