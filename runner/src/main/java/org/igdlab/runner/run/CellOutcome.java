package org.igdlab.runner.run;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one cell ended. A lab fault ({@link Broken}) is never reported as a product failure
 * ({@link Failed}), and a failure a known issue explains ({@link Known}) is not a new one: the
 * distinction is made here, once, and every consumer switches over it.
 */
public sealed interface CellOutcome {

    String cellId();

    String hostName();

    Duration duration();

    /** The observations met the expectation. */
    record Passed(String cellId, String hostName, Duration duration, List<String> checks) implements CellOutcome {
        public Passed {
            checks = List.copyOf(checks);
        }

        @Override
        public String status() {
            return "passed";
        }
    }

    /** The product under test is at fault: an expectation was not met. */
    record Failed(String cellId, String hostName, Duration duration, List<String> mismatches) implements CellOutcome {
        public Failed {
            mismatches = List.copyOf(mismatches);
            if (mismatches.isEmpty()) {
                throw new IllegalArgumentException("a failed cell (" + cellId + ") needs at least one mismatch");
            }
        }

        @Override
        public String status() {
            return "failed";
        }
    }

    /**
     * Failed in a way a known-issues.yaml entry explains: reported to Allure as failed with the
     * issue's link and under "Known issue", never counted as a regression.
     */
    record Known(String cellId, String hostName, Duration duration, List<String> mismatches, String issueId, String url)
            implements CellOutcome {
        public Known {
            mismatches = List.copyOf(mismatches);
            Objects.requireNonNull(issueId, "issueId");
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String status() {
            return "known";
        }
    }

    /**
     * The lab is at fault (host unreachable, agent error, timeout before the guest ran).
     *
     * @param quarantine why the host must be quarantined at once, not after a streak (its power
     *                   action failed: nothing the runner does brings it back); not journaled, the
     *                   quarantine file already holds it
     */
    record Broken(String cellId, String hostName, Duration duration, String step, String message,
                  java.util.Optional<String> quarantine) implements CellOutcome {
        public Broken {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(quarantine, "quarantine");
        }

        public Broken(String cellId, String hostName, Duration duration, String step, String message) {
            this(cellId, hostName, duration, step, message, java.util.Optional.empty());
        }

        @Override
        public String status() {
            return "broken";
        }
    }

    /** Not run: no eligible host, or excluded by a constraint. */
    record Skipped(String cellId, String hostName, Duration duration, String reason) implements CellOutcome {
        @Override
        public String status() {
            return "skipped";
        }
    }

    /** The outcome's name as the summary prints it ({@code known} is {@code failed} in Allure). */
    String status();
}
