package org.igdlab.twin.qemu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One QEMU option argument in QemuOpts syntax: comma-separated `key=value`, `,,` for a literal
 * comma, a bare first word as the implied key's value (`-device vfio-pci,…`), a bare `key` meaning
 * `key=on` and `nokey` meaning `key=off`.
 */
record QemuOpts(String text, Map<String, String> values) {
    public QemuOpts {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static QemuOpts parse(String text, String impliedKey) {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        boolean first = true;
        while (i <= text.length()) {
            StringBuilder item = new StringBuilder();
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == ',') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == ',') {
                        item.append(',');
                        i += 2;
                        continue;
                    }
                    break;
                }
                item.append(c);
                i++;
            }
            i++;
            String s = item.toString();
            if (s.isEmpty()) {
                first = false;
                continue;
            }
            int eq = s.indexOf('=');
            if (first && impliedKey != null && eq < 0) {
                values.put(impliedKey, s);
            } else if (eq >= 0) {
                values.put(s.substring(0, eq), s.substring(eq + 1));
            } else if (s.startsWith("no") && s.length() > 2) {
                values.put(s.substring(2), "off");
            } else {
                values.put(s, "on");
            }
            first = false;
        }
        return new QemuOpts(text, values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** A QEMU bool: on/off, yes/no, true/false. */
    public Optional<Boolean> bool(String key) throws QemuError {
        Optional<String> v = get(key);
        if (v.isEmpty()) return Optional.empty();
        return switch (v.get()) {
            case "on", "yes", "true", "y" -> Optional.of(true);
            case "off", "no", "false", "n" -> Optional.of(false);
            default -> throw new QemuError("Parameter '" + key + "' expects 'on' or 'off'");
        };
    }

    public QemuOpts with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new QemuOpts(text, copy);
    }
}
