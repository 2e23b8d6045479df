package org.tasl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RougeLTest {

    @Test
    void tokenizerLowercasesAndSplitsOnEverythingButLettersAndDigits() {
        assertEquals(List.of("a", "quick", "brown", "fox", "42"), RougeL.tokenize("A quick brown-fox, 42!"));
        // rouge_score keeps only a-z0-9: accented letters become separators
        assertEquals(List.of("caf", "au", "lait"), RougeL.tokenize("Café au-lait"));
        assertEquals(List.of(), RougeL.tokenize("  ... !!"));
    }

    @Test
    void oneWordDifferenceGivesFiveSixths() {
        // tokens: the cat sat on the mat / the cat is on the mat; LCS = the cat on the mat = 5
        RougeL.Score s = RougeL.score("the cat sat on the mat", "the cat is on the mat");
        assertEquals(5.0 / 6, s.precision(), 1e-12);
        assertEquals(5.0 / 6, s.recall(), 1e-12);
        assertEquals(5.0 / 6, s.f1(), 1e-12);
    }

    @Test
    void precisionIsOverThePredictionRecallOverTheReference() {
        // pred [a quick brown fox] (4), ref [the quick brown fox jumps] (5), LCS 3
        RougeL.Score s = RougeL.score("A quick brown-fox!", "the quick brown fox jumps");
        assertEquals(3.0 / 4, s.precision(), 1e-12);
        assertEquals(3.0 / 5, s.recall(), 1e-12);
        assertEquals(2 * 0.75 * 0.6 / (0.75 + 0.6), s.f1(), 1e-12);
    }

    @Test
    void matchesRougeScoreReferenceCase() {
        // rouge_score's own test: target "testing one two", prediction "testing": P 1, R 1/3, F 0.5
        RougeL.Score s = RougeL.score("testing", "testing one two");
        assertEquals(1.0, s.precision(), 1e-12);
        assertEquals(1.0 / 3, s.recall(), 1e-12);
        assertEquals(0.5, s.f1(), 1e-12);
    }

    @Test
    void subsequenceNotSubstring() {
        // LCS of [a b c d e] and [a x c y e] is a c e = 3 (not contiguous)
        assertEquals(3.0 / 5, RougeL.f1("a x c y e", "a b c d e"), 1e-12);
        // order matters: reversed tokens share an LCS of 1
        assertEquals(1.0 / 3, RougeL.f1("c b a", "a b c"), 1e-12);
    }

    @Test
    void emptySideScoresZero() {
        assertEquals(0.0, RougeL.f1("", "something"));
        assertEquals(0.0, RougeL.f1("something", "?!"));
        assertEquals(0.0, RougeL.f1("alpha", "beta"));
    }

    @Test
    void metricKindReportsTimesHundredAndMeans() {
        assertEquals(50.0, MetricKind.ROUGE_L.score("testing", "testing one two"), 1e-9);
        assertEquals(100.0, MetricKind.EXACT_MATCH.score("  Very Positive ", "very positive"));
        assertEquals(0.0, MetricKind.EXACT_MATCH.score("positive", "very positive"));
        assertEquals(50.0, MetricKind.EXACT_MATCH.mean(List.of("Good", "bad"), List.of("good", "good")), 1e-12);
        assertEquals(MetricKind.ROUGE_L, MetricKind.fromWire("rouge_l"));
    }
}
