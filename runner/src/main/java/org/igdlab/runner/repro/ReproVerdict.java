package org.igdlab.runner.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The comparison behind {@code lab repro}'s answer, free of any run: what the report says the guest
 * read, what each cell of the repro run read, and the verdict.
 *
 * <p>Values are compared by what they are, not by their bits, because a firmware-allocated address
 * differs from machine to machine: a value is <b>zero</b> (0; for BDSM the lock bit 0 is ignored),
 * the <b>host's value</b> (equal to the host IGD's own register: the report's host dump, or the lab
 * host's inventory registers), or <b>firmware-allocated</b> (any other non-zero value). A reported
 * non-zero value with no host dump to tell the two apart is <b>non-zero</b>, which either matches.
 *
 * <p><b>Reproduced</b> means: the reporter's cell, or a cell that differs from it only on axes the
 * report leaves open (an axis it does not state; the SeaBIOS version when it names SeaBIOS without
 * one), shows every compared value as the report does. <b>Not reproduced</b>: the cells ran and
 * none of those does. <b>Cannot run here</b> is decided before any run (no host of the generation).
 */
public final class ReproVerdict {

    /** What a value is, for comparison. */
    public enum Kind {
        ZERO("zero"), HOST("the host's value"), FIRMWARE("firmware-allocated"), NONZERO("non-zero");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        boolean matches(Kind observed) {
            return this == observed || (this == NONZERO && (observed == HOST || observed == FIRMWARE));
        }
    }

    /** A guest register the report gives a value for. */
    public record Register(String name, int offset, int width) {
        public static final Register ASLS = new Register("ASLS", 0xFC, 4);
        public static final Register BDSM = new Register("BDSM", 0x5C, 4);
        public static final Register BDSM64 = new Register("BDSM64", 0xC0, 8);

        public String label() {
            return String.format("0x%02X %s", offset, name);
        }

        String hex(long v) {
            return String.format("0x%0" + (width * 2) + "x", v);
        }
    }

    /** One reported guest value: its register, the value when the report has the bytes, and what it is. */
    public record Reported(Register register, OptionalLong value, Kind kind, String source) {
        public Reported {
            Objects.requireNonNull(register, "register");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(source, "source");
        }

        public String text() {
            return (value.isPresent() ? register.hex(value.getAsLong()) + " (" + kind.text() + ")" : kind.text());
        }
    }

    /** What one cell of the run read: register → value (absent when the cell produced no guest dump). */
    public record Observed(String cellId, String status, Map<Register, OptionalLong> values, Map<Register, Long> host,
                           String note) {
        public Observed {
            Objects.requireNonNull(cellId, "cellId");
            Objects.requireNonNull(status, "status");
            values = Map.copyOf(values);
            host = Map.copyOf(host);
            Objects.requireNonNull(note, "note");
        }

        Optional<Kind> kind(Register r) {
            OptionalLong v = values.getOrDefault(r, OptionalLong.empty());
            return v.isPresent() ? Optional.of(classify(r, v.getAsLong(), Optional.ofNullable(host.get(r)))) : Optional.empty();
        }

        String text(Register r) {
            OptionalLong v = values.getOrDefault(r, OptionalLong.empty());
            return v.isPresent() ? r.hex(v.getAsLong()) + " (" + kind(r).orElseThrow().text() + ")" : "not read (" + note + ")";
        }
    }

    /** The answer. */
    public enum Answer {
        REPRODUCED("reproduced"), NOT_REPRODUCED("not reproduced"), CANNOT_RUN("cannot run here");

        private final String text;

        Answer(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * The verdict. {@code matching} is the cell that shows the report (the reporter's cell when it
     * does, else one differing only on open axes), empty when not reproduced.
     */
    public record Result(Answer answer, Optional<String> matching, List<Reported> compared) {
        public Result {
            compared = List.copyOf(compared);
        }
    }

    private ReproVerdict() {
    }

    /** Zero, the host's value, or firmware-allocated; BDSM's lock bit does not count. */
    public static Kind classify(Register r, long value, Optional<Long> hostValue) {
        long v = r.equals(Register.ASLS) ? value : value & ~1L;
        if (v == 0) {
            return Kind.ZERO;
        }
        if (hostValue.isPresent() && hostValue.get() == value) {
            return Kind.HOST;
        }
        return Kind.FIRMWARE;
    }

    /** The reported value's kind: like {@link #classify}, but non-zero without a host value to compare with. */
    public static Kind classifyReported(Register r, long value, Optional<Long> reportedHost) {
        Kind k = classify(r, value, reportedHost);
        return k == Kind.FIRMWARE && reportedHost.isEmpty() ? Kind.NONZERO : k;
    }

    /** Whether {@code cell} shows every reported value as reported; a cell that read nothing does not. */
    public static boolean shows(Observed cell, List<Reported> reported) {
        if (reported.isEmpty()) {
            return false;
        }
        for (Reported r : reported) {
            Optional<Kind> k = cell.kind(r.register());
            if (k.isEmpty() || !r.kind().matches(k.get())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The verdict over the run's cells. {@code consistent} are the cells (by id, in order of
     * preference, the reporter's cell first) that the report does not rule out.
     */
    public static Result judge(List<Reported> reported, List<String> consistent, Map<String, Observed> cells) {
        for (String id : consistent) {
            Observed o = cells.get(id);
            if (o != null && shows(o, reported)) {
                return new Result(Answer.REPRODUCED, Optional.of(id), reported);
            }
        }
        return new Result(Answer.NOT_REPRODUCED, Optional.empty(), reported);
    }

    /**
     * The cells the report does not rule out: the reporter's cell, then each cell that differs from it
     * only in axes from {@code open} (axis → the values it may take), one axis at a time.
     */
    public static List<Map<String, String>> consistentCells(Map<String, String> reporter, Map<String, List<String>> open) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(reporter);
        for (Map.Entry<String, List<String>> e : open.entrySet()) {
            List<Map<String, String>> more = new ArrayList<>();
            for (Map<String, String> c : out) {
                for (String v : e.getValue()) {
                    if (!v.equals(c.get(e.getKey()))) {
                        Map<String, String> n = new LinkedHashMap<>(c);
                        n.put(e.getKey(), v);
                        more.add(n);
                    }
                }
            }
            out.addAll(more);
        }
        return out;
    }

    /** The registers compared, by name as the report's observations name them. */
    static final Set<Register> ALL = Set.of(Register.ASLS, Register.BDSM, Register.BDSM64);
}
