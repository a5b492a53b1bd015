package org.igdlab.runner.ssh;

import java.time.Duration;

/**
 * The host presented a key other than the pinned one. The connection was closed before
 * authentication; nothing was sent to the host. The message says how to re-pin when the host was
 * legitimately reinstalled.
 */
public class HostKeyMismatchException extends RemoteException {

    private final String pinned;
    private final String presented;

    public HostKeyMismatchException(String host, String address, int port, Duration duration, String pinned,
            String presented, Throwable cause) {
        super(host, address + ":" + port, "connect", duration,
                "host key mismatch: pinned " + pinned + " but the host presented " + presented
                        + "; refusing to connect. If the host was reinstalled, re-pin with: ssh-keyscan -p "
                        + port + " " + address + " | ssh-keygen -lf -",
                cause);
        this.pinned = pinned;
        this.presented = presented;
    }

    public String pinned() {
        return pinned;
    }

    public String presented() {
        return presented;
    }
}
