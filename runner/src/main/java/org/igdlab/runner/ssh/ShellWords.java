package org.igdlab.runner.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where an argv becomes a command string, for the wire and for messages alike: every
 * word in single quotes, a {@code '} inside becoming {@code '\''}. A POSIX shell splits the result
 * back into exactly the original words, with no expansion of {@code $}, backquotes or globs.
 */
public final class ShellWords {

    private ShellWords() {
    }

    public static String quote(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        return argv.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot contain NUL: " + word.replace('\0', '?'));
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
