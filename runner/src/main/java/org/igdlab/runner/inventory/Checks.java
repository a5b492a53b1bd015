package org.igdlab.runner.inventory;

import java.util.regex.Pattern;

/** The inventory's value syntaxes, shared by the records (as guards) and the loader (for messages). */
final class Checks {
    static final Pattern HOST_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9.:-]+$");
    static final Pattern HOST_KEY = Pattern.compile("^SHA256:[A-Za-z0-9+/]{43}$");
    static final Pattern BDF = Pattern.compile("^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]$");
    static final Pattern DEVICE_ID = Pattern.compile("^[0-9a-f]{4}$");
    static final Pattern CLASS_CODE = Pattern.compile("^[0-9a-f]{6}$");
    static final Pattern ABSOLUTE_PATH = Pattern.compile("^/[A-Za-z0-9._/+-]+$");
    static final Pattern KERNEL = Pattern.compile("^[A-Za-z0-9._+-]+$");
    static final Pattern USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");
    static final Pattern ARTIFACT_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$");
    static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    static final Pattern EMBEDDED = Pattern.compile("^embedded$");

    private Checks() {
    }

    static String require(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " (" + value + ") must match " + pattern.pattern());
        }
        return value;
    }
}
