package org.igdlab.runner.ssh;

import java.util.List;

import org.igdlab.runner.time.Deadline;

/**
 * One host, reached over one SSH connection. Every call opens its own channel over that
 * connection, so calls may run concurrently from several threads. Every blocking call takes a
 * deadline; on expiry its channel is closed and a {@link RemoteTimeoutException} names the host and
 * the step.
 */
public interface RemoteShell extends AutoCloseable {

    /** The inventory name, for messages. */
    String hostName();

    /**
     * Runs {@code argv} on the host. Every word is single-quoted ({@link ShellWords}) so the remote
     * shell sees exactly these words; {@code stdin} is sent and then EOF; stdout and stderr are
     * drained concurrently, stderr kept as a capped tail. A non-zero exit is a value in the result,
     * not an exception.
     */
    ExecResult exec(List<String> argv, byte[] stdin, Deadline deadline) throws RemoteException;

    /**
     * Writes {@code content} to {@code remotePath + ".new"} over SFTP, sets {@code mode}, and renames it
     * over {@code remotePath} (posix-rename when the server offers it), creating missing parent
     * directories. Readers never see a half-written file.
     */
    void upload(byte[] content, String remotePath, int mode, Deadline deadline) throws RemoteException;

    /** Reads a file over SFTP; a file larger than {@code maxBytes} is an error naming both sizes. */
    byte[] download(String remotePath, long maxBytes, Deadline deadline) throws RemoteException;

    /**
     * Reads several files, in order, each capped at {@code maxBytesEach}; the map keeps the order of
     * {@code remotePaths}. One failing file fails the call, naming that file. An implementation
     * may read them all over one SFTP session; this default reads them one by one.
     */
    default java.util.Map<String, byte[]> downloadAll(java.util.List<String> remotePaths, long maxBytesEach,
                                                      Deadline deadline) throws RemoteException {
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String path : remotePaths) {
            files.put(path, download(path, maxBytesEach, deadline));
        }
        return files;
    }

    /** Connects to a unix socket on the host ({@code direct-streamlocal@openssh.com}). */
    DuplexStream openUnixSocket(String socketPath, Deadline deadline) throws RemoteException;

    /**
     * Whether the connection still looks usable (not closed, transport running), without a round
     * trip: a false answer is certain, a true one is a good guess. Lets a session reconnect up front
     * instead of failing its next call.
     */
    default boolean connected() {
        return true;
    }

    /** Closes the connection and every channel on it. Idempotent. */
    @Override
    void close();
}
