package org.igdlab.runner.verdict;

import java.util.List;

/**
 * The config spaces in {@code lspci -x/-xxx/-xxxx} output as a host or guest prints it or as a
 * person pasted it into a bug report: the lenient reading of {@link DumpReader} (elided rows,
 * rows cut mid-way, {@code -v} detail lines and other text are tolerated; bytes not shown are
 * simply not present). A device header with no hex rows under it is not a dump and is left out.
 */
public final class LspciDump {

    private LspciDump() {
    }

    /** Every device in {@code text}, in order (the same BDF may appear more than once, e.g. guest and host). */
    public static List<ConfigSpace> parse(String text) {
        return DumpReader.scan(text).dumps().stream().map(Dump::config).toList();
    }
}
