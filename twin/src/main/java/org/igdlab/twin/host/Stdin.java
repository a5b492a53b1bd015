package org.igdlab.twin.host;

import java.io.IOException;

/** The exec request's stdin, read to its end only by the commands that take input. */
@FunctionalInterface
public interface Stdin {
    byte[] readAll() throws IOException;
}
