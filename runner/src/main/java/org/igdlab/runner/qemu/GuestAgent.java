package org.igdlab.runner.qemu;

import java.util.List;

import org.igdlab.runner.time.Deadline;

/** The QEMU guest agent, for probes that must work without guest networking (Linux and Windows alike). */
public interface GuestAgent extends AutoCloseable {

    /** Discards anything stale on the channel until the agent echoes a fresh random id. */
    void sync(Deadline d) throws GuestAgentException;

    /** Runs {@code argv} in the guest (argv[0] looked up in the guest's PATH), waits for it to exit, returns its output. */
    GuestExecResult exec(List<String> argv, Deadline d) throws GuestAgentException;

    /** Idempotent. */
    @Override
    void close();
}
