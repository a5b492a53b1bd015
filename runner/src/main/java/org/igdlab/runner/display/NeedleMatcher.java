package org.igdlab.runner.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a frame with a needle area by area, on grey levels, at the needle's positions (no
 * search for a shifted picture). Pixels in an exclusion area never count.
 *
 * <p>Similarity of one area is the smaller of two measures, so that each covers the other's blind
 * spot: normalised cross-correlation (the shape of the picture, whatever a capture device does to
 * brightness and contrast) and 1 − mean absolute difference / 255 (the levels, which NCC cannot see:
 * a black frame against a mostly black reference). Where the reference area is flat NCC is
 * undefined and only the difference counts; where the reference has structure and the frame has
 * none, the similarity is 0.
 */
public final class NeedleMatcher {
    private static final double FLAT = 1e-6;

    private NeedleMatcher() {
    }

    public static NeedleMatch match(Needle needle, Frame frame) {
        Frame ref = needle.reference();
        if (ref.width() != frame.width() || ref.height() != frame.height()) {
            return new NeedleMatch(needle.name(), List.of(), Optional.of("the frame is " + frame.width() + "x" + frame.height()
                    + ", the needle's image " + ref.width() + "x" + ref.height()));
        }
        List<NeedleMatch.AreaScore> scores = new ArrayList<>();
        for (Needle.MatchArea m : needle.matches()) {
            scores.add(new NeedleMatch.AreaScore(m.area(), similarity(ref, frame, m.area(), needle.excludes()), m.threshold()));
        }
        return new NeedleMatch(needle.name(), scores, Optional.empty());
    }

    /** The best match among {@code needles} (the first of equals), or empty when there are none. */
    public static Optional<NeedleMatch> best(List<Needle> needles, Frame frame) {
        NeedleMatch best = null;
        for (Needle n : needles) {
            NeedleMatch m = match(n, frame);
            if (best == null || (m.matched() && !best.matched()) || (m.matched() == best.matched() && m.worst() > best.worst())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    static double similarity(Frame ref, Frame frame, Area area, List<Area> excludes) {
        long n = 0;
        double sumR = 0;
        double sumF = 0;
        double sumRR = 0;
        double sumFF = 0;
        double sumRF = 0;
        double sumAbs = 0;
        for (int y = area.y(); y < area.y() + area.height(); y++) {
            for (int x = area.x(); x < area.x() + area.width(); x++) {
                if (excluded(excludes, x, y)) {
                    continue;
                }
                int r = ref.grey(x, y);
                int f = frame.grey(x, y);
                n++;
                sumR += r;
                sumF += f;
                sumRR += (double) r * r;
                sumFF += (double) f * f;
                sumRF += (double) r * f;
                sumAbs += Math.abs(r - f);
            }
        }
        if (n == 0) {
            // every pixel excluded: nothing can differ
            return 1;
        }
        double levels = 1 - sumAbs / n / 255;
        double varR = sumRR / n - (sumR / n) * (sumR / n);
        double varF = sumFF / n - (sumF / n) * (sumF / n);
        if (varR < FLAT) {
            return levels;
        }
        if (varF < FLAT) {
            return 0;
        }
        double ncc = (sumRF / n - (sumR / n) * (sumF / n)) / Math.sqrt(varR * varF);
        return Math.max(0, Math.min(ncc, levels));
    }

    private static boolean excluded(List<Area> excludes, int x, int y) {
        for (Area e : excludes) {
            if (e.contains(x, y)) {
                return true;
            }
        }
        return false;
    }
}
