package org.igdlab.runner.run;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.verdict.ConfigSpace;
import org.igdlab.runner.verdict.Mismatch;
import org.igdlab.runner.verdict.Verdict;

/**
 * How a control cell ends. A control cell tests the lab (the host and the guest image), never the
 * product, so a control verdict that fails is a lab fault: the cell is {@link CellOutcome.Broken},
 * never {@link CellOutcome.Failed}, and the host's later cells are not run ({@link ControlGate}).
 */
final class ControlOutcome {

    static final String STEP = "verdict";

    private ControlOutcome() {
    }

    static CellOutcome of(PlannedCell planned, Verdict verdict, Duration took) {
        String cellId = planned.cell().id();
        String host = planned.host().name();
        if (verdict instanceof Verdict.Failed failed) {
            return new CellOutcome.Broken(cellId, host, took, STEP, "host=" + host + " control cell " + cellId
                    + " (lab, not product): " + failed.mismatches().stream().map(Mismatch::explanation)
                    .collect(Collectors.joining("; ")));
        }
        return new CellOutcome.Passed(cellId, host, took, ((Verdict.Passed) verdict).checks());
    }

    /** The identity words of a config header, as a person reads them next to lspci. */
    static String renderHeader(ConfigSpace d) {
        return d.bdf() + "\nvendor " + hex(d.word(0x00), 4) + "\ndevice " + hex(d.word(0x02), 4) + "\nclass  "
                + hex(d.dword(0x08).isPresent() ? OptionalLong.of(d.dword(0x08).getAsLong() >>> 8) : OptionalLong.empty(), 6)
                + "\n";
    }

    private static String hex(OptionalLong v, int digits) {
        return v.isPresent() ? String.format("0x%0" + digits + "x", v.getAsLong()) : "missing";
    }
}
