package org.igdlab.runner.ssh;

import java.time.Duration;

/** A remote step outlived its deadline; its channel was closed. */
public class RemoteTimeoutException extends RemoteException {

    public RemoteTimeoutException(String host, String address, String step, Duration duration, String detail, Throwable cause) {
        super(host, address, step, duration, detail, cause);
    }
}
