package org.tasl.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The curve arithmetic on a hand-made model: five units whose contributions add up. Zero-shot
 * 20, trained 80 (gain 60); unit a adds 30, b 15, c 10, d 5, e 0; importance ranks a > b > c > d > e.
 * Fractions 0.2 and 0.4 of 5 units are k = 1 and k = 2.
 */
class LocalizationCurvesTest {
    private static final List<String> RANKED = List.of("a", "b", "c", "d", "e");
    private static final Map<String, Double> ADDS = Map.of("a", 30.0, "b", 15.0, "c", 10.0, "d", 5.0, "e", 0.0);

    /** score = 20 + the contributions of the units not zeroed; records every zeroed set. */
    private static final class AdditiveModel implements UnitAblation {
        final List<Set<String>> asked = new ArrayList<>();

        @Override
        public double score(Set<String> zeroed) {
            asked.add(Set.copyOf(zeroed));
            double s = 20;
            for (String u : RANKED) {
                if (!zeroed.contains(u)) {
                    s += ADDS.get(u);
                }
            }
            return s;
        }
    }

    @Test
    void deterministicCurvesAreTheHandComputedGainShares() {
        LocalizationCurves.Result r = LocalizationCurves.measure(RANKED, 20, 80, List.of(0.2, 0.4), 2, 7,
                new AdditiveModel(), null);
        // remove top: k=1 zeroes a → 50 → 30/60; k=2 zeroes a,b → 35 → 15/60
        assertArrayEquals(new double[] {0.5, 0.25}, r.curves().get("remove_top"));
        // remove bottom: k=1 zeroes e → 80 → 1; k=2 zeroes d,e → 75 → 55/60
        assertArrayEquals(new double[] {1.0, 55.0 / 60}, r.curves().get("remove_bottom"));
        // keep top: k=1 keeps a → 50 → 0.5; k=2 keeps a,b → 65 → 45/60
        assertArrayEquals(new double[] {0.5, 0.75}, r.curves().get("keep_top"));
        assertArrayEquals(new int[] {1, 2}, r.unitsPerFraction());
        assertEquals(5, r.units());
    }

    @Test
    void randomCurvesAverageNestedDrawsSharedByRemovalAndGraft() {
        AdditiveModel model = new AdditiveModel();
        LocalizationCurves.Result r = LocalizationCurves.measure(RANKED, 20, 80, List.of(0.2, 0.4), 3, 11, model,
                null);
        // Order of calls per fraction: remove top, remove bottom, keep top, then per seed remove random, keep random.
        Map<Integer, List<Set<String>>> removedBySeed = new LinkedHashMap<>();
        double[] removeMean = new double[2];
        double[] keepMean = new double[2];
        double[][] removeShares = new double[2][3];
        int call = 0;
        for (int i = 0; i < 2; i++) {
            int k = i + 1;
            call += 3;
            for (int s = 0; s < 3; s++) {
                Set<String> removed = model.asked.get(call++);
                Set<String> keptComplement = model.asked.get(call++);
                assertEquals(k, removed.size(), "a random set has k units");
                Set<String> kept = new HashSet<>(RANKED);
                kept.removeAll(keptComplement);
                assertEquals(removed, kept, "the graft keeps the very units the removal zeroes");
                removedBySeed.computeIfAbsent(s, x -> new ArrayList<>()).add(removed);
                double lost = removed.stream().mapToDouble(ADDS::get).sum();
                removeShares[i][s] = (60 - lost) / 60;
                removeMean[i] += removeShares[i][s] / 3;
                keepMean[i] += lost / 60 / 3;
            }
        }
        assertEquals(model.asked.size(), call, "every point was evaluated once");
        removedBySeed.values().forEach(sets -> assertTrue(sets.get(1).containsAll(sets.get(0)), "a seed's sets are nested"));
        assertArrayEquals(removeMean, r.curves().get("remove_random"));
        assertArrayEquals(keepMean, r.curves().get("keep_random"));
        for (int i = 0; i < 2; i++) {
            double[] v = removeShares[i];
            double mu = (v[0] + v[1] + v[2]) / 3;
            double sd = Math.sqrt(((v[0] - mu) * (v[0] - mu) + (v[1] - mu) * (v[1] - mu) + (v[2] - mu) * (v[2] - mu)) / 2);
            assertEquals(sd, r.spread().get("remove_random").get("sd")[i], 1e-12);
            assertEquals(Math.min(v[0], Math.min(v[1], v[2])), r.spread().get("remove_random").get("min")[i], 1e-12);
            assertEquals(Math.max(v[0], Math.max(v[1], v[2])), r.spread().get("remove_random").get("max")[i], 1e-12);
        }
    }

