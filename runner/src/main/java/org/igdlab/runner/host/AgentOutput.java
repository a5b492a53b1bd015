package org.igdlab.runner.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.igdlab.runner.ssh.ExecResult;

/**
 * Reads an agent's stdout strictly, as PROTOCOL.md defines it: {@code protocol=1} first,
 * {@code key=value} lines, {@code status=ok|error} last; {@code status=error} or a non-zero exit
 * becomes an {@link AgentException} with the agent's {@code error.code} and {@code error.message}.
 */
final class AgentOutput {

    static final String PROTOCOL = "1";
    // PROTOCOL.md: keys may carry a BDF, e.g. previous-driver.0000:00:02.0
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._:-]*");

    private AgentOutput() {
    }

    static AgentReply read(String host, String verb, ExecResult exec) throws AgentException {
        String text = exec.stdoutText();
        if (exec.exitStatus().isPresent() && exec.exitStatus().getAsInt() == 127 && text.isEmpty()) {
            throw new AgentException(host, verb, exec, Optional.empty(), Optional.empty(),
                    "the agent is not installed (the remote shell could not run it)");
        }
        if (text.isEmpty()) {
            throw new AgentException(host, verb, exec, Optional.empty(), Optional.empty(), "the agent printed nothing");
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final newline
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        String firstKey = null;
        String lastKey = null;
        String lastValue = null;
        for (String line : lines) {
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (eq < 0 || !KEY.matcher(key).matches()) {
                throw new AgentException(host, verb, exec, Optional.empty(), Optional.empty(),
                        "the agent printed a line that is not key=value: " + abbreviate(line));
            }
            String value = line.substring(eq + 1);
            if (firstKey == null) {
                firstKey = key;
                if (!key.equals("protocol")) {
                    throw new AgentException(host, verb, exec, Optional.empty(), Optional.empty(),
                            "the agent's first line is not protocol=N but " + abbreviate(line));
                }
                if (!value.equals(PROTOCOL)) {
                    throw new AgentException(host, verb, exec, Optional.empty(), Optional.empty(),
                            "agent speaks protocol " + value + ", runner speaks " + PROTOCOL);
                }
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            lastKey = key;
            lastValue = value;
        }
        AgentReply reply = new AgentReply(verb, values, exec);
        boolean statusLast = "status".equals(lastKey);
        if (statusLast && "error".equals(lastValue) || !exec.succeeded()) {
            throw new AgentException(host, verb, exec, reply.first("error.code"), reply.first("error.message"),
                    statusLast && "error".equals(lastValue) ? "the agent reported an error" : "the agent failed",
                    Optional.of(reply));
        }
        if (!statusLast || !"ok".equals(lastValue)) {
            throw new AgentException(host, verb, exec, Optional.empty(), Optional.empty(),
                    "the agent's output did not end with status=ok (last line: "
                            + (lastKey == null ? "none" : lastKey + "=" + abbreviate(lastValue)) + ")");
        }
        return reply;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
