package org.igdlab.runner.repro;

import java.util.List;
import java.util.Optional;

/** What {@code lab repro} prints: what was understood, what was not, and what was written. */
public final class ReproSummary {
    private static final int MAX_UNUSED = 12;

    private ReproSummary() {
    }

    public static String text(String name, ReproReport r, Optional<ReproScenario> scenario) {
        StringBuilder s = new StringBuilder();
        s.append("Report ").append(name).append('\n');
        s.append("\nFound:\n");
        if (r.parts().isEmpty()) {
            s.append("  nothing recognisable (no command line, XML, Proxmox config, dump or QEMU message)\n");
        }
        for (ReproReport.Part p : r.parts()) {
            s.append(String.format("  %-12s %-22s %s%n", lines(p.firstLine(), p.lastLine()), p.kind(), p.summary()));
        }
        s.append("\nThe reporter's cell:\n");
        for (String axis : ReproParser.AXES) {
            Derived d = r.cell().get(axis);
            if (d == null) {
                s.append(String.format("  %-15s %-12s %s%n", axis, "?", "not found in the report"));
                continue;
            }
            s.append(String.format("  %-15s %-12s %s%n", axis, d.value(), d.source()));
            for (String o : d.others()) {
                s.append(String.format("  %-15s %-12s also said: %s%n", "", "", o));
            }
        }
        if (!r.extras().isEmpty()) {
            s.append("\nOptions seen that are not axes yet (kept in the sidecar):\n");
            r.extras().forEach(d -> s.append(String.format("  %s=%s  %s%n", d.name(), d.value(), d.source())));
        }
        if (!r.versions().isEmpty()) {
            s.append("\nVersions mentioned:\n");
            r.versions().forEach(d -> s.append(String.format("  %-22s %-24s %s%n", d.name(), d.value(), d.source())));
        }
        if (!r.devices().isEmpty()) {
            s.append("\nDumps:\n");
            for (ReproReport.RoleDevice d : r.devices()) {
                s.append(String.format("  %-7s %s %s  lines %d-%d  (%s)%n", d.role(), d.device().bdf(),
                        InspectReportHex.id(d.device()), d.device().dump().firstLine(), d.device().dump().lastLine(),
                        d.roleSource()));
            }
        }
        if (!r.observations().isEmpty()) {
            s.append("\nObserved / reported:\n");
            r.observations().forEach(d -> s.append(String.format("  %s: %s  [%s]%n", d.name(), d.value(), d.source())));
        }
        if (!r.unusable().isEmpty()) {
            s.append("\nCould not use:\n");
            r.unusable().forEach(u -> s.append(String.format("  line %d: %s%n      %s%n", u.line(), u.why(), quoted(u.text()))));
        }
        if (!r.unusedText().isEmpty()) {
            s.append("\nNot used by any parser (").append(r.unusedText().size()).append(" stretches of text):\n");
            List<Unusable> shown = r.unusedText().subList(0, Math.min(MAX_UNUSED, r.unusedText().size()));
            shown.forEach(u -> s.append(String.format("  %-14s %s%n", u.why().replace(" not used", ""), quoted(u.text()))));
            if (r.unusedText().size() > MAX_UNUSED) {
                s.append("  … and ").append(r.unusedText().size() - MAX_UNUSED).append(" more (all listed in the sidecar)\n");
            }
        }
        scenario.ifPresent(sc -> {
            s.append("\nScenario ").append(sc.id()).append(": reporter's cell ").append(sc.reporterCell()).append('\n');
            sc.axes().forEach((k, v) -> s.append(String.format("  %-15s %s%n", k, String.join(", ", v))));
            s.append("  neighbours: ").append(sc.neighbours().size()).append(" one-step cells (")
                    .append(String.join("; ", sc.neighbours().values())).append(")\n");
        });
        return s.toString();
    }

    private static String lines(int a, int b) {
        return a == b ? "line " + a : "lines " + a + "-" + b;
    }

    /** Report text shown to a person: control characters made visible, never interpreted. */
    static String quoted(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }
}
