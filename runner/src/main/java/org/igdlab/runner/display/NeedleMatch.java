package org.igdlab.runner.display;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a frame compared with one needle: a similarity per match area, or why no comparison was
 * possible (the frame has another size than the needle's image).
 */
public record NeedleMatch(String needle, List<AreaScore> scores, Optional<String> incomparable) {

    /** One match area's similarity (0..1) and the threshold it had to reach. */
    public record AreaScore(Area area, double similarity, double threshold) {
        /** Reached, allowing for floating-point rounding of thresholds such as 0.8. */
        public boolean reached() {
            return similarity + 1e-9 >= threshold;
        }
    }

    public NeedleMatch {
        scores = List.copyOf(scores);
    }

    public boolean matched() {
        return incomparable.isEmpty() && !scores.isEmpty() && scores.stream().allMatch(AreaScore::reached);
    }

    /** The lowest similarity over the areas (0 when incomparable): how close the frame came. */
    public double worst() {
        return incomparable.isPresent() ? 0 : scores.stream().mapToDouble(AreaScore::similarity).min().orElse(0);
    }

    /** "seabios-banner 0.41 < 0.95 at 296x16+0+0, …" */
    public String describe() {
        if (incomparable.isPresent()) {
            return needle + ": " + incomparable.get();
        }
        return needle + " " + scores.stream().map(s -> String.format(Locale.ROOT, "%.3f %s %.2f at %s", s.similarity(),
                s.reached() ? "≥" : "<", s.threshold(), s.area())).collect(Collectors.joining(", "));
    }
}
