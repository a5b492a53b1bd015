package org.igdlab.runner.run;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place where a run's live state (plan, SSH sessions) reaches the TestNG class that the
 * JUnit Platform instantiates by itself. It is the project's single deliberate piece of static
 * state: the launcher offers no way to hand an object to a test instance, so the slot is opened
 * just around {@code launcher.execute} and closed after it, and it refuses a second run at once.
 */
final class RunHandoff implements AutoCloseable {

    private static final AtomicReference<RunContext> SLOT = new AtomicReference<>();

    private final RunContext context;

    private RunHandoff(RunContext context) {
        this.context = context;
    }

    static RunHandoff open(RunContext context) {
        if (!SLOT.compareAndSet(null, context)) {
            throw new IllegalStateException("another lab run is in progress in this JVM (run "
                    + SLOT.get().runId() + "); one JVM runs one lab run at a time");
        }
        return new RunHandoff(context);
    }

    static RunContext current() {
        RunContext context = SLOT.get();
        if (context == null) {
            throw new IllegalStateException("LabCells runs only inside a lab run (lab run), not on its own");
        }
        return context;
    }

    @Override
    public void close() {
        SLOT.compareAndSet(context, null);
    }
}
