package org.igdlab.runner.host;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.ssh.ShellWords;

/**
 * How one power action ended: its argv, exit status (empty when it did not finish within its
 * deadline or could not be started), a capped tail of its combined output, and how long it ran.
 */
public record PowerResult(List<String> argv, OptionalInt exitStatus, String outputTail, Duration duration,
        String problem) {

    public PowerResult {
        argv = List.copyOf(argv);
        Objects.requireNonNull(exitStatus, "exitStatus");
        Objects.requireNonNull(outputTail, "outputTail");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(problem, "problem");
    }

    public boolean succeeded() {
        return exitStatus.isPresent() && exitStatus.getAsInt() == 0;
    }

    /** One line for messages: {@code 'ipmitool' '-I' ... exited 0 after 1.2s; output: ...}. */
    public String summary() {
        StringBuilder text = new StringBuilder(ShellWords.quote(argv)).append(' ');
        if (exitStatus.isPresent()) {
            text.append("exited ").append(exitStatus.getAsInt());
        } else {
            text.append(problem.isEmpty() ? "did not finish" : problem);
        }
        text.append(" after ").append(RemoteException.seconds(duration));
        String out = outputTail.strip();
        if (!out.isEmpty()) {
            text.append("; output: ").append(out.replace('\n', ' '));
        }
        return text.toString();
    }
}
