package org.igdlab.runner.host;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.igdlab.runner.ssh.ExecResult;

/** The parsed {@code key=value} output of one agent verb, keys in the order they first appeared, with the raw exec. */
public record AgentReply(String verb, Map<String, List<String>> values, ExecResult exec) {

    public AgentReply {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(exec, "exec");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        values = Collections.unmodifiableMap(copy);
    }

    /** The first value of {@code key}, if the agent printed it. */
    public Optional<String> first(String key) {
        List<String> all = values.get(key);
        return all == null || all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every value of {@code key}, in order; empty when absent. */
    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }
}
