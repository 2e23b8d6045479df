package org.tasl.localize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The localization test of TaSL's skill units: if importance finds where a task's skill lives,
 * switching off the most important units should cost far more of what training gained than
 * switching off as many random (or the least important) units, and keeping only the most
 * important units should keep more of it than keeping as many random ones.
 *
 * <p>For every fraction f of the n units, k = round(f·n) (at least 1, at most n) units are
 * chosen, and every point is a gain share, (score − zero-shot) / (trained − zero-shot): 1 is
 * everything training gained, 0 the untrained backbone.
 * <ul>
 *   <li>{@code remove_top}, {@code remove_bottom}: zero the k most / least important units;</li>
 *   <li>{@code remove_random}: zero k random units (mean over the seeds);</li>
 *   <li>{@code keep_top}: zero every unit except the k most important (a graft);</li>
 *   <li>{@code keep_random}: keep only k random units (mean over the seeds).</li>
 * </ul>
 * Each seed draws one random order of the units and takes its first k for every fraction, so a
 * seed's random sets are nested like the top sets are, and removal and graft use the same sets.
 * {@code spread} gives, per random curve, the sample standard deviation, minimum and maximum of
 * the gain share over the seeds.
 */
public final class LocalizationCurves {

    /** The curve names, in the order of the JSON. */
    public static final List<String> CURVES = List.of("remove_top", "remove_random", "remove_bottom", "keep_top",
            "keep_random");

    /** The measured curves. Arrays are aligned with {@code fractions}. */
    public record Result(double zeroShot, double trained, List<Double> fractions, int[] unitsPerFraction,
            int units, int seeds, Map<String, double[]> curves, Map<String, Map<String, double[]>> spread) {

        /**
         * The JSON of {@code ./tasl localize --json}: exactly task, backbone, zero_shot, trained
         * (scores 0–100), fractions, curves (gain shares) and spread.
         */
        public Map<String, Object> toJson(String task, String backbone) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", task);
            m.put("backbone", backbone);
            m.put("zero_shot", zeroShot);
            m.put("trained", trained);
            m.put("fractions", fractions);
            Map<String, Object> c = new LinkedHashMap<>();
            curves.forEach((k, v) -> c.put(k, list(v)));
            m.put("curves", c);
            Map<String, Object> s = new LinkedHashMap<>();
            spread.forEach((curve, stats) -> {
                Map<String, Object> st = new LinkedHashMap<>();
                stats.forEach((k, v) -> st.put(k, list(v)));
                s.put(curve, st);
            });
            m.put("spread", s);
            return m;
        }

