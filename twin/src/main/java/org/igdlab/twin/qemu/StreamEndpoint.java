package org.igdlab.twin.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The server side of a UNIX socket that a virtual QEMU listens on (QMP, a guest-agent chardev).
 * Each connection calls serve on its own thread; returning closes the connection.
 */
public interface StreamEndpoint {
    void serve(InputStream fromClient, OutputStream toClient) throws IOException;
}
