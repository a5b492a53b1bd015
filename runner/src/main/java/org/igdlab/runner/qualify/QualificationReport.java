package org.igdlab.runner.qualify;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.igdlab.runner.report.BaselineDiff;
import org.igdlab.runner.report.BaselineDiff.Change;

/**
 * What a qualification found, as the terminal, qualification.md and qualification.json say it:
 * the verdict first, then each regression with its host, the register or message that failed and
 * how far it is confirmed, then the pinned inputs.
 *
 * @param confirmations the re-runs made to confirm regressions, one line each
 */
record QualificationReport(String runId, String suite, String baseline, Candidates candidates, PinnedInputs inputs,
                           BaselineDiff diff, QualificationVerdict verdict, List<String> confirmations) {

    QualificationReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(verdict, "verdict");
        confirmations = List.copyOf(confirmations);
    }

    String candidateList() {
        return String.join(", ", candidates.all().stream().map(Candidate::toString).toList());
    }

    /** The terminal form. */
    String text() {
        StringBuilder b = new StringBuilder();
        b.append("Release qualification of ").append(candidateList()).append(" (suite ").append(suite).append(", run ")
                .append(runId).append(", baseline ").append(baseline).append(")\n");
        b.append("Verdict: ").append(verdict.headline()).append('\n');
        body(b, false);
        return b.toString();
    }

    /** qualification.md. */
    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Release qualification: ").append(verdict.headline()).append("\n\n");
        b.append("Candidates: ").append(candidateList()).append("  \nSuite: ").append(suite).append("  \nRun: ")
                .append(runId).append("  \nBaseline: ").append(baseline).append("\n");
        body(b, true);
        b.append("\n## Pinned inputs\n\n| input | file | sha256 |\n|---|---|---|\n");
        for (PinnedInputs.File f : inputs.files()) {
            b.append("| ").append(f.role()).append(" | ").append(f.path()).append(" | `").append(f.sha256()).append("` |\n");
        }
        for (PinnedInputs.Build build : inputs.builds()) {
            b.append("| candidate ").append(build.candidate().kind()).append(" | ").append(build.candidate().artifact().name())
                    .append(" ").append(build.candidate().artifact().version()).append(" on ")
                    .append(build.pathOnHost().size()).append(" host(s) | ")
                    .append(build.sha256().map(s -> "`" + s + "`").orElse("none in artifacts.yaml")).append(" |\n");
        }
        return b.toString();
    }

    private void body(StringBuilder b, boolean md) {
        String h = md ? "\n## " : "\n";
        String item = md ? "- " : "  ";
        String sub = md ? "  - " : "      ";
        if (verdict instanceof QualificationVerdict.NotQualified nq) {
            b.append(h).append("Regressions (").append(nq.regressions().size()).append(")").append(md ? "\n\n" : ":\n");
            for (Change r : nq.regressions()) {
                b.append(item).append(md ? "`" + r.cellId() + "`" : r.cellId()).append(" on ").append(r.host())
                        .append(": ").append(r.was()).append(" -> ").append(r.now()).append('\n');
                r.message().lines().filter(l -> !l.isBlank()).forEach(l -> b.append(sub).append(l).append('\n'));
                b.append(sub).append(r.note()).append('\n');
            }
        } else if (verdict instanceof QualificationVerdict.NoVerdict nv) {
            b.append(h).append("Undecided (").append(nv.reasons().size()).append(")").append(md ? "\n\n" : ":\n");
            nv.reasons().forEach(r -> b.append(item).append(r).append('\n'));
        }
        notes(b, verdict.notes(), md);
        if (!confirmations.isEmpty()) {
            b.append(h).append("Confirmation re-runs (").append(confirmations.size()).append(")").append(md ? "\n\n" : ":\n");
            confirmations.forEach(c -> b.append(item).append(c).append('\n'));
        }
    }

    private static void notes(StringBuilder b, List<String> notes, boolean md) {
        if (notes.isEmpty()) {
            return;
        }
        b.append(md ? "\n## Notes\n\n" : "\nNotes:\n");
        notes.forEach(n -> b.append(md ? "- " : "  ").append(n).append('\n'));
    }

    /** qualification.json. */
    String json() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("run", runId).put("suite", suite).put("baseline", baseline);
        root.put("verdict", verdict.id());
        root.put("headline", verdict.headline());
        ArrayNode regressions = root.putArray("regressions");
        if (verdict instanceof QualificationVerdict.NotQualified nq) {
            for (Change r : nq.regressions()) {
                ObjectNode n = regressions.addObject().put("cell", r.cellId()).put("host", r.host())
                        .put("generation", r.generation()).put("was", r.was()).put("now", r.now())
                        .put("message", r.message()).put("note", r.note());
                r.confirmation().ifPresent(c -> n.put("confirmation", c.text()));
            }
        }
        ArrayNode undecided = root.putArray("undecided");
        if (verdict instanceof QualificationVerdict.NoVerdict nv) {
            nv.reasons().forEach(undecided::add);
        }
        ArrayNode notes = root.putArray("notes");
        verdict.notes().forEach(notes::add);
        ArrayNode reruns = root.putArray("confirmationRuns");
        confirmations.forEach(reruns::add);
        ObjectNode in = root.putObject("inputs");
        for (PinnedInputs.File f : inputs.files()) {
            in.putObject(f.role()).put("path", f.path().toString()).put("sha256", f.sha256());
        }
        ArrayNode builds = root.putArray("candidates");
        for (PinnedInputs.Build build : inputs.builds()) {
            ObjectNode n = builds.addObject().put("kind", build.candidate().kind())
                    .put("artifact", build.candidate().artifact().name())
                    .put("version", build.candidate().artifact().version());
            build.candidate().artifact().source().ifPresent(s -> n.put("source", s));
            if (build.sha256().isPresent()) {
                n.put("sha256", build.sha256().get());
            } else {
                n.putNull("sha256");
                n.put("sha256Note", "artifacts.yaml gives no sha256 for " + build.candidate().artifact().name());
            }
            ObjectNode where = n.putObject("hosts");
            build.pathOnHost().forEach(where::put);
        }
        return mapper.writeValueAsString(root) + "\n";
    }
}
