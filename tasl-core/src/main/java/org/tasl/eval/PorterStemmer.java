package org.tasl.eval;

import java.util.List;
import java.util.Map;

/**
 * The Porter stemmer as NLTK's {@code PorterStemmer()} runs it (its default NLTK_EXTENSIONS
 * mode), which is what rouge_score applies with {@code use_stemmer=True} — the setting of the
 * SuperNI evaluation in the reference code. Input is one lower-case token.
 *
 * <p>Rules are tried in order within a step; the first rule whose suffix matches decides the
 * step (applied when its condition holds, else the word is kept), as in NLTK.
 */
public final class PorterStemmer {
    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"), Map.entry("dying", "die"), Map.entry("lying", "lie"),
            Map.entry("tying", "tie"), Map.entry("news", "news"), Map.entry("innings", "inning"),
            Map.entry("inning", "inning"), Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"), Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

    @FunctionalInterface
    private interface Condition {
        boolean test(String stem);
    }

    private record Rule(String suffix, String replacement, Condition condition) {}

    private PorterStemmer() {}

    public static String stem(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.length() <= 2) {
            return word;
        }
        String w = step1a(word);
        w = step1b(w);
        w = step1c(w);
        w = step2(w);
        w = step3(w);
        w = step4(w);
        w = step5a(w);
        return step5b(w);
    }

    // ---- word shape ----

    static boolean isConsonant(String w, int i) {
        char c = w.charAt(i);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            return false;
        }
        if (c == 'y') {
            return i == 0 || !isConsonant(w, i - 1);
        }
        return true;
    }

    /** m in [C](VC){m}[V]: the number of vowel-consonant sequences. */
    static int measure(String w) {
        int m = 0;
        for (int i = 1; i < w.length(); i++) {
            if (!isConsonant(w, i - 1) && isConsonant(w, i)) {
                m++;
            }
        }
        return m;
    }

    private static boolean containsVowel(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!isConsonant(w, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsDoubleConsonant(String w) {
        int n = w.length();
        return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && isConsonant(w, n - 1);
    }

    /** consonant-vowel-consonant, the last not w, x or y (NLTK also accepts a two-letter vowel-consonant word). */
    static boolean endsCvc(String w) {
        int n = w.length();
        if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)) {
            char last = w.charAt(n - 1);
            return last != 'w' && last != 'x' && last != 'y';
        }
        return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
    }

    private static boolean positiveMeasure(String stem) {
        return measure(stem) > 0;
    }

    // ---- rule application ----

    private static String apply(String word, List<Rule> rules) {
        for (Rule r : rules) {
            if (r.suffix().equals("*d")) {
                if (endsDoubleConsonant(word)) {
                    String stem = word.substring(0, word.length() - 2);
                    return r.condition() == null || r.condition().test(stem) ? stem + r.replacement() : word;
                }
                continue;
            }
            if (word.endsWith(r.suffix())) {
                String stem = word.substring(0, word.length() - r.suffix().length());
                return r.condition() == null || r.condition().test(stem) ? stem + r.replacement() : word;
            }
        }
        return word;
    }

    private static String cut(String word, String suffix) {
        return word.substring(0, word.length() - suffix.length());
    }

    // ---- the steps ----

    private static String step1a(String w) {
        if (w.endsWith("ies") && w.length() == 4) {
            return cut(w, "ies") + "ie";
        }
        return apply(w, List.of(new Rule("sses", "ss", null), new Rule("ies", "i", null), new Rule("ss", "ss", null),
                new Rule("s", "", null)));
    }

    private static String step1b(String w) {
        if (w.endsWith("ied")) {
            return cut(w, "ied") + (w.length() == 4 ? "ie" : "i");
        }
        if (w.endsWith("eed")) {
            String stem = cut(w, "eed");
            return measure(stem) > 0 ? stem + "ee" : w;
        }
        String stem = null;
        for (String suffix : List.of("ed", "ing")) {
            if (w.endsWith(suffix) && containsVowel(cut(w, suffix))) {
                stem = cut(w, suffix);
                break;
            }
        }
        if (stem == null) {
            return w;
        }
        final String s = stem;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        return apply(s, List.of(new Rule("at", "ate", null), new Rule("bl", "ble", null), new Rule("iz", "ize", null),
                new Rule("*d", String.valueOf(last), x -> last != 'l' && last != 's' && last != 'z'),
                new Rule("", "e", x -> measure(x) == 1 && endsCvc(x))));
    }

    private static String step1c(String w) {
        return apply(w, List.of(new Rule("y", "i", s -> s.length() > 1 && isConsonant(s, s.length() - 1))));
    }

    private static String step2(String w) {
        if (w.endsWith("alli") && positiveMeasure(cut(w, "alli"))) {
            return step2(cut(w, "alli") + "al");
        }
        Condition m0 = PorterStemmer::positiveMeasure;
        return apply(w, List.of(new Rule("ational", "ate", m0), new Rule("tional", "tion", m0),
                new Rule("enci", "ence", m0), new Rule("anci", "ance", m0), new Rule("izer", "ize", m0),
                new Rule("bli", "ble", m0), new Rule("alli", "al", m0), new Rule("entli", "ent", m0),
                new Rule("eli", "e", m0), new Rule("ousli", "ous", m0), new Rule("ization", "ize", m0),
                new Rule("ation", "ate", m0), new Rule("ator", "ate", m0), new Rule("alism", "al", m0),
                new Rule("iveness", "ive", m0), new Rule("fulness", "ful", m0), new Rule("ousness", "ous", m0),
                new Rule("aliti", "al", m0), new Rule("iviti", "ive", m0), new Rule("biliti", "ble", m0),
                new Rule("fulli", "ful", m0),
                // the 'l' of logi stays with the stem, so that short stems (geo-, theo-) qualify
                new Rule("logi", "log", s -> positiveMeasure(w.substring(0, w.length() - 3)))));
    }

    private static String step3(String w) {
        Condition m0 = PorterStemmer::positiveMeasure;
        return apply(w, List.of(new Rule("icate", "ic", m0), new Rule("ative", "", m0), new Rule("alize", "al", m0),
                new Rule("iciti", "ic", m0), new Rule("ical", "ic", m0), new Rule("ful", "", m0),
                new Rule("ness", "", m0)));
    }

    private static String step4(String w) {
        Condition m1 = s -> measure(s) > 1;
        return apply(w, List.of(new Rule("al", "", m1), new Rule("ance", "", m1), new Rule("ence", "", m1),
                new Rule("er", "", m1), new Rule("ic", "", m1), new Rule("able", "", m1), new Rule("ible", "", m1),
                new Rule("ant", "", m1), new Rule("ement", "", m1), new Rule("ment", "", m1), new Rule("ent", "", m1),
                new Rule("ion", "", s -> measure(s) > 1 && !s.isEmpty()
                        && (s.charAt(s.length() - 1) == 's' || s.charAt(s.length() - 1) == 't')),
                new Rule("ou", "", m1), new Rule("ism", "", m1), new Rule("ate", "", m1), new Rule("iti", "", m1),
                new Rule("ous", "", m1), new Rule("ive", "", m1), new Rule("ize", "", m1)));
    }

    private static String step5a(String w) {
        if (w.endsWith("e")) {
            String stem = cut(w, "e");
            int m = measure(stem);
            if (m > 1 || (m == 1 && !endsCvc(stem))) {
                return stem;
            }
        }
        return w;
    }

    private static String step5b(String w) {
        return apply(w, List.of(new Rule("ll", "l", s -> measure(w.substring(0, w.length() - 1)) > 1)));
    }
}
