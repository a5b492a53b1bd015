package org.igdlab.runner.ssh;

import java.io.InputStream;
import java.io.OutputStream;

/** A two-way byte stream, e.g. a remote unix socket tunnelled over SSH. Closing it closes both directions. */
public interface DuplexStream extends AutoCloseable {

    InputStream in();

    OutputStream out();

    /** Idempotent. */
    @Override
    void close();
}
