package org.igdlab.twin.igd;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What QEMU's IGD code decided for one assignment at realize time. */
public sealed interface QuirkOutcome {
    List<Diagnostic> diagnostics();

    /** The device realized: these registers are emulated, these fw_cfg files exist. */
    record Realized(List<Diagnostic> diagnostics, List<RegisterEmulation> emulations, Map<String, byte[]> fwCfg,
                    Optional<LpcBridge> lpcBridge) implements QuirkOutcome {
        public Realized {
            diagnostics = List.copyOf(diagnostics);
            emulations = List.copyOf(emulations);
            fwCfg = Map.copyOf(fwCfg);
        }

        static Realized untouched(List<Diagnostic> diagnostics) {
            return new Realized(diagnostics, List.of(), Map.of(), Optional.empty());
        }
    }

    /** Realize failed: QEMU prints `vfio <host-bdf>: <error>` and exits 1. */
    record Refused(List<Diagnostic> diagnostics, String error) implements QuirkOutcome {
        public Refused {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /** QEMU dies on a signal (the hazards of igd-model.md §8.1). */
    record Crashed(List<Diagnostic> diagnostics, String signal) implements QuirkOutcome {
        public Crashed {
            diagnostics = List.copyOf(diagnostics);
        }
    }
}
