package org.tasl.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ROUGE-L as Google's rouge_score computes it: both texts are lower-cased, every run of
 * characters other than a-z and 0-9 becomes a space, tokens longer than 3 characters are
 * optionally Porter-stemmed ({@code use_stemmer=True}, the setting of the reference SuperNI
 * evaluation and of {@link MetricKind#ROUGE_L}), and the tokens are compared by their longest
 * common subsequence. P = LCS/|prediction|, R = LCS/|reference|, F1 = 2PR/(P+R); any empty
 * side scores 0.
 */
public final class RougeL {

    /** Precision, recall and F1 in [0, 1]. */
    public record Score(double precision, double recall, double f1) {}

    private RougeL() {}

    /** Tokens without stemming. */
    public static List<String> tokenize(String text) {
        return tokenize(text, false);
    }

    public static List<String> tokenize(String text, boolean stem) {
        String norm = (text == null ? "" : text).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ");
        List<String> out = new ArrayList<>();
        for (String t : norm.trim().split(" ")) {
            if (!t.isEmpty()) {
                out.add(stem && t.length() > 3 ? PorterStemmer.stem(t) : t);
            }
        }
        return out;
    }

    /** Without stemming (rouge_score's default). */
    public static Score score(String prediction, String reference) {
        return score(prediction, reference, false);
    }

    public static Score score(String prediction, String reference, boolean stem) {
        List<String> p = tokenize(prediction, stem);
        List<String> r = tokenize(reference, stem);
        if (p.isEmpty() || r.isEmpty()) {
            return new Score(0, 0, 0);
        }
        int lcs = lcs(r, p);
        double precision = (double) lcs / p.size();
        double recall = (double) lcs / r.size();
        double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new Score(precision, recall, f1);
    }

    /** F1 without stemming. */
    public static double f1(String prediction, String reference) {
        return score(prediction, reference, false).f1();
    }

    public static double f1(String prediction, String reference, boolean stem) {
        return score(prediction, reference, stem).f1();
    }

    /** Length of the longest common subsequence of two token lists (two-row dynamic program). */
    static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            String ai = a.get(i - 1);
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = ai.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
