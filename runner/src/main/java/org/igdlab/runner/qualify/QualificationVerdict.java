package org.igdlab.runner.qualify;

import java.util.ArrayList;
import java.util.List;

import org.igdlab.runner.report.BaselineDiff;
import org.igdlab.runner.report.BaselineDiff.Change;
import org.igdlab.runner.report.RegressionConfirmation.Confirmation;

/**
 * The answer of a release qualification, decided from the diff of the candidate run against the
 * baseline once each regression's confirmation is known.
 *
 * <ul>
 * <li>A regression blocks when it is confirmed on a second host of its generation, or when its
 *     generation has no second host (then one host's failure is all the evidence there can be).</li>
 * <li>One that passed on the second host does not block: it points at the first host.</li>
 * <li>Known issues, cells still failing as in the baseline and new cells do not block: none of
 *     them is something the candidate made worse.</li>
 * <li>Without a blocking regression, a lab fault that left a cell without a verdict (a broken
 *     cell, a second host that gave no verdict) prevents the answer.</li>
 * </ul>
 */
public sealed interface QualificationVerdict {

    /** What the terminal and qualification.md print first. */
    String headline();

    /** qualified, not-qualified or no-verdict, as qualification.json says it. */
    String id();

    /** What does not block but a reader should know (known issues hit, cells still failing, …). */
    List<String> notes();

    /** Every blocking regression, none of them explained away. */
    record NotQualified(List<Change> regressions, List<String> notes) implements QualificationVerdict {
        public NotQualified {
            regressions = List.copyOf(regressions);
            notes = List.copyOf(notes);
            if (regressions.isEmpty()) {
                throw new IllegalArgumentException("not qualified needs at least one regression");
            }
        }

        @Override
        public String headline() {
            return "NOT QUALIFIED: " + regressions.size() + " regression(s)";
        }

        @Override
        public String id() {
            return "not-qualified";
        }
    }

    /** No regression and nothing left undecided. */
    record Qualified(List<String> notes) implements QualificationVerdict {
        public Qualified {
            notes = List.copyOf(notes);
        }

        @Override
        public String headline() {
            return "QUALIFIED";
        }

        @Override
        public String id() {
            return "qualified";
        }
    }

    /** No blocking regression, but lab faults left cells without a verdict. */
    record NoVerdict(List<String> reasons, List<String> notes) implements QualificationVerdict {
        public NoVerdict {
            reasons = List.copyOf(reasons);
            notes = List.copyOf(notes);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("no verdict needs a reason");
            }
        }

        @Override
        public String headline() {
            return "NO VERDICT: lab faults left " + reasons.size() + " cell(s) undecided";
        }

        @Override
        public String id() {
            return "no-verdict";
        }
    }

    /** The verdict for a diff whose regressions carry their final confirmation. */
    static QualificationVerdict decide(BaselineDiff diff) {
        List<Change> blocking = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Change r : diff.regressions()) {
            Confirmation c = r.confirmation().orElse(Confirmation.UNCONFIRMED);
            switch (c) {
                case CONFIRMED, SINGLE_HOST -> blocking.add(r);
                case NOT_REPRODUCED -> notes.add("not blocking: " + r.cellId() + " on " + r.host() + " — " + r.note());
                case UNCONFIRMED -> undecided.add(r.cellId() + " on " + r.host() + " failed; " + r.note());
            }
        }
        for (Change b : diff.broken()) {
            undecided.add(b.cellId() + " on " + b.host() + " broken: " + b.message().lines().findFirst().orElse(""));
        }
        if (!diff.known().isEmpty()) {
            notes.add(diff.known().size() + " cell(s) failed as known issues explain (not blocking)");
        }
        if (!diff.stillFailing().isEmpty()) {
            notes.add(diff.stillFailing().size() + " cell(s) still fail as in the baseline (not blocking): "
                    + String.join(", ", diff.stillFailing().stream().map(c -> c.cellId() + " on " + c.host()).toList()));
        }
        List<String> newFailing = diff.newCells().stream().filter(c -> c.now().equals("failed"))
                .map(c -> c.cellId() + " on " + c.host()).toList();
        if (!newFailing.isEmpty()) {
            notes.add(newFailing.size() + " cell(s) not in the baseline fail (no baseline to regress from): "
                    + String.join(", ", newFailing));
        }
        if (!blocking.isEmpty()) {
            return new NotQualified(blocking, notes);
        }
        if (!undecided.isEmpty()) {
            return new NoVerdict(undecided, notes);
        }
        return new Qualified(notes);
    }
}
