package org.tasl.eval;

import java.util.Locale;

/** Exact match of the label string after lower-casing and trimming (TASL_SPEC §8). */
public final class ExactMatch {
    private ExactMatch() {}

    public static String normalize(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }

    /** 1.0 when the normalized strings are equal, else 0.0. */
    public static double score(String prediction, String reference) {
        return normalize(prediction).equals(normalize(reference)) ? 1.0 : 0.0;
    }
}
