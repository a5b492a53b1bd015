package org.igdlab.runner.repro;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The allow-lists every value from a report passes before it is written anywhere. A value that
 * fails is never used, only listed as unusable with the reason this class gives.
 */
final class Allow {
    static final Pattern WORD = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$");
    static final Pattern PATH = Pattern.compile("^[A-Za-z0-9._/+-]{1,255}$");
    static final Pattern VERSION = Pattern.compile("^[0-9][0-9A-Za-z.+~_-]{0,63}$");
    static final Pattern TEXT = Pattern.compile("^[\\p{L}\\p{N}\\p{P}\\p{Zs}<>=+|^~]{1,400}$");

    private Allow() {
    }

    /** Empty when {@code value} matches; else why it does not. */
    static Optional<String> check(Pattern allowed, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("empty value");
        }
        if (value.contains("$(") || value.contains("${") || value.contains("`")) {
            return Optional.of("contains shell command syntax ($(, ${ or a backquote)");
        }
        if (!allowed.matcher(value).matches()) {
            return Optional.of("has characters outside " + allowed.pattern());
        }
        return Optional.empty();
    }
}
