package org.igdlab.runner.ssh;

import java.time.Duration;

/** The SSH connection to the host broke (or was closed) while a step ran. */
public class ConnectionLostException extends RemoteException {

    public ConnectionLostException(String host, String address, String step, Duration duration, String detail, Throwable cause) {
        super(host, address, step, duration, detail, cause);
    }
}
