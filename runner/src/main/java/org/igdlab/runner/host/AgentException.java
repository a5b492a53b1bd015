package org.igdlab.runner.host;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.igdlab.runner.ssh.ExecResult;
import org.igdlab.runner.ssh.RemoteException;
import org.igdlab.runner.ssh.ShellWords;

/**
 * The host agent ran but refused or failed a verb, or said something the runner cannot read. The
 * message carries the host, verb, command, exit status, the agent's {@code error.code} and
 * {@code error.message}, and the tail of its stderr.
 */
public final class AgentException extends Exception {

    private final String host;
    private final String verb;
    private final List<String> argv;
    private final OptionalInt exitStatus;
    private final Optional<String> errorCode;
    private final Optional<String> errorMessage;
    private final String stderrTail;
    private final Optional<AgentReply> reply;

    AgentException(String host, String verb, ExecResult exec, Optional<String> errorCode, Optional<String> errorMessage,
            String problem) {
        this(host, verb, exec, errorCode, errorMessage, problem, Optional.empty());
    }

    /** With the agent's parsed output, for refusals that carry machine-readable lines (lease-* names the holder). */
    AgentException(String host, String verb, ExecResult exec, Optional<String> errorCode, Optional<String> errorMessage,
            String problem, Optional<AgentReply> reply) {
        super(format(host, verb, exec, errorCode, errorMessage, problem));
        this.reply = reply;
        this.host = host;
        this.verb = verb;
        this.argv = exec.argv();
        this.exitStatus = exec.exitStatus();
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.stderrTail = exec.stderrTail();
    }

    private static String format(String host, String verb, ExecResult exec, Optional<String> code,
            Optional<String> message, String problem) {
        StringBuilder text = new StringBuilder("host=").append(host).append(" step=agent ").append(verb).append(": ")
                .append(problem);
        code.ifPresent(c -> text.append("; error.code=").append(c));
        message.ifPresent(m -> text.append(" error.message=").append(m));
        text.append(" (").append(ShellWords.quote(exec.argv())).append(' ').append(exec.outcome()).append(" after ")
                .append(RemoteException.seconds(exec.duration())).append(')');
        String stderr = exec.stderrTail().strip();
        if (!stderr.isEmpty()) {
            text.append("; stderr: ").append(stderr.length() > 2000 ? "..." + stderr.substring(stderr.length() - 2000) : stderr);
        }
        return text.toString();
    }

    public String host() {
        return host;
    }

    public String verb() {
        return verb;
    }

    public List<String> argv() {
        return argv;
    }

    public OptionalInt exitStatus() {
        return exitStatus;
    }

    /** The agent's {@code error.code} ({@code usage}, {@code bad-argument}, {@code unavailable}, {@code failed}, {@code busy}). */
    public Optional<String> errorCode() {
        return errorCode;
    }

    public Optional<String> errorMessage() {
        return errorMessage;
    }

    public String stderrTail() {
        return stderrTail;
    }

    /** The agent's output when it was well-formed {@code key=value} lines (a refusal), else empty. */
    public Optional<AgentReply> reply() {
        return reply;
    }
}
