package org.igdlab.runner.scenario;

import java.util.Objects;
import java.util.regex.Pattern;

/** Whether QEMU should start the VM or refuse it. */
public sealed interface QemuOutcome {

    record Starts() implements QemuOutcome {
    }

    /** QEMU exits at realize; its stderr matches {@code messagePattern} (a regex, found anywhere). */
    record Refuses(String messagePattern) implements QemuOutcome {
        public Refuses {
            Objects.requireNonNull(messagePattern, "messagePattern");
            Pattern.compile(messagePattern);
        }
    }
}
