package org.igdlab.runner.ssh;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.igdlab.runner.time.Deadline;

/**
 * How many SSH handshakes one runner has in flight at once. A run starts every host's first cell at
 * the same moment; with hundreds of hosts on a small runner all handshakes then compete for the
 * same cores and most miss their connect budget (measured: 200 cold hosts on 2 cores, 174 to 200
 * broken). Handshakes queue for a slot instead, and a handshake's own budget starts once it has
 * one, so a host is never blamed for the time it waited behind others.
 */
public final class ConnectSlots {

    private final int slots;
    private final Semaphore permits;

    public ConnectSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("connect slots (" + slots + ") must be at least 1");
        }
        this.slots = slots;
        this.permits = new Semaphore(slots, true);
    }

    /** Four handshakes per core, at least eight: a handshake is mostly waiting on the peer, not CPU. */
    public static ConnectSlots forThisMachine() {
        return new ConnectSlots(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /** No bound: every handshake starts at once (single connections, tests). */
    public static ConnectSlots unbounded() {
        return new ConnectSlots(Integer.MAX_VALUE);
    }

    public int slots() {
        return slots;
    }

    /** A held slot; closing it gives it back. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a slot until {@code deadline}.
     *
     * @throws SlotWaitTimeoutException no slot freed up in time: every slot was held by other hosts' handshakes
     */
    Slot acquire(Deadline deadline) throws SlotWaitTimeoutException, InterruptedException {
        if (!permits.tryAcquire(deadline.remainingMillisAtLeastOne(), TimeUnit.MILLISECONDS)) {
            throw new SlotWaitTimeoutException(slots);
        }
        return permits::release;
    }

    /** No connect slot within the wait: the runner is opening more connections than it can handshake. */
    static final class SlotWaitTimeoutException extends Exception {
        private static final long serialVersionUID = 1L;

        SlotWaitTimeoutException(int slots) {
            super("all " + slots + " connect slots stayed busy with other hosts' handshakes until the deadline");
        }
    }
}
