package org.igdlab.runner.host;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A cell's files (name to content, as listed by {@code collect}) and the number of DMAR fault lines in the host dmesg. */
public record CollectReply(String cellDir, Map<String, byte[]> files, int dmarFaults, AgentReply raw) {

    public CollectReply {
        Objects.requireNonNull(cellDir, "cellDir");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        files = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(raw, "raw");
    }
}
