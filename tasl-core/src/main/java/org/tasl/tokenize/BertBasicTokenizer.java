package org.tasl.tokenize;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BERT's BasicTokenizer: cleans control characters, puts spaces around CJK ideographs,
 * optionally lower-cases and strips accents, then splits on whitespace and punctuation.
 * WordPiece runs on each resulting word.
 */
final class BertBasicTokenizer {

    private final boolean lowerCase;
    private final boolean stripAccents;

    BertBasicTokenizer(boolean lowerCase, boolean stripAccents) {
        this.lowerCase = lowerCase;
        this.stripAccents = stripAccents;
    }

    List<String> tokenize(String text) {
        String cleaned = spaceOutCjk(clean(text));
        List<String> out = new ArrayList<>();
        for (String word : cleaned.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (lowerCase) {
                word = word.toLowerCase(Locale.ROOT);
            }
            if (stripAccents) {
                word = stripAccents(word);
            }
            splitOnPunctuation(word, out);
        }
        return out;
    }

    private static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            sb.appendCodePoint(isWhitespace(cp) ? ' ' : cp);
        });
        return sb.toString();
    }

    private static String spaceOutCjk(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String stripAccents(String word) {
        String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        nfd.codePoints().forEach(cp -> {
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static void splitOnPunctuation(String word, List<String> out) {
        StringBuilder cur = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (isPunctuation(cp)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                out.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        });
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
                || t == Character.SURROGATE || t == Character.UNASSIGNED;
    }

    /** ASCII non-alphanumerics count as punctuation (as in BERT), plus every Unicode P* category. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