        private static List<Double> list(double[] a) {
            List<Double> l = new ArrayList<>(a.length);
            for (double d : a) {
                l.add(Double.isFinite(d) ? d : null);
            }
            return l;
        }
    }

    private LocalizationCurves() {}

    /**
     * Checks the fractions and the number of random draws: at least one share in (0, 1], at least
     * one draw. Called before training too, so a typo costs no training run.
     */
    public static void checkDraws(List<Double> fractions, int seeds) {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be at least 1, got " + seeds);
        }
        if (fractions.isEmpty()) {
            throw new IllegalArgumentException("fractions: give at least one share of the units, e.g. 0.2");
        }
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("fractions: " + f + " is not a share of the units in (0, 1]");
            }
        }
    }

    /**
     * Measures every curve.
     *
     * @param ranked the unit names, most important first
     * @param zeroShot the untrained backbone's score (0–100)
     * @param trained the trained model's score (0–100)
     * @param fractions shares of the units in (0, 1]
     * @param seeds random draws per fraction (at least 1)
     * @param seed the seed of the random draws
     * @param ablation evaluates the model with units zeroed
     * @param progress receives one line per evaluated point (may be null)
     */
    public static Result measure(List<String> ranked, double zeroShot, double trained, List<Double> fractions,
            int seeds, long seed, UnitAblation ablation, Consumer<String> progress) {
        int n = ranked.size();
        if (n == 0) {
            throw new IllegalArgumentException("no skill units to ablate");
        }
        if (new LinkedHashSet<>(ranked).size() != n) {
            throw new IllegalArgumentException("unit names repeat in the ranking");
        }
        checkDraws(fractions, seeds);
        Consumer<String> log = progress != null ? progress : s -> { };
        List<List<String>> draws = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            List<String> order = new ArrayList<>(ranked);
            Collections.shuffle(order, new Random(seed * 1_000_003L + s));
            draws.add(order);
        }
        int m = fractions.size();
        int[] ks = new int[m];
        Map<String, double[]> curves = new LinkedHashMap<>();
        CURVES.forEach(c -> curves.put(c, new double[m]));
        double[][] removeRandom = new double[m][seeds];
        double[][] keepRandom = new double[m][seeds];
        for (int i = 0; i < m; i++) {
            int k = unitsFor(fractions.get(i), n);
            ks[i] = k;
            List<String> top = ranked.subList(0, k);
            List<String> bottom = ranked.subList(n - k, n);
            curves.get("remove_top")[i] = point(ablation, zeroShot, trained, Set.copyOf(top), log, "remove top", k, n);
            curves.get("remove_bottom")[i] = point(ablation, zeroShot, trained, Set.copyOf(bottom), log,
                    "remove bottom", k, n);
            curves.get("keep_top")[i] = point(ablation, zeroShot, trained, complement(ranked, top), log, "keep top", k,
                    n);
            for (int s = 0; s < seeds; s++) {
                List<String> random = draws.get(s).subList(0, k);
                removeRandom[i][s] = point(ablation, zeroShot, trained, Set.copyOf(random), log,
                        "remove random (draw " + (s + 1) + ")", k, n);
                keepRandom[i][s] = point(ablation, zeroShot, trained, complement(ranked, random), log,
                        "keep random (draw " + (s + 1) + ")", k, n);
            }
            curves.get("remove_random")[i] = mean(removeRandom[i]);
            curves.get("keep_random")[i] = mean(keepRandom[i]);
        }
        Map<String, Map<String, double[]>> spread = new LinkedHashMap<>();
        spread.put("remove_random", stats(removeRandom));
        spread.put("keep_random", stats(keepRandom));
        return new Result(zeroShot, trained, List.copyOf(fractions), ks, n, seeds, curves, spread);
    }

    /** (score − zero-shot) / (trained − zero-shot); NaN when training gained nothing. */
    public static double gainShare(double score, double zeroShot, double trained) {
        double gain = trained - zeroShot;
        // + 0.0: no -0.0 in the JSON when a negative gain meets a score at zero-shot
        return gain == 0 ? Double.NaN : (score - zeroShot) / gain + 0.0;
    }

    /** k = round(f·n), at least 1 and at most n. */
    public static int unitsFor(double fraction, int n) {
        return (int) Math.max(1, Math.min(n, Math.round(fraction * n)));
    }

    private static double point(UnitAblation ablation, double zeroShot, double trained, Set<String> zeroed,
            Consumer<String> log, String what, int k, int n) {
        double score = ablation.score(zeroed);
        double share = gainShare(score, zeroShot, trained);
        log.accept(String.format(java.util.Locale.ROOT, "%-26s k=%d/%d  score %5.1f  gain share %6.3f", what, k, n,
                score, share));
        return share;
    }

    private static Set<String> complement(List<String> all, List<String> kept) {
        Set<String> keep = Set.copyOf(kept);
        Set<String> out = new LinkedHashSet<>();
        for (String u : all) {
            if (!keep.contains(u)) {
                out.add(u);
            }
        }
        return out;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double d : a) {
            s += d;
        }
        return s / a.length;
    }

    /** Per fraction: sample sd over the seeds (NaN for one seed), min and max. */
    private static Map<String, double[]> stats(double[][] perFraction) {
        int m = perFraction.length;
        double[] sd = new double[m];
        double[] min = new double[m];
        double[] max = new double[m];
        for (int i = 0; i < m; i++) {
            double[] a = perFraction[i];
            double mu = mean(a);
            double ss = 0;
            min[i] = Double.POSITIVE_INFINITY;
            max[i] = Double.NEGATIVE_INFINITY;
            for (double d : a) {
                ss += (d - mu) * (d - mu);
                min[i] = Math.min(min[i], d);
                max[i] = Math.max(max[i], d);
            }
            sd[i] = a.length > 1 ? Math.sqrt(ss / (a.length - 1)) : Double.NaN;
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("sd", sd);
        out.put("min", min);
        out.put("max", max);
        return out;
    }
}
