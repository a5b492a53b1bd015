package org.igdlab.runner.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import org.igdlab.runner.display.DisplayExpectation;

/**
 * What one cell on one host should show, resolved from the rules of expectations.yaml.
 *
 * @param stderrPatterns regexes (placeholders resolved) that must each be found in QEMU's stderr
 * @param fwCfg          fw_cfg files QEMU should create ({@code igd-opregion}, {@code igd-bdsm-size});
 *                       (checked against the guest's /sys/firmware/qemu_fw_cfg where the guest is probed)
 * @param rules          ids of the rules that matched, in file order
 * @param citations      their citations, in the same order
 * @param ggcValue       the exact GGC (word 0x50) when {@code ggc} is {@link RegisterExpectation#EXACT}, else empty
 * @param sources        for each field ({@code qemu}, {@code stderr}, {@code fw-cfg}, {@code asls},
 *                       {@code bdsm}, {@code bdsm64}, {@code ggc}) the citation of the rule that set it
 * @param display        pre-OS and OS output on the IGD's port (unchecked where no rule says)
 * @param probes         what the deeper probes should show: etc/igd-bdsm-size's value, the IDs at
 *                       00:1f.0 (unchecked where no rule says)
 * @param guest          the guest drivers' reactions: Linux kernel log, Windows adapter status (unchecked where no rule says)
 */
public record Expectation(QemuOutcome qemu, List<String> stderrPatterns, Set<String> fwCfg,
                          RegisterExpectation asls, RegisterExpectation bdsm, RegisterExpectation bdsm64,
                          RegisterExpectation ggc, OptionalLong ggcValue, List<String> rules, List<String> citations,
                          Map<String, String> sources, DisplayExpectation display, ProbeExpectation probes,
                          GuestExpectation guest) {
    /** An expectation that says nothing about the deeper probes' optional fields nor the guest drivers' reactions. */
    public Expectation(QemuOutcome qemu, List<String> stderrPatterns, Set<String> fwCfg,
                       RegisterExpectation asls, RegisterExpectation bdsm, RegisterExpectation bdsm64,
                       RegisterExpectation ggc, OptionalLong ggcValue, List<String> rules, List<String> citations,
                       Map<String, String> sources, DisplayExpectation display) {
        this(qemu, stderrPatterns, fwCfg, asls, bdsm, bdsm64, ggc, ggcValue, rules, citations, sources, display,
                ProbeExpectation.unchecked(), GuestExpectation.unchecked());
    }

    /** An expectation that says nothing about the guest drivers' reactions. */
    public Expectation(QemuOutcome qemu, List<String> stderrPatterns, Set<String> fwCfg,
                       RegisterExpectation asls, RegisterExpectation bdsm, RegisterExpectation bdsm64,
                       RegisterExpectation ggc, OptionalLong ggcValue, List<String> rules, List<String> citations,
                       Map<String, String> sources, DisplayExpectation display, ProbeExpectation probes) {
        this(qemu, stderrPatterns, fwCfg, asls, bdsm, bdsm64, ggc, ggcValue, rules, citations, sources, display,
                probes, GuestExpectation.unchecked());
    }

    /** An expectation that says nothing about the deeper probes' optional fields. */
    public Expectation(QemuOutcome qemu, List<String> stderrPatterns, Set<String> fwCfg,
                       RegisterExpectation asls, RegisterExpectation bdsm, RegisterExpectation bdsm64,
                       RegisterExpectation ggc, OptionalLong ggcValue, List<String> rules, List<String> citations,
                       Map<String, String> sources, DisplayExpectation display, GuestExpectation guest) {
        this(qemu, stderrPatterns, fwCfg, asls, bdsm, bdsm64, ggc, ggcValue, rules, citations, sources, display,
                ProbeExpectation.unchecked(), guest);
    }

    /** An expectation that says nothing about the display. */
    public Expectation(QemuOutcome qemu, List<String> stderrPatterns, Set<String> fwCfg,
                       RegisterExpectation asls, RegisterExpectation bdsm, RegisterExpectation bdsm64,
                       RegisterExpectation ggc, OptionalLong ggcValue, List<String> rules, List<String> citations,
                       Map<String, String> sources) {
        this(qemu, stderrPatterns, fwCfg, asls, bdsm, bdsm64, ggc, ggcValue, rules, citations, sources,
                DisplayExpectation.unchecked());
    }

    public Expectation {
        Objects.requireNonNull(qemu, "qemu");
        stderrPatterns = List.copyOf(stderrPatterns);
        stderrPatterns.forEach(Pattern::compile);
        fwCfg = Collections.unmodifiableSet(new LinkedHashSet<>(fwCfg));
        Objects.requireNonNull(asls, "asls");
        Objects.requireNonNull(bdsm, "bdsm");
        Objects.requireNonNull(bdsm64, "bdsm64");
        Objects.requireNonNull(ggc, "ggc");
        if (ggc == RegisterExpectation.FIRMWARE_ALLOCATED) {
            throw new IllegalArgumentException("ggc (" + ggc + ") cannot be firmware-allocated: no firmware writes GGC");
        }
        Objects.requireNonNull(ggcValue, "ggcValue");
        if ((ggc == RegisterExpectation.EXACT) != ggcValue.isPresent()) {
            throw new IllegalArgumentException("ggc (" + ggc + ") and ggcValue (" + ggcValue
                    + ") disagree: a value goes with exact, and only with exact");
        }
        for (RegisterExpectation r : List.of(asls, bdsm, bdsm64)) {
            if (r == RegisterExpectation.EXACT) {
                throw new IllegalArgumentException("only ggc can be exact, not ASLS or BDSM (" + r + ")");
            }
        }
        rules = List.copyOf(rules);
        citations = List.copyOf(citations);
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(guest, "guest");
    }

    /** An expectation without an exact GGC value. */
    public Expectation(QemuOutcome qemu, List<String> stderrPatterns, Set<String> fwCfg, RegisterExpectation asls,
                       RegisterExpectation bdsm, RegisterExpectation bdsm64, RegisterExpectation ggc, List<String> rules,
                       List<String> citations, Map<String, String> sources) {
        this(qemu, stderrPatterns, fwCfg, asls, bdsm, bdsm64, ggc, OptionalLong.empty(), rules, citations, sources);
    }

    /** The citation of the rule that set {@code field}, or all citations when unknown. */
    public String sourceOf(String field) {
        return sources.getOrDefault(field, String.join("; ", citations));
    }
}
