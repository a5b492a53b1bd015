package org.igdlab.runner.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.igdlab.runner.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.SFTPClient;

/** {@link RemoteShell} over one sshj connection. Owns the connection and the threads that drain its channels. */
final class SshRemoteShell implements RemoteShell {

    private static final Logger LOG = LoggerFactory.getLogger(SshRemoteShell.class);

    static final int STDERR_TAIL_BYTES = 16 * 1024;
    private static final int SFTP_CHUNK = 32 * 1024;
    /** SFTP read requests kept in flight while downloading. */
    private static final int READ_AHEAD = 16;

    private final SshTarget target;
    private final SSHClient client;
    private final Clock clock;
    private final ExecutorService workers;
    private final AtomicBoolean closed = new AtomicBoolean();

    SshRemoteShell(SshTarget target, SSHClient client, Clock clock) {
        this.target = target;
        this.client = client;
        this.clock = clock;
        this.workers = Executors.newCachedThreadPool(daemonThreads("ssh-" + target.hostName()));
    }

    @Override
    public String hostName() {
        return target.hostName();
    }

    @Override
    public ExecResult exec(List<String> argv, byte[] stdin, Deadline deadline) throws RemoteException {
        String command = ShellWords.quote(argv);
        byte[] input = stdin == null ? new byte[0] : stdin.clone();
        Instant start = clock.instant();
        checkUsable(command, start, deadline);
        AtomicReference<Session> session = new AtomicReference<>();
        AtomicReference<Session.Command> running = new AtomicReference<>();
        Future<Session.Command> started = workers.submit(() -> {
            Session s = client.startSession();
            session.set(s);
            Session.Command c = s.exec(command);
            running.set(c);
            return c;
        });
        Session.Command cmd;
        try {
            cmd = await(command, start, deadline, started, () -> closeChannel(session.get()));
        } catch (RemoteException e) {
            closeChannel(session.get()); // opened but exec refused: do not leak the channel
            throw e;
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        TailBuffer stderr = new TailBuffer(STDERR_TAIL_BYTES);
        try {
            Future<?> feeding = workers.submit(() -> {
                try (OutputStream out = cmd.getOutputStream()) {
                    out.write(input);
                    out.flush();
                } // close sends EOF
                return null;
            });
            Future<?> draining = workers.submit(() -> {
                drain(cmd.getInputStream(), stdout::write);
                return null;
            });
            Future<?> tailing = workers.submit(() -> {
                drain(cmd.getErrorStream(), stderr::write);
                return null;
            });
            await(command, start, deadline, draining, () -> closeChannel(cmd));
            await(command, start, deadline, tailing, () -> closeChannel(cmd));
            try {
                feeding.get(Math.min(deadline.remainingMillisAtLeastOne(), 1000), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the command ended without reading all its input: that is the command's business
                LOG.debug("host={} {}: stdin not fully consumed: {}", target.hostName(), command, e.toString());
                feeding.cancel(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException(target.hostName(), target.endpoint(), command, since(start), "interrupted", e);
            }
            try {
                cmd.join(deadline.remainingMillisAtLeastOne(), TimeUnit.MILLISECONDS);
            } catch (ConnectionException e) {
                if (deadline.expired()) {
                    throw new RemoteTimeoutException(target.hostName(), target.endpoint(), command, since(start),
                            "did not finish within its deadline; the channel was closed", e);
                }
                // streams ended but no close confirmation; the exit status may still have arrived
                LOG.debug("host={} {}: channel did not close cleanly: {}", target.hostName(), command, e.toString());
            }
        } finally {
            closeChannel(cmd);
        }
        Integer status = cmd.getExitStatus();
        Optional<String> signal = Optional.ofNullable(cmd.getExitSignal()).map(Enum::name);
        ExecResult result = new ExecResult(argv, status == null ? OptionalInt.empty() : OptionalInt.of(status), signal,
                stdout.toByteArray(), stderr.text(), since(start));
        LOG.debug("host={} {} {}", target.hostName(), command, result.outcome());
        return result;
    }

    @Override
    public void upload(byte[] content, String remotePath, int mode, Deadline deadline) throws RemoteException {
        String step = "upload " + remotePath;
        byte[] data = content.clone();
        Instant start = clock.instant();
        checkUsable(step, start, deadline);
        withSftp(step, start, deadline, sftp -> {
            String temporary = remotePath + ".new";
            String parent = parentOf(remotePath);
            if (!parent.isEmpty() && sftp.statExistence(parent) == null) {
                sftp.mkdirs(parent);
            }
            try (RemoteFile file = sftp.open(temporary,
                    EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC))) {
                for (int off = 0; off < data.length; off += SFTP_CHUNK) {
                    file.write(off, data, off, Math.min(SFTP_CHUNK, data.length - off));
                }
            }
            sftp.chmod(temporary, mode);
            if (sftp.getSFTPEngine().supportsServerExtension("posix-rename", "openssh.com")) {
                sftp.rename(temporary, remotePath, EnumSet.of(RenameFlags.OVERWRITE));
            } else {
                if (sftp.statExistence(remotePath) != null) {
                    sftp.rm(remotePath);
                }
                sftp.rename(temporary, remotePath);
            }
            return null;
        });
        LOG.debug("host={} uploaded {} bytes to {} in {}", target.hostName(), data.length, remotePath,
                RemoteException.seconds(since(start)));
    }

    @Override
    public byte[] download(String remotePath, long maxBytes, Deadline deadline) throws RemoteException {
        String step = "download " + remotePath;
        Instant start = clock.instant();
        checkUsable(step, start, deadline);
        return withSftp(step, start, deadline, sftp -> read(sftp, remotePath, maxBytes, step, start));
    }

    /**
     * All files over one SFTP session: opening a session costs a channel open and the SFTP version
     * exchange, which was the larger part of fetching a cell's small log files one session each.
     */
    @Override
    public Map<String, byte[]> downloadAll(List<String> remotePaths, long maxBytesEach, Deadline deadline)
            throws RemoteException {
        String step = "download " + remotePaths.size() + " file(s)";
        Instant start = clock.instant();
        checkUsable(step, start, deadline);
        if (remotePaths.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return withSftp(step, start, deadline, sftp -> {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String path : remotePaths) {
                String fileStep = "download " + path;
                try {
                    files.put(path, read(sftp, path, maxBytesEach, fileStep, start));
                } catch (IOException e) {
                    // the session's step names only the count: say which file the server refused
                    throw new RemoteException(target.hostName(), target.endpoint(), fileStep, since(start),
                            e.getMessage(), e);
                }
            }
            return files;
        });
    }

    private byte[] read(SFTPClient sftp, String remotePath, long maxBytes, String step, Instant start)
            throws IOException, RemoteException {
        try (RemoteFile file = sftp.open(remotePath, EnumSet.of(OpenMode.READ))) {
            FileAttributes attributes = file.fetchAttributes();
            if (attributes.getSize() > maxBytes) {
                throw new RemoteException(target.hostName(), target.endpoint(), step, since(start),
                        "the file is " + attributes.getSize() + " bytes, more than the cap of " + maxBytes, null);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[SFTP_CHUNK];
            long offset = 0;
            int n;
            // several reads in flight: one 32 KiB read per round trip made a 768 KB frame take a second on a loaded runner
            try (InputStream in = file.new ReadAheadRemoteFileInputStream(READ_AHEAD)) {
                while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                    offset += n;
                    if (offset > maxBytes) {
                        throw new RemoteException(target.hostName(), target.endpoint(), step, since(start),
                                "the file grew past the cap of " + maxBytes + " bytes while being read", null);
                    }
                    out.write(buffer, 0, n);
                }
            }
            return out.toByteArray();
        }
    }

    @Override
    public DuplexStream openUnixSocket(String socketPath, Deadline deadline) throws RemoteException {
        String step = "open unix socket " + socketPath;
        Instant start = clock.instant();
        checkUsable(step, start, deadline);
        AtomicReference<StreamLocalChannel> opening = new AtomicReference<>();
        Future<StreamLocalChannel> future = workers.submit(() -> {
            StreamLocalChannel channel = new StreamLocalChannel(client.getConnection(), socketPath);
            opening.set(channel);
            channel.open();
            return channel;
        });
        StreamLocalChannel channel = await(step, start, deadline, future, () -> closeChannel(opening.get()));
        return new ChannelStream(channel);
    }

    @Override
    public boolean connected() {
        return !closed.get() && client.isConnected() && client.getTransport().isRunning();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("host={} closing the connection: {}", target.hostName(), e.toString());
        } finally {
            workers.shutdownNow();
        }
    }

    private interface SftpWork<T> {
        T run(SFTPClient sftp) throws IOException, RemoteException;
    }

    private <T> T withSftp(String step, Instant start, Deadline deadline, SftpWork<T> work) throws RemoteException {
        AtomicReference<SFTPClient> open = new AtomicReference<>();
        Future<T> future = workers.submit(() -> {
            try (SFTPClient sftp = client.newSFTPClient()) {
                open.set(sftp);
                sftp.getSFTPEngine().setTimeoutMs((int) Math.min(Integer.MAX_VALUE, deadline.remainingMillisAtLeastOne()));
                return work.run(sftp);
            }
        });
        return await(step, start, deadline, future, () -> {
            SFTPClient sftp = open.get();
            if (sftp != null) {
                try {
                    sftp.close();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("host={} closing SFTP after a timeout: {}", target.hostName(), e.toString());
                }
            }
        });
    }

    /**
     * Waits for {@code future} until the deadline. On expiry runs {@code onTimeout} (which closes the
     * channel, unblocking the worker) and throws {@link RemoteTimeoutException}; a failure becomes a
     * {@link RemoteException} (or {@link ConnectionLostException} when the connection is gone).
     */
    private <T> T await(String step, Instant start, Deadline deadline, Future<T> future, Runnable onTimeout)
            throws RemoteException {
        try {
            return future.get(deadline.remainingMillisAtLeastOne(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            onTimeout.run();
            future.cancel(true);
            throw new RemoteTimeoutException(target.hostName(), target.endpoint(), step, since(start),
                    "did not finish within its deadline; the channel was closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onTimeout.run();
            future.cancel(true);
            throw new RemoteException(target.hostName(), target.endpoint(), step, since(start), "interrupted", e);
        } catch (ExecutionException e) {
            throw failure(step, start, e.getCause());
        }
    }

    private RemoteException failure(String step, Instant start, Throwable cause) {
        if (cause instanceof RemoteException remote) {
            return remote;
        }
        if (cause instanceof OpenFailException open) {
            return new RemoteException(target.hostName(), target.endpoint(), step, since(start),
                    "the host refused to open a " + open.getChannelType() + " channel: " + open.getReason() + " "
                            + open.getMessage(),
                    cause);
        }
        // sshj's reader thread marks the transport dead a moment after the failing call saw the
        // socket close, so a TransportException in the chain already means the connection is gone
        if (closed.get() || transportFailed(cause) || !client.isConnected() || !client.getTransport().isRunning()) {
            return new ConnectionLostException(target.hostName(), target.endpoint(), step, since(start),
                    "the SSH connection is gone: " + cause, cause);
        }
        return new RemoteException(target.hostName(), target.endpoint(), step, since(start), String.valueOf(cause),
                cause);
    }

    private static boolean transportFailed(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof net.schmizz.sshj.transport.TransportException) {
                return true;
            }
        }
        return false;
    }

    private void checkUsable(String step, Instant start, Deadline deadline) throws RemoteException {
        if (closed.get() || !client.isConnected()) {
            throw new ConnectionLostException(target.hostName(), target.endpoint(), step, since(start),
                    closed.get() ? "the connection was closed by the runner" : "the SSH connection is gone", null);
        }
        if (deadline.expired()) {
            throw new RemoteTimeoutException(target.hostName(), target.endpoint(), step, since(start),
                    "the deadline had passed before the step started", null);
        }
    }

    private interface Sink {
        void write(byte[] data, int off, int len) throws IOException;
    }

    private static void drain(InputStream in, Sink sink) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sink.write(buffer, 0, n);
        }
    }

    private void closeChannel(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("host={} closing a channel: {}", target.hostName(), e.toString());
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "" : path.substring(0, slash);
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A unix-socket channel seen as two streams; closing it closes the channel. */
    private final class ChannelStream implements DuplexStream {
        private final StreamLocalChannel channel;
        private final AtomicBoolean done = new AtomicBoolean();

        ChannelStream(StreamLocalChannel channel) {
            this.channel = channel;
        }

        @Override
        public InputStream in() {
            return channel.getInputStream();
        }

        @Override
        public OutputStream out() {
            return channel.getOutputStream();
        }

        @Override
        public void close() {
            if (done.compareAndSet(false, true)) {
                closeChannel(channel);
            }
        }
    }
}
