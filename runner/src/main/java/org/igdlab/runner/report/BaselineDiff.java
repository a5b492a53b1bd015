package org.igdlab.runner.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Changes from a baseline run to this run, in the style of a CI bug log: possible regressions
 * (was passed or had no verdict, now failed), fixes, still failing, new cells, known issues hit,
 * lab faults per host and the hosts that took part. Both runs are read from their allure-results,
 * so any earlier run directory can be the baseline. Cells are matched by cell id, whatever host
 * ran them.
 *
 * <p>Whether a regression is confirmed is {@link RegressionConfirmation}'s decision: here from
 * what this run holds (the same cell on a second host of its generation), and after
 * {@code lab qualify} re-ran the cell on a second host, from that ({@link #reconfirmed}).
 */
public record BaselineDiff(String baseline, String run, List<Change> regressions, List<Change> fixes,
                           List<Change> stillFailing, List<Change> newCells, List<Change> known, List<Change> broken,
                           List<HostLine> hosts, List<String> absentHosts) {

    /** One cell's change: what it was in the baseline ({@code absent} for a new cell) and what it is now. */
    public record Change(String cellId, String name, String host, String generation, String was, String wasHost,
                         String now, String message, Optional<String> knownIssue, Optional<RegressionConfirmation.Confirmation> confirmation,
                         String note) {
    }

    /** A host that took part, with its count per verdict. */
    public record HostLine(String host, String generation, Map<String, Long> counts) {
    }

    public BaselineDiff {
        regressions = List.copyOf(regressions);
        fixes = List.copyOf(fixes);
        stillFailing = List.copyOf(stillFailing);
        newCells = List.copyOf(newCells);
        known = List.copyOf(known);
        broken = List.copyOf(broken);
        hosts = List.copyOf(hosts);
        absentHosts = List.copyOf(absentHosts);
    }

    /** Reads both runs' allure-results and compares them. */
    public static BaselineDiff between(Path baselineDir, Path runDir) throws IOException {
        return of(name(baselineDir), ResultFiles.read(baselineDir.resolve("allure-results")),
                name(runDir), ResultFiles.read(runDir.resolve("allure-results")));
    }

    private static String name(Path runDir) {
        return RunRecord.read(runDir).map(RunRecord::id).orElse(String.valueOf(runDir.toAbsolutePath().normalize().getFileName()));
    }

    static BaselineDiff of(String baselineId, List<CellResult> baseline, String runId, List<CellResult> current) {
        Map<String, CellResult> before = byCell(baseline);
        Map<String, CellResult> now = byCell(current);
        Map<String, String> generationOf = new TreeMap<>();
        current.forEach(c -> generationOf.putIfAbsent(c.host(), c.generation()));
        generationOf.remove("none");

        List<Change> regressions = new ArrayList<>();
        List<Change> fixes = new ArrayList<>();
        List<Change> still = new ArrayList<>();
        List<Change> fresh = new ArrayList<>();
        List<Change> known = new ArrayList<>();
        List<Change> broken = new ArrayList<>();
        for (CellResult c : now.values()) {
            CellResult b = before.get(c.cellId());
            String was = b == null ? "absent" : b.verdict();
            String wasHost = b == null ? "" : b.host();
            Change plain = change(c, was, wasHost, Optional.empty(), "");
            if (b == null) {
                fresh.add(plain);
            }
            switch (c.verdict()) {
                case "failed" -> {
                    if (was.equals("failed") || was.equals("known")) {
                        still.add(plain);
                    } else if (b != null) {
                        regressions.add(confirm(c, was, wasHost, current, generationOf));
                    }
                }
                case "known" -> known.add(plain);
                case "broken" -> broken.add(plain);
                case "passed" -> {
                    if (was.equals("failed") || was.equals("known")) {
                        fixes.add(plain);
                    }
                }
                default -> { }
            }
        }
        Map<String, HostLine> hosts = new TreeMap<>();
        for (CellResult c : current) {
            if (c.host().equals("none")) {
                continue;
            }
            HostLine line = hosts.computeIfAbsent(c.host(), h -> new HostLine(h, c.generation(), new TreeMap<>()));
            line.counts().merge(c.verdict(), 1L, Long::sum);
        }
        List<String> absent = baseline.stream().map(CellResult::host).filter(h -> !h.equals("none"))
                .filter(h -> !hosts.containsKey(h)).distinct().sorted().toList();
        return new BaselineDiff(baselineId, runId, regressions, fixes, still, fresh, known, broken,
                new ArrayList<>(hosts.values()), absent);
    }

    private static Change change(CellResult c, String was, String wasHost, Optional<RegressionConfirmation.Confirmation> confirmation, String note) {
        return new Change(c.cellId(), c.name(), c.host(), c.generation(), was, wasHost, c.verdict(), c.message(),
                c.knownIssue(), confirmation, note);
    }

    private static Change confirm(CellResult c, String was, String wasHost, List<CellResult> current, Map<String, String> generationOf) {
        List<String> others = generationOf.entrySet().stream()
                .filter(e -> e.getValue().equals(c.generation()) && !e.getKey().equals(c.host())).map(Map.Entry::getKey).toList();
        Map<String, String> elsewhere = new TreeMap<>();
        current.stream().filter(o -> o.cellId().equals(c.cellId()) && others.contains(o.host()))
                .forEach(o -> elsewhere.merge(o.host(), o.verdict(), (a, b) -> a.equals("failed") ? a : b));
        RegressionConfirmation.Decision d = RegressionConfirmation.decide(c.host(), c.generation(), others, elsewhere);
        return change(c, was, wasHost, Optional.of(d.confirmation()), d.note());
    }

    /**
     * This diff with the confirmation of each regression named in {@code decisions} (by cell id)
     * replaced: {@code lab qualify} decides it from a re-run on a second host.
     */
    public BaselineDiff reconfirmed(Map<String, RegressionConfirmation.Decision> decisions) {
        List<Change> changed = regressions.stream().map(c -> {
            RegressionConfirmation.Decision d = decisions.get(c.cellId());
            return d == null ? c : new Change(c.cellId(), c.name(), c.host(), c.generation(), c.was(), c.wasHost(), c.now(),
                    c.message(), c.knownIssue(), Optional.of(d.confirmation()), d.note());
        }).toList();
        return new BaselineDiff(baseline, run, changed, fixes, stillFailing, newCells, known, broken, hosts, absentHosts);
    }

    /** One result per cell; a cell run on several hosts is represented by its worst result (then the first host by name). */
    private static Map<String, CellResult> byCell(List<CellResult> cells) {
        List<String> order = List.of("failed", "known", "broken", "passed", "skipped");
        Map<String, CellResult> out = new TreeMap<>();
        for (CellResult c : cells) {
            out.merge(c.cellId(), c, (a, b) -> rank(order, b) < rank(order, a)
                    || rank(order, b) == rank(order, a) && b.host().compareTo(a.host()) < 0 ? b : a);
        }
        return out;
    }

    private static int rank(List<String> order, CellResult c) {
        int i = order.indexOf(c.verdict());
        return i < 0 ? order.size() : i;
    }

    // --- rendering: terminal, markdown, JSON ---

    /** The terminal form. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Changes from ").append(baseline).append(" to ").append(run).append('\n');
        section(b, "Possible regressions", regressions, false);
        section(b, "Fixes", fixes, false);
        section(b, "Still failing", stillFailing, false);
        section(b, "New cells", newCells, false);
        section(b, "Known issues hit", known, false);
        brokenPerHost(b, false);
        hosts(b, false);
        return b.toString();
    }

    /** The markdown form, for diff.md. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Changes from ").append(baseline).append(" to ").append(run).append("\n");
        section(b, "Possible regressions", regressions, true);
        section(b, "Fixes", fixes, true);
        section(b, "Still failing", stillFailing, true);
        section(b, "New cells", newCells, true);
        section(b, "Known issues hit", known, true);
        brokenPerHost(b, true);
        hosts(b, true);
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<Change> changes, boolean md) {
        b.append('\n').append(md ? "## " : "").append(title).append(" (").append(changes.size()).append(")").append(md ? "\n\n" : ":\n");
        if (changes.isEmpty()) {
            b.append(md ? "None.\n" : "  none\n");
            return;
        }
        for (Change c : changes) {
            String was = c.wasHost().isEmpty() || c.wasHost().equals(c.host()) ? c.was() : c.was() + " on " + c.wasHost();
            String line = (md ? "`" + c.cellId() + "`" : c.cellId()) + " on " + c.host() + ": " + was + " -> " + c.now();
            b.append(md ? "- " : "  ").append(line);
            c.confirmation().ifPresent(k -> b.append(md ? " — **" : "  [").append(k.text()).append(md ? "**" : "]"));
            c.knownIssue().ifPresent(k -> b.append(" (known issue ").append(k).append(")"));
            b.append('\n');
            if (!c.note().isEmpty()) {
                b.append(md ? "  - " : "      ").append(c.note()).append('\n');
            }
            String first = c.message().lines().filter(l -> !l.startsWith(KnownIssues.MESSAGE_PREFIX)).findFirst().orElse("");
            if (!first.isEmpty() && !c.now().equals("passed")) {
                b.append(md ? "  - " : "      ").append(first).append('\n');
            }
        }
    }

    private void brokenPerHost(StringBuilder b, boolean md) {
        Map<String, List<Change>> perHost = new TreeMap<>();
        broken.forEach(c -> perHost.computeIfAbsent(c.host(), h -> new ArrayList<>()).add(c));
        b.append('\n').append(md ? "## " : "").append("Lab faults (broken), per host (").append(broken.size()).append(")")
                .append(md ? "\n\n" : ":\n");
        if (perHost.isEmpty()) {
            b.append(md ? "None.\n" : "  none\n");
        }
        perHost.forEach((host, cells) -> {
            b.append(md ? "- **" + host + "**: " : "  " + host + ": ").append(cells.size()).append(" cell(s)\n");
            cells.forEach(c -> b.append(md ? "  - `" + c.cellId() + "`: " : "      " + c.cellId() + ": ")
                    .append(c.message().lines().findFirst().orElse("")).append('\n'));
        });
    }

    private void hosts(StringBuilder b, boolean md) {
        b.append('\n').append(md ? "## " : "").append("Hosts that took part (").append(hosts.size()).append(")").append(md ? "\n\n" : ":\n");
        if (md) {
            b.append("| host | generation | passed | failed | known | broken | skipped |\n|---|---|---|---|---|---|---|\n");
        }
        for (HostLine h : hosts) {
            long[] c = {count(h, "passed"), count(h, "failed"), count(h, "known"), count(h, "broken"), count(h, "skipped")};
            if (md) {
                b.append(String.format("| %s | %s | %d | %d | %d | %d | %d |%n", h.host(), h.generation(), c[0], c[1], c[2], c[3], c[4]));
            } else {
                b.append(String.format("  %-10s %-12s %3d passed, %d failed, %d known, %d broken, %d skipped%n",
                        h.host(), h.generation(), c[0], c[1], c[2], c[3], c[4]));
            }
        }
        if (!absentHosts.isEmpty()) {
            b.append(md ? "\nIn the baseline but not in this run: " : "  in the baseline but not in this run: ")
                    .append(String.join(", ", absentHosts)).append('\n');
        }
    }

    private static long count(HostLine h, String verdict) {
        return h.counts().getOrDefault(verdict, 0L);
    }

    /** The JSON form, for diff.json. */
    public String json() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("baseline", baseline).put("run", run);
        Map<String, List<Change>> sections = new LinkedHashMap<>();
        sections.put("regressions", regressions);
        sections.put("fixes", fixes);
        sections.put("stillFailing", stillFailing);
        sections.put("newCells", newCells);
        sections.put("knownIssues", known);
        sections.put("broken", broken);
        sections.forEach((key, changes) -> {
            ArrayNode array = root.putArray(key);
            for (Change c : changes) {
                ObjectNode n = array.addObject();
                n.put("cell", c.cellId()).put("name", c.name()).put("host", c.host()).put("generation", c.generation())
                        .put("was", c.was()).put("wasHost", c.wasHost()).put("now", c.now()).put("message", c.message());
                c.knownIssue().ifPresent(k -> n.put("knownIssue", k));
                c.confirmation().ifPresent(k -> n.put("confirmation", k.text()).put("confirmed", k.confirmed()));
                if (!c.note().isEmpty()) {
                    n.put("note", c.note());
                }
            }
        });
        ArrayNode hostArray = root.putArray("hosts");
        hosts.stream().sorted(Comparator.comparing(HostLine::host)).forEach(h -> {
            ObjectNode n = hostArray.addObject().put("host", h.host()).put("generation", h.generation());
            ObjectNode counts = n.putObject("counts");
            h.counts().forEach(counts::put);
        });
        ArrayNode absent = root.putArray("absentHosts");
        absentHosts.forEach(absent::add);
        return mapper.writeValueAsString(root) + "\n";
    }
}
