package org.igdlab.runner.ssh;

import java.time.Duration;

/** The host refused the identity (or the identity file could not be read). */
public class AuthenticationFailedException extends RemoteException {

    public AuthenticationFailedException(String host, String address, String step, Duration duration, String detail, Throwable cause) {
        super(host, address, step, duration, detail, cause);
    }
}
