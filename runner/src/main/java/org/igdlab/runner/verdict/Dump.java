package org.igdlab.runner.verdict;

import java.util.Objects;



/**
 * One device's config-space dump as found in a text: the bytes, where the dump sat (1-based
 * lines, header to last row), which format it was in, and the header's text after the BDF
 * (e.g. {@code VGA compatible controller: Intel Corporation …}).
 */
public record Dump(ConfigSpace config, int firstLine, int lastLine, Format format, String title) {

    /** The text format a dump was written in. */
    public enum Format {
        /** {@code lspci -x/-xxx/-xxxx}, optionally with {@code -v}/{@code -nn} header lines. */
        LSPCI,
        /** The kernel's {@code pci=earlydump} ({@code pci 0000:00:02.0 config space:} then rows). */
        EARLYDUMP
    }

    public Dump {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(title, "title");
        if (firstLine < 1 || lastLine < firstLine) {
            throw new IllegalArgumentException("lines (" + firstLine + "-" + lastLine + ") must be 1-based and ordered");
        }
    }
}
