package org.igdlab.twin.igd;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What QEMU's IGD code decided for one assignment at realize time. */
public sealed interface QuirkOutcome {
    List<Diagnostic> diagnostics();

    /**
     * The device realized: these registers are emulated, these fw_cfg files exist; bands A/B in
     * legacy mode also trap the VBIOS's GTT writes through IO BAR4 ({@code gttTrap}).
     */
    record Realized(List<Diagnostic> diagnostics, List<RegisterEmulation> emulations, Map<String, byte[]> fwCfg,
                    Optional<LpcBridge> lpcBridge, Optional<GttTrap> gttTrap) implements QuirkOutcome {
        public Realized {
            diagnostics = List.copyOf(diagnostics);
            emulations = List.copyOf(emulations);
            fwCfg = Map.copyOf(fwCfg);
        }

        public Realized(List<Diagnostic> diagnostics, List<RegisterEmulation> emulations, Map<String, byte[]> fwCfg,
                        Optional<LpcBridge> lpcBridge) {
            this(diagnostics, emulations, fwCfg, lpcBridge, Optional.empty());
        }

        static Realized untouched(List<Diagnostic> diagnostics) {
            return new Realized(diagnostics, List.of(), Map.of(), Optional.empty());
        }
    }

    /**
     * Realize failed: QEMU prints the band's error prefix (e.g. `vfio <host-bdf>: `, see
     * {@link IgdQuirk#errorPrefix}) and the error, and exits 1.
     */
    record Refused(List<Diagnostic> diagnostics, String error) implements QuirkOutcome {
        public Refused {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /**
     * QEMU dies on a signal (the hazards of igd-model.md §8.1). {@code programLines} are printed by
     * libc after the program name only, without QEMU's location (an assertion message).
     */
    record Crashed(List<Diagnostic> diagnostics, String signal, List<String> programLines) implements QuirkOutcome {
        public Crashed {
            diagnostics = List.copyOf(diagnostics);
            programLines = List.copyOf(programLines);
            if (signal == null || signal.isBlank()) throw new IllegalArgumentException("signal is required");
        }

        public Crashed(List<Diagnostic> diagnostics, String signal) {
            this(diagnostics, signal, List.of());
        }

        /** Hazard H1/H3: an error path dereferences a NULL Error. */
        static Crashed nullErrorDereference(List<Diagnostic> diagnostics) {
            return new Crashed(diagnostics, "SEGV");
        }

        /** Hazard H2: error_setv() on an Error that is already set trips its assertion. */
        static Crashed errorAlreadySet(List<Diagnostic> diagnostics) {
            return new Crashed(diagnostics, "ABRT", List.of("../util/error.c:68: error_setv: Assertion `*errp == NULL' failed."));
        }
    }
}
