package org.igdlab.runner.display;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A reference picture and where to look at it (openQA's needle): match areas, each with its
 * similarity threshold, and exclusion areas whose pixels never count (a clock, a version string).
 *
 * @param name     the file name without extension
 * @param tags     what a match means ({@code pre-os}, {@code os}, …)
 * @param matches  areas that must look like the reference
 * @param excludes areas ignored inside the match areas
 */
public record Needle(String name, Set<String> tags, List<MatchArea> matches, List<Area> excludes, Frame reference) {
    static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");

    /** One match area and the similarity (0..1) it must reach. */
    public record MatchArea(Area area, double threshold) {
        public MatchArea {
            Objects.requireNonNull(area, "area");
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("match threshold (" + threshold + ") must be in (0, 1]");
            }
        }
    }

    public Needle {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("needle name (" + name + ") must match " + NAME.pattern());
        }
        tags = Set.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("needle " + name + " has no tags");
        }
        matches = List.copyOf(matches);
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("needle " + name + " has no match area");
        }
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(reference, "reference");
        for (MatchArea m : matches) {
            if (!m.area().fitsIn(reference.width(), reference.height())) {
                throw new IllegalArgumentException("needle " + name + ": match area " + m.area() + " lies outside its "
                        + reference.width() + "x" + reference.height() + " image");
            }
        }
    }
}
