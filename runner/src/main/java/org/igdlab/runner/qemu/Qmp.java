package org.igdlab.runner.qemu;

import org.igdlab.runner.time.Deadline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A QEMU monitor connection in command mode (after the capabilities handshake). */
public interface Qmp extends AutoCloseable {

    /** Runs {@code command} and returns its {@code return} value; asynchronous events are skipped. */
    JsonNode execute(String command, ObjectNode arguments, Deadline d) throws QmpException;

    /** The greeting QEMU sent ({@code {"QMP": {"version": ..., "capabilities": [...]}}}). */
    JsonNode greeting();

    /** Idempotent. */
    @Override
    void close();
}
