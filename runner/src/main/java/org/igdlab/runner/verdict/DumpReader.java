package org.igdlab.runner.verdict;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;



/**
 * Finds PCI config-space dumps in text: everything {@link org.igdlab.runner.verdict.LspciDump}
 * reads ({@code lspci -x/-xxx/-xxxx}, {@code -v}/{@code -nn} headers, elided rows, rows cut
 * mid-way), and also the kernel's {@code pci=earlydump} format, dmesg timestamps, journalctl
 * prefixes and mail quoting ({@code > }). Unlike {@code LspciDump} it remembers where each dump
 * sat and it does not let a malformed row pass: {@link #read} throws with the line number,
 * {@link #scan} lists the problem and goes on (for pasted reports, where the rest is still worth
 * reading).
 */
public final class DumpReader {
    private static final Pattern LSPCI_HEADER = Pattern.compile(
            "^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-1][0-9a-fA-F])\\.([0-7])\\s+(\\S.*)$");
    private static final Pattern EARLY_HEADER = Pattern.compile(
            "^pci\\s+([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-1][0-9a-fA-F])\\.([0-7]):?\\s+config space:?\\s*$");
    private static final Pattern ROW = Pattern.compile("^([0-9a-fA-F]{2,3}|[0-9a-fA-F]{8}):(?:\\s+(.*))?$");
    private static final Pattern HEX_BYTE = Pattern.compile("^[0-9a-fA-F]{2}$");
    private static final Pattern ELISION = Pattern.compile("^(?:\\.{2,}|…+|\\[\\.\\.\\.\\]|\\[snip\\])$");
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:>\\s?)*(?:[A-Z][a-z]{2}\\s+\\d+\\s+[\\d:]+\\s+\\S+\\s+kernel:\\s*)?(?:\\[\\s*\\d+\\.\\d+\\]\\s?)?");

    /** What {@link #scan} found: the dumps, and the lines it could not read, each with why. */
    public record Scan(List<Dump> dumps, List<Problem> problems, BitSet usedLines) {
        public Scan {
            dumps = List.copyOf(dumps);
            problems = List.copyOf(problems);
            usedLines = (BitSet) usedLines.clone();
        }

        /** 1-based lines that belonged to a dump (headers, rows, elisions, {@code -v} detail lines). */
        @Override
        public BitSet usedLines() {
            return (BitSet) usedLines.clone();
        }
    }

    /** A line that looked like part of a dump but could not be read. */
    public record Problem(int line, String text, String why) {
        public Problem {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(why, "why");
        }

        @Override
        public String toString() {
            return "line " + line + ": " + why;
        }
    }

    private DumpReader() {
    }

    /**
     * Every dump in {@code text}, in order. Throws {@link IllegalArgumentException} naming the
     * line when a row is malformed or when the text holds no dump at all.
     */
    public static List<Dump> read(String text) {
        Scan scan = scan(text);
        if (!scan.problems().isEmpty()) {
            Problem p = scan.problems().get(0);
            throw new IllegalArgumentException("line " + p.line() + ": " + p.why() + ": '" + clip(p.text()) + "'"
                    + (scan.problems().size() > 1 ? " (and " + (scan.problems().size() - 1) + " more)" : ""));
        }
        if (scan.dumps().isEmpty()) {
            throw new IllegalArgumentException("no PCI config-space dump found: expected a device line such as "
                    + "'00:02.0 VGA compatible controller: …' (lspci -xxx) or 'pci 0000:00:02.0 config space:' "
                    + "(pci=earlydump) followed by hex rows '00: 86 80 …'");
        }
        return scan.dumps();
    }

    /** Every dump in {@code text}, and every line that looked like a row but was not one. */
    public static Scan scan(String text) {
        Objects.requireNonNull(text, "text");
        List<Dump> dumps = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        BitSet used = new BitSet();
        String[] lines = text.split("\\R", -1);
        Open open = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String line = PREFIX.matcher(raw).replaceFirst("").strip();
            if (open != null && raw.startsWith("\t") && !line.isEmpty() && !ROW.matcher(line).matches()) {
                used.set(lineNo); // lspci -v detail line inside a stanza
                continue;
            }
            Matcher early = EARLY_HEADER.matcher(line);
            Matcher header = LSPCI_HEADER.matcher(line);
            if (early.matches() || header.matches()) {
                close(open, dumps);
                open = early.matches()
                        ? new Open(bdf(early.group(1), early.group(2), early.group(3), early.group(4)), lineNo,
                                Dump.Format.EARLYDUMP, "config space (pci=earlydump)")
                        : new Open(bdf(header.group(1), header.group(2), header.group(3), header.group(4)), lineNo,
                                Dump.Format.LSPCI, header.group(5).strip());
                used.set(lineNo);
                continue;
            }
            if (open == null) {
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (ELISION.matcher(line).matches()) {
                used.set(lineNo);
                open.last = lineNo;
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                close(open, dumps);
                open = null;
                continue;
            }
            used.set(lineNo);
            String why = open.row(Long.parseLong(row.group(1), 16), row.group(2) == null ? "" : row.group(2));
            if (why != null) {
                problems.add(new Problem(lineNo, raw.strip(), why));
            } else {
                open.last = lineNo;
            }
        }
        close(open, dumps);
        return new Scan(dumps, problems, used);
    }

    private static void close(Open open, List<Dump> into) {
        if (open != null && !open.present.isEmpty()) {
            into.add(new Dump(new ConfigSpace(open.bdf, open.bytes, open.present), open.first, open.last, open.format,
                    open.title));
        }
    }

    private static String bdf(String domain, String bus, String dev, String fn) {
        return (domain == null ? "0000" : domain.toLowerCase()) + ":" + bus.toLowerCase() + ":" + dev.toLowerCase()
                + "." + fn;
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static final class Open {
        final String bdf;
        final int first;
        final Dump.Format format;
        final String title;
        final byte[] bytes = new byte[ConfigSpace.SIZE];
        final BitSet present = new BitSet(ConfigSpace.SIZE);
        int last;

        Open(String bdf, int first, Dump.Format format, String title) {
            this.bdf = bdf;
            this.first = first;
            this.last = first;
            this.format = format;
            this.title = title;
        }

        /** Reads one hex row; returns why it is malformed, or null. */
        String row(long offset, String rest) {
            if (offset % 16 != 0 || offset >= ConfigSpace.SIZE) {
                return String.format("row offset 0x%x is not a multiple of 0x10 below 0x1000", offset);
            }
            String[] tokens = rest.isBlank() ? new String[0] : rest.strip().split("\\s+");
            int n = tokens.length;
            if (n > 0 && tokens[n - 1].length() == 1 && tokens[n - 1].matches("[0-9a-fA-F]")) {
                n--; // the row was cut mid-byte: the half byte is not a value
            }
            if (n > 16) {
                return String.format("row 0x%x has %d bytes, at most 16 fit in a row", offset, n);
            }
            for (int k = 0; k < n; k++) {
                if (!HEX_BYTE.matcher(tokens[k]).matches()) {
                    return String.format("row 0x%x: '%s' is not a hex byte (byte %d of the row)", offset,
                            clip(tokens[k]), k);
                }
            }
            for (int k = 0; k < n; k++) {
                bytes[(int) offset + k] = (byte) Integer.parseInt(tokens[k], 16);
                present.set((int) offset + k);
            }
            return null;
        }
    }
}
