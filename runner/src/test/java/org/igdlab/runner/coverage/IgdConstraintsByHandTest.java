package org.igdlab.runner.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the constrained IGD model's rows against C1..C11 written out by hand in Java, so neither
 * the parser nor the constraint evaluator is trusted: a second, fully independent oracle.
 */
class IgdConstraintsByHandTest {

    private static final List<String> NAMES = List.of("mode", "machine", "firmware", "guest", "x-igd-opregion",
            "x-igd-lpc", "x-igd-legacy-mode", "x-vga", "rom", "x-igd-gms", "generation", "host-kernel");

    private static boolean allowed(List<String> r) {
        String mode = r.get(0);
        String machine = r.get(1);
        String firmware = r.get(2);
        String guest = r.get(3);
        String opregion = r.get(4);
        String lpc = r.get(5);
        String legacyMode = r.get(6);
        String vga = r.get(7);
        String rom = r.get(8);
        String generation = r.get(10);
        String kernel = r.get(11);
        boolean legacy = mode.equals("legacy");
        return (!legacy || machine.equals("pc-i440fx"))
                && (!machine.equals("q35") || lpc.equals("off"))
                && (!firmware.equals("ovmf") || vga.equals("off"))
                && (!guest.equals("windows11") || !firmware.equals("seabios"))
                && (!legacy || (!rom.equals("none") && firmware.equals("seabios")))
                && (legacy ? !legacyMode.equals("off") : !legacyMode.equals("on"))
                && (!legacy || (opregion.equals("on") && lpc.equals("on") && vga.equals("on")))
                && (!Set.of("gen11", "gen12", "gen12.7").contains(generation) || mode.equals("upt"))
                && (!mode.equals("upt") || !Set.of("gen6", "gen7", "gen7.5").contains(generation))
                && (!firmware.equals("ovmf-igd-oprom") || (rom.equals("romfile") && legacyMode.equals("off")))
                && (!generation.equals("gen12.7") || !kernel.equals("lts-6.1"));
    }

    @ParameterizedTest(name = "t={0}")
    @ValueSource(ints = {2, 3})
    void everyRowKeepsTheHandWrittenConstraintsAndEveryPossibleTupleIsCovered(int strength) {
        PictModel model = Models.bundled("h_igd_constrained.txt");
        assertThat(model.parameters()).extracting(Parameter::name).containsExactlyElementsOf(NAMES);
        List<List<String>> rows = CoveringArrays.generate(model, strength, 0).rows();

        assertThat(rows).allMatch(IgdConstraintsByHandTest::allowed);

        Set<String> possible = new HashSet<>();
        enumerate(model, 0, new ArrayList<>(), row -> {
            if (allowed(row)) {
                possible.addAll(tuples(row, strength));
            }
        });
        Set<String> covered = new HashSet<>();
        rows.forEach(row -> covered.addAll(tuples(row, strength)));
        assertThat(covered).containsAll(possible);
        assertThat(CoverageCheck.check(model, strength, rows).coverableTuples()).isEqualTo(possible.size());
    }

    private static void enumerate(PictModel model, int p, List<String> prefix,
            java.util.function.Consumer<List<String>> action) {
        if (p == model.parameters().size()) {
            action.accept(prefix);
            return;
        }
        for (String v : model.parameters().get(p).values()) {
            prefix.add(v);
            enumerate(model, p + 1, prefix, action);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static List<String> tuples(List<String> row, int strength) {
        List<String> out = new ArrayList<>();
        int k = row.size();
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                if (strength == 2) {
                    out.add(a + "=" + row.get(a) + "|" + b + "=" + row.get(b));
                    continue;
                }
                for (int c = b + 1; c < k; c++) {
                    out.add(a + "=" + row.get(a) + "|" + b + "=" + row.get(b) + "|" + c + "=" + row.get(c));
                }
            }
        }
        return out;
    }
}
