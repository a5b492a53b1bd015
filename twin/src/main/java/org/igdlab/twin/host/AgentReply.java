package org.igdlab.twin.host;

import java.util.regex.Pattern;

/** The agent's stdout: `protocol=1`, `key=value` lines, then `status=ok|error` (PROTOCOL.md "Output"). */
final class AgentReply {
    private static final Pattern KEY = Pattern.compile("^[a-z0-9][a-z0-9._:-]*$");
    private final StringBuilder out = new StringBuilder("protocol=1\n");

    AgentReply put(String key, Object value) {
        if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("agent output key '" + key + "' is not allowed");
        out.append(key).append('=').append(String.valueOf(value).replaceAll("\\p{Cntrl}", " ")).append('\n');
        return this;
    }

    CommandResult ok() {
        out.append("status=ok\n");
        return new CommandResult(0, out.toString(), "");
    }

    static CommandResult error(int exitCode, String code, String message) {
        AgentReply r = new AgentReply().put("error.code", code).put("error.message", message);
        r.out.append("status=error\n");
        return new CommandResult(exitCode, r.out.toString(), "igdlab-agent: " + message + "\n");
    }

    /** An error whose output carries machine-readable lines ({@code lines}' keys) before the error lines. */
    static CommandResult refusal(int exitCode, String code, String message, AgentReply lines) {
        lines.put("error.code", code).put("error.message", message);
        lines.out.append("status=error\n");
        return new CommandResult(exitCode, lines.out.toString(), "igdlab-agent: " + message + "\n");
    }

    static CommandResult usage(String message) {
        return error(64, "usage", message);
    }

    static CommandResult badArgument(String message) {
        return error(65, "bad-argument", message);
    }

    static CommandResult unavailable(String message) {
        return error(69, "unavailable", message);
    }

    static CommandResult failed(String code, String message) {
        return error(70, code, message);
    }
}
