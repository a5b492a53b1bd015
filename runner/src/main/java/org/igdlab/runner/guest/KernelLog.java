package org.igdlab.runner.guest;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux guest's kernel log as {@code dmesg} prints it, and the {@code drm.debug} mask of the
 * kernel command line it logged ({@code Command line: … drm.debug=0x2 …}): i915's [dbg] lines
 * (igd-model.md §5.3) are only there when bit 0x2 (DRIVER) is set, so a check of them must know.
 */
public record KernelLog(List<String> lines, OptionalInt drmDebug) {
    private static final Pattern COMMAND_LINE = Pattern.compile("Command line:(.*)$");
    private static final Pattern DRM_DEBUG = Pattern.compile("(?:^|\\s)drm\\.debug=(0x[0-9a-fA-F]{1,8}|[0-9]{1,10})(?:\\s|$)");
    /** The category bit of drm_dbg_driver(), i915's OpRegion messages (include/drm/drm_print.h DRM_UT_DRIVER). */
    public static final int DRM_UT_DRIVER = 0x2;

    public KernelLog {
        lines = List.copyOf(lines);
        Objects.requireNonNull(drmDebug, "drmDebug");
    }

    /** {@code dmesg} output; the command line's {@code drm.debug=} is read as the kernel does (hex with 0x, else decimal). */
    public static KernelLog parse(String dmesg) {
        List<String> lines = Arrays.stream(dmesg.split("\\R")).filter(l -> !l.isBlank()).toList();
        OptionalInt debug = OptionalInt.empty();
        for (String l : lines) {
            Matcher c = COMMAND_LINE.matcher(l);
            if (c.find()) {
                Matcher d = DRM_DEBUG.matcher(c.group(1));
                debug = OptionalInt.of(0);
                while (d.find()) {
                    String v = d.group(1);
                    long value = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
                    debug = OptionalInt.of((int) value);
                }
                break;
            }
        }
        return new KernelLog(lines, debug);
    }

    /** Whether i915's drm_dbg() lines (igd-model.md §5.3 [dbg]) are logged. */
    public boolean driverDebug() {
        return drmDebug.isPresent() && (drmDebug.getAsInt() & DRM_UT_DRIVER) != 0;
    }

    /** The first line {@code regex} is found in, or null. */
    public String find(Pattern regex) {
        return lines.stream().filter(l -> regex.matcher(l).find()).findFirst().orElse(null);
    }
}
