package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Host;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of expectations.yaml: when all {@code conditions} hold, it sets the fields in
 * {@code sets} (field name → value: {@link QemuOutcome.Starts} or a refusal's message regex, a {@code List<String>} of stderr regexes,
 * a {@code Set<String>} of fw_cfg names, or a {@link RegisterExpectation}). Later rules override.
 */
record Rule(String id, String cite, List<Condition> conditions, Map<String, Object> sets, String note) {
    Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cite, "cite");
        conditions = List.copyOf(conditions);
        sets = Map.copyOf(sets);
        Objects.requireNonNull(note, "note");
    }

    boolean applies(Cell cell, Host host) {
        return conditions.stream().allMatch(c -> c.holds(cell, host));
    }
}
