package org.igdlab.runner.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@code health} found: every check in the agent's order, and whether all passed. */
public record HostHealth(boolean healthy, List<Check> checks, AgentReply raw) {

    /** One {@code check.NAME=ok|fail} with its {@code detail.NAME}. */
    public record Check(String name, boolean ok, String detail) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public HostHealth {
        checks = List.copyOf(checks);
        Objects.requireNonNull(raw, "raw");
    }

    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The failed checks as {@code name: detail}, for messages. */
    public List<String> failures() {
        return checks.stream().filter(c -> !c.ok()).map(c -> c.name() + ": " + c.detail()).toList();
    }

    static HostHealth from(AgentReply reply) {
        List<Check> checks = new ArrayList<>();
        for (String key : reply.values().keySet()) {
            if (!key.startsWith("check.")) {
                continue;
            }
            String name = key.substring("check.".length());
            String state = reply.first(key).orElse("");
            if (!state.equals("ok") && !state.equals("fail")) {
                throw new IllegalArgumentException(key + "=" + state + " is neither ok nor fail");
            }
            checks.add(new Check(name, state.equals("ok"), reply.first("detail." + name).orElse("")));
        }
        String healthy = reply.first("healthy").orElseThrow(() -> new IllegalArgumentException("no healthy= line"));
        if (!healthy.equals("1") && !healthy.equals("0")) {
            throw new IllegalArgumentException("healthy=" + healthy + " is neither 1 nor 0");
        }
        boolean allOk = checks.stream().allMatch(Check::ok);
        if (healthy.equals("1") != allOk) {
            throw new IllegalArgumentException("healthy=" + healthy + " contradicts the checks " + checks);
        }
        return new HostHealth(allOk, checks, reply);
    }
}
