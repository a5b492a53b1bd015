package org.igdlab.twin.host;

/** One finished exec request: exit status and both output streams. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    static CommandResult notFound(String command) {
        return new CommandResult(127, "", "sh: 1: " + command + ": not found\n");
    }
}