    @Test
    void theSameSeedDrawsTheSameSetsAndAnotherSeedOthers() {
        AdditiveModel one = new AdditiveModel();
        AdditiveModel two = new AdditiveModel();
        AdditiveModel other = new AdditiveModel();
        LocalizationCurves.measure(RANKED, 20, 80, List.of(0.4), 4, 3, one, null);
        LocalizationCurves.measure(RANKED, 20, 80, List.of(0.4), 4, 3, two, null);
        LocalizationCurves.measure(RANKED, 20, 80, List.of(0.4), 4, 4, other, null);
        assertEquals(one.asked, two.asked);
        assertTrue(!one.asked.equals(other.asked), "seed 4 draws other sets than seed 3");
    }

    @Test
    void gainShareAndUnitCounts() {
        assertEquals(0.5, LocalizationCurves.gainShare(50, 20, 80), 1e-12);
        assertEquals(-0.25, LocalizationCurves.gainShare(5, 20, 80), 1e-12, "below zero-shot is a negative share");
        assertEquals("0.0", String.valueOf(LocalizationCurves.gainShare(37.5, 37.5, 25)), "never -0.0 (a lost gain, score at zero-shot)");
        assertTrue(Double.isNaN(LocalizationCurves.gainShare(50, 60, 60)), "no gain, no share");
        assertEquals(2, LocalizationCurves.unitsFor(0.05, 48)); // 2.4
        assertEquals(10, LocalizationCurves.unitsFor(0.05, 192)); // 9.6
        assertEquals(1, LocalizationCurves.unitsFor(0.01, 10), "at least one unit");
        assertEquals(10, LocalizationCurves.unitsFor(1.0, 10));
    }

    @Test
    void oneSeedHasNoStandardDeviation() {
        LocalizationCurves.Result r = LocalizationCurves.measure(RANKED, 20, 80, List.of(0.2), 1, 1,
                new AdditiveModel(), null);
        assertTrue(Double.isNaN(r.spread().get("keep_random").get("sd")[0]));
        assertEquals(r.curves().get("keep_random")[0], r.spread().get("keep_random").get("min")[0], 1e-12);
    }

    @Test
    void jsonHasExactlyTheContractKeys() {
        LocalizationCurves.Result r = LocalizationCurves.measure(RANKED, 20, 80, List.of(0.2, 0.4), 2, 7,
                new AdditiveModel(), null);
        Map<String, Object> json = r.toJson("sentiment", "bert-base-uncased");
        assertEquals(List.of("task", "backbone", "zero_shot", "trained", "fractions", "curves", "spread"),
                new ArrayList<>(json.keySet()));
        assertEquals("sentiment", json.get("task"));
        assertEquals(20.0, json.get("zero_shot"));
        assertEquals(80.0, json.get("trained"));
        assertEquals(List.of(0.2, 0.4), json.get("fractions"));
        @SuppressWarnings("unchecked")
        Map<String, Object> curves = (Map<String, Object>) json.get("curves");
        assertEquals(Set.of("remove_top", "remove_random", "remove_bottom", "keep_top", "keep_random"), curves.keySet());
        assertEquals(List.of(0.5, 0.25), curves.get("remove_top"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> spread = (Map<String, Map<String, Object>>) json.get("spread");
        assertEquals(Set.of("remove_random", "keep_random"), spread.keySet());
        assertEquals(Set.of("sd", "min", "max"), spread.get("keep_random").keySet());
    }

    @Test
    void badInputIsNamed() {
        UnitAblation m = new AdditiveModel();
        assertThrows(IllegalArgumentException.class, () -> LocalizationCurves.measure(RANKED, 20, 80, List.of(0.0), 1, 1, m, null));
        assertThrows(IllegalArgumentException.class, () -> LocalizationCurves.measure(RANKED, 20, 80, List.of(1.5), 1, 1, m, null));
        assertThrows(IllegalArgumentException.class, () -> LocalizationCurves.measure(RANKED, 20, 80, List.of(0.2), 0, 1, m, null));
        assertThrows(IllegalArgumentException.class, () -> LocalizationCurves.measure(List.of(), 20, 80, List.of(0.2), 1, 1, m, null));
        assertThrows(IllegalArgumentException.class, () -> LocalizationCurves.measure(List.of("a", "a"), 20, 80, List.of(0.2), 1, 1, m, null));
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-12);
    }

    private static void assertArrayEquals(int[] expected, int[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    @Test
    void badFractionsOrSeedsFailBeforeAnyTraining(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        org.tasl.run.RunConfig cfg = org.tasl.run.RunConfig.defaults().set("benchmark", "builtin")
                .set("tasks", "topic").set("out", tmp.resolve("loc").toString());
        assertEquals("fractions: 1.5 is not a share of the units in (0, 1]", assertThrows(IllegalArgumentException.class,
                () -> Localization.run(cfg, List.of(0.2, 1.5), 2, null, null)).getMessage());
        assertEquals("seeds must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> Localization.run(cfg, List.of(0.2), 0, null, null)).getMessage());
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("loc")), "nothing trained, nothing written");
    }
}
