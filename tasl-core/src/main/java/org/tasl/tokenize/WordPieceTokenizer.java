package org.tasl.tokenize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's tokenizer from a vocab.txt (one token per line, id = line number): the basic
 * tokenizer, then greedy longest-match-first WordPiece with "##" continuations. A word longer
 * than 100 characters, or one that cannot be covered by vocabulary pieces, becomes [UNK].
 * Special tokens written in the text (e.g. "[MASK]") are kept whole.
 */
public final class WordPieceTokenizer implements TextTokenizer {

    public static final int MAX_CHARS_PER_WORD = 100;

    private final List<String> vocab;
    private final Map<String, Integer> ids;
    private final BertBasicTokenizer basic;
    private SpecialTokens specials;
    private final List<String> specialStrings = new ArrayList<>();

    public WordPieceTokenizer(List<String> vocab, boolean lowerCase) {
        this.vocab = List.copyOf(vocab);
        this.ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.putIfAbsent(vocab.get(i), i);
        }
        this.basic = new BertBasicTokenizer(lowerCase, lowerCase);
        this.specials = new SpecialTokens(tokenToId("[PAD]"), tokenToId("[UNK]"), tokenToId("[CLS]"), tokenToId("[SEP]"),
                tokenToId("[MASK]"), -1, -1);
        for (String s : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            if (ids.containsKey(s)) {
                specialStrings.add(s);
            }
        }
    }

    /** Reads a vocab.txt; lower-cases input (uncased BERT) unless the vocabulary looks cased. */
    public static WordPieceTokenizer fromVocabFile(Path vocabTxt) {
        return fromVocabFile(vocabTxt, null);
    }

    /**
     * Reads a vocab.txt.
     *
     * @param lowerCase whether to lower-case and strip accents; null to guess from the vocabulary
     */
    public static WordPieceTokenizer fromVocabFile(Path vocabTxt, Boolean lowerCase) {
        List<String> lines;
        try {
            lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException("vocabulary file " + vocabTxt + " is not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocabulary file " + vocabTxt + ": " + e.getMessage(), e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("vocabulary file " + vocabTxt + " is empty; expected one WordPiece token per line");
        }
        if (!lines.contains("[UNK]")) {
            throw new IllegalArgumentException("vocabulary file " + vocabTxt + " has no [UNK] token; not a WordPiece vocab.txt");
        }
        return new WordPieceTokenizer(lines, lowerCase != null ? lowerCase : !looksCased(lines));
    }

    /** A cased vocabulary has many capitalised whole words ("The", "He"); uncased has none. */
    private static boolean looksCased(List<String> vocab) {
        int upper = 0;
        for (String t : vocab) {
            if (!t.isEmpty() && !t.startsWith("[") && Character.isUpperCase(t.charAt(0))) {
                upper++;
            }
        }
        return upper > vocab.size() / 100;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int best = -1;
            String bestTok = null;
            for (String s : specialStrings) {
                int at = text.indexOf(s, start);
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                    bestTok = s;
                }
            }
            int end = best < 0 ? text.length() : best;
            for (String word : basic.tokenize(text.substring(start, end))) {
                wordPiece(word, out);
            }
            if (best < 0) {
                break;
            }
            out.add(ids.get(bestTok));
            start = best + bestTok.length();
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The word pieces of one pre-tokenized word, as strings. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (int id : encode(text)) {
            out.add(vocab.get(id));
        }
        return out;
    }

    private void wordPiece(String word, List<Integer> out) {
        if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
            out.add(specials.unk());
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = word.substring(start, end);
                if (start > 0) {
                    sub = "##" + sub;
                }
                found = ids.get(sub);
                if (found != null) {
                    break;
                }
                end = Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 > start ? end - 2 : end - 1;
            }
            if (found == null) {
                out.add(specials.unk());
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= vocab.size() || isSpecial(id)) {
                continue;
            }
            String t = vocab.get(id);
            if (t.startsWith("##")) {
                sb.append(t, 2, t.length());
            } else {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(t);
            }
        }
        return sb.toString();
    }

    private boolean isSpecial(int id) {
        return id == specials.pad() || id == specials.cls() || id == specials.sep() || id == specials.mask();
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < vocab.size() ? vocab.get(id) : null;
    }

    @Override
    public SpecialTokens specials() {
        return specials;
    }

    void setSpecials(SpecialTokens specials) {
        this.specials = specials;
    }
}
