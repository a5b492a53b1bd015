package org.igdlab.runner.host;

/**
 * This runner held the host's lease and lost it: a renewal found another runner's lease, or no lease
 * at all (removed by hand). The runner stops using the host rather than take it back unasked.
 */
public final class LeaseLostException extends Exception {

    private static final long serialVersionUID = 1L;

    LeaseLostException(String message) {
        super(message);
    }
}
