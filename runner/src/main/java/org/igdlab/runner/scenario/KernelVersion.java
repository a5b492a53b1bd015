package org.igdlab.runner.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux kernel's major.minor, the granularity igd-model.md §5 gives its bands in (4.6, 5.10,
 * 5.13, 5.16, 6.15). Read from a release such as {@code 6.12.9-igdlab} or a bound such as {@code 6.15}.
 */
record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
    private static final Pattern RELEASE = Pattern.compile("^([0-9]{1,3})\\.([0-9]{1,3})(?:[.+~-].*)?$");

    KernelVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("kernel version (" + major + "." + minor + ") must not be negative");
        }
    }

    /**
     * The major.minor of a kernel release.
     *
     * @throws IllegalArgumentException when the release does not start with {@code MAJOR.MINOR}
     */
    static KernelVersion ofRelease(String release) {
        Matcher m = RELEASE.matcher(release == null ? "" : release);
        if (!m.matches()) {
            throw new IllegalArgumentException("kernel release (" + release
                    + ") does not start with MAJOR.MINOR (e.g. 6.12.9-igdlab); host.kernel conditions cannot compare it");
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
