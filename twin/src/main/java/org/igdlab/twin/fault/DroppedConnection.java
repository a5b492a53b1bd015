package org.igdlab.twin.fault;

/**
 * Thrown where {@link DropConnection} decides the SSH session dies: the exec command that sees it
 * closes its session at once and sends no exit status.
 */
public final class DroppedConnection extends RuntimeException {
    public DroppedConnection(String message) {
        super(message);
    }
}
