package org.igdlab.runner.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Needle matching on synthetic frames: a picture of two bars on black, compared area by area. */
class NeedleMatcherTest {
    private static final int WHITE = 0xffffff;
    private static final Area LEFT_BAR = new Area(4, 4, 8, 16);
    private static final Area RIGHT_BAR = new Area(40, 4, 8, 16);
    private static final Area LEFT_HALF = new Area(0, 0, 32, 32);
    private static final Area RIGHT_HALF = new Area(32, 0, 32, 32);

    private static Frame picture() {
        return Frame.filled(64, 32, 0).withRectangle(LEFT_BAR, WHITE).withRectangle(RIGHT_BAR, WHITE);
    }

    private static Needle needle(List<Needle.MatchArea> matches, List<Area> excludes) {
        return new Needle("bars", Set.of("os"), matches, excludes, picture());
    }

    @Test
    void theSamePictureMatchesEveryAreaWithSimilarityOne() {
        NeedleMatch m = NeedleMatcher.match(needle(List.of(new Needle.MatchArea(LEFT_HALF, 0.96),
                new Needle.MatchArea(RIGHT_HALF, 0.96)), List.of()), picture());

        assertThat(m.matched()).isTrue();
        assertThat(m.scores()).allSatisfy(s -> assertThat(s.similarity()).isEqualTo(1.0));
    }

    @Test
    void aPictureWithTheBarElsewhereDoesNotMatch() {
        Frame moved = Frame.filled(64, 32, 0).withRectangle(new Area(16, 4, 8, 16), WHITE).withRectangle(RIGHT_BAR, WHITE);

        NeedleMatch m = NeedleMatcher.match(needle(List.of(new Needle.MatchArea(LEFT_HALF, 0.9)), List.of()), moved);

        assertThat(m.matched()).isFalse();
        assertThat(m.worst()).isLessThan(0.5);
        assertThat(m.describe()).contains("bars").contains("< 0.90").contains("32x32+0+0");
    }

    @Test
    void aBlackFrameHasNoSimilarityWithAPictureThatHasStructure() {
        NeedleMatch m = NeedleMatcher.match(needle(List.of(new Needle.MatchArea(LEFT_HALF, 0.5)), List.of()),
                Frame.filled(64, 32, 0));

        assertThat(m.matched()).isFalse();
        assertThat(m.worst()).isZero();
    }

    @Test
    void aDifferenceInsideAnExclusionAreaDoesNotCount() {
        Frame rightBarGone = Frame.filled(64, 32, 0).withRectangle(LEFT_BAR, WHITE);
        List<Needle.MatchArea> whole = List.of(new Needle.MatchArea(new Area(0, 0, 64, 32), 0.99));

        assertThat(NeedleMatcher.match(needle(whole, List.of()), rightBarGone).matched()).isFalse();
        assertThat(NeedleMatcher.match(needle(whole, List.of(RIGHT_HALF)), rightBarGone).matched()).isTrue();
    }

    @Test
    void aDifferenceOutsideEveryMatchAreaDoesNotCount() {
        Frame rightBarGone = Frame.filled(64, 32, 0).withRectangle(LEFT_BAR, WHITE);

        assertThat(NeedleMatcher.match(needle(List.of(new Needle.MatchArea(LEFT_HALF, 0.99)), List.of()), rightBarGone)
                .matched()).isTrue();
    }

    @Test
    void aFlatAreaMatchesExactlyAtItsThresholdAndNotOneGreyLevelBelow() {
        // the reference's top-left corner is flat black: similarity = 1 - mean|difference| / 255
        Area corner = new Area(0, 0, 4, 4);
        Needle n = needle(List.of(new Needle.MatchArea(corner, 0.8)), List.of());
        Frame at = picture().withRectangle(corner, 0x333333);      // grey 51: 1 - 51/255 = 0.8
        Frame below = picture().withRectangle(corner, 0x343434);   // grey 52: 0.796

        assertThat(NeedleMatcher.match(n, at).scores().get(0).similarity()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(NeedleMatcher.match(n, at).matched()).isTrue();
        assertThat(NeedleMatcher.match(n, below).matched()).isFalse();
    }

    @Test
    void brightnessAndContrastOfTheCaptureDoNotHideAPictureButInvertedLevelsDo() {
        Frame dimmer = Frame.filled(64, 32, 0x101010).withRectangle(LEFT_BAR, 0xe0e0e0).withRectangle(RIGHT_BAR, 0xe0e0e0);
        Frame inverted = Frame.filled(64, 32, WHITE).withRectangle(LEFT_BAR, 0).withRectangle(RIGHT_BAR, 0);
        Needle n = needle(List.of(new Needle.MatchArea(LEFT_HALF, 0.9)), List.of());

        assertThat(NeedleMatcher.match(n, dimmer).matched()).isTrue();
        assertThat(NeedleMatcher.match(n, inverted).matched()).isFalse();
    }

    @Test
    void aFrameOfAnotherSizeIsIncomparableAndSaysWhy() {
        NeedleMatch m = NeedleMatcher.match(needle(List.of(new Needle.MatchArea(LEFT_HALF, 0.9)), List.of()),
                Frame.filled(640, 400, 0));

        assertThat(m.matched()).isFalse();
        assertThat(m.describe()).contains("640x400").contains("64x32");
    }

    @Test
    void theBestOfSeveralNeedlesIsTheOneThatMatches() {
        Needle other = new Needle("other", Set.of("os"), List.of(new Needle.MatchArea(LEFT_HALF, 0.9)), List.of(),
                Frame.filled(64, 32, 0).withRectangle(new Area(20, 20, 8, 8), WHITE));
        Needle bars = needle(List.of(new Needle.MatchArea(LEFT_HALF, 0.9)), List.of());

        assertThat(NeedleMatcher.best(List.of(other, bars), picture()).orElseThrow().needle()).isEqualTo("bars");
        assertThat(NeedleMatcher.best(List.of(), picture())).isEmpty();
    }
}
