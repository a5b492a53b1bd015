package org.igdlab.runner.run;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a cell runs when its host cannot have it: a broken cell (a lab fault) is retried on
 * another host of its generation that is not quarantined, at most {@link #MAX_RETRIES} times,
 * preferring a host the cell has not tried yet; a cell planned on a quarantined host starts on
 * the first healthy host of its generation instead. Failed cells are never retried here: a
 * product failure is an answer, not bad luck.
 */
final class RetryPolicy {

    static final int MAX_RETRIES = 2;

    private RetryPolicy() {
    }

    /**
     * @param generationHosts the hosts of the cell's generation, in inventory order
     * @param brokenOn        the host the last attempt broke on
     * @param tried           every host this cell has run on
     * @param retriesSoFar    retries already made
     */
    static Optional<String> retryOn(CellOutcome last, List<String> generationHosts, Set<String> tried,
                                    Set<String> quarantined, int retriesSoFar) {
        if (!(last instanceof CellOutcome.Broken) || retriesSoFar >= MAX_RETRIES) {
            return Optional.empty();
        }
        List<String> others = generationHosts.stream()
                .filter(h -> !h.equals(last.hostName()) && !quarantined.contains(h)).toList();
        return others.stream().filter(h -> !tried.contains(h)).findFirst().or(() -> others.stream().findFirst());
    }

    /** The planned host unless it is quarantined; then the first host of the generation that is not. */
    static Optional<String> startOn(String planned, List<String> generationHosts, Set<String> quarantined) {
        if (!quarantined.contains(planned)) {
            return Optional.of(planned);
        }
        return generationHosts.stream().filter(h -> !quarantined.contains(h)).findFirst();
    }
}
