package org.igdlab.twin.qemu;

/** A QEMU startup error: the text after the location prefix (e.g. after `-device …: `). */
final class QemuError extends Exception {
    public QemuError(String message) {
        super(message);
    }
}
