package org.igdlab.runner.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a pasted command line into words the way a POSIX shell would split it, without
 * running or expanding anything: single and double quotes, backslash escapes and
 * backslash-newline continuations are honoured; {@code $(…)}, {@code $VAR} and backquotes stay
 * literal text. Also splits QEMU's {@code key=value,key=value} option strings.
 */
final class QemuArgs {
    static final Pattern BINARY = Pattern.compile(
            "^(?:\\S*/)?(?:qemu-system-[A-Za-z0-9_]+|qemu-kvm|kvm)(?:\\.[A-Za-z0-9_-]+)?$");
    static final Pattern ENV = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=.*$", Pattern.DOTALL);
    /** QEMU options that take no argument; every other option takes the next word. */
    static final Set<String> FLAGS = Set.of("-S", "-s", "-nodefaults", "-no-user-config", "-no-shutdown", "-enable-kvm",
            "-mem-prealloc", "-nographic", "-no-hpet", "-no-reboot", "-snapshot", "-daemonize", "-no-acpi",
            "-full-screen", "-no-fd-bootchk", "-old-param", "-win2k-hack", "-no-quit", "-version", "-help", "-h");

    /** A quote was left open: the text is not one command line. */
    static final class Unterminated extends Exception {
        Unterminated(String message) {
            super(message);
        }
    }

    private QemuArgs() {
    }

    static List<String> split(String text) throws Unterminated {
        List<String> words = new ArrayList<>();
        StringBuilder buf = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    buf.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && (next == '$' || next == '`' || next == '"' || next == '\\' || next == '\n')) {
                    if (next != '\n') {
                        buf.append(next);
                    }
                    i++;
                } else {
                    buf.append(c);
                }
            } else if (c == '\\') {
                if (next == '\n') {
                    i++;
                } else if (next == '\r' && i + 2 < text.length() && text.charAt(i + 2) == '\n') {
                    i += 2;
                } else if (next != 0) {
                    buf.append(next);
                    inWord = true;
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(buf.toString());
                    buf.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else {
                buf.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new Unterminated("a " + (quote == '\'' ? "single" : "double") + " quote is never closed");
        }
        if (inWord) {
            words.add(buf.toString());
        }
        return words;
    }

    /** True when {@code text} leaves a quote open (so the command goes on on the next line). */
    static boolean openQuote(String text) {
        try {
            split(text);
            return false;
        } catch (Unterminated e) {
            return true;
        }
    }

    /**
     * QEMU's option string: {@code driver,key=value,…} with {@code ,,} as a literal comma. The
     * first field, when it has no {@code =}, is stored under {@code firstKey}.
     */
    static Map<String, String> options(String value, String firstKey) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> fields = new ArrayList<>();
        StringBuilder buf = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                buf.append(',');
                i++;
            } else if (c == ',') {
                fields.add(buf.toString());
                buf.setLength(0);
            } else {
                buf.append(c);
            }
        }
        fields.add(buf.toString());
        for (int k = 0; k < fields.size(); k++) {
            String f = fields.get(k);
            int eq = f.indexOf('=');
            if (eq < 0) {
                out.put(k == 0 && firstKey != null ? firstKey : f, k == 0 && firstKey != null ? f : "on");
            } else {
                out.put(f.substring(0, eq), f.substring(eq + 1));
            }
        }
        return out;
    }
}
