package org.tasl.tokenize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece unigram segmentation read straight from a spiece.model (T5's tokenizer):
 * normalise (NFKC, whitespace folded and collapsed, a dummy-prefix space, spaces escaped as
 * "▁"), then the Viterbi path through the lattice of vocabulary pieces that maximises the sum
 * of piece log-probabilities. A character no piece covers becomes &lt;unk&gt; (score: lowest
 * piece score − 10, as in SentencePiece), and consecutive unknowns merge into one.
 *
 * <p>Normalisation applies the model's precompiled character map (T5: nmt_nfkc) exactly as
 * SentencePiece does; a model without one falls back to Java's NFKC.
 *
 * <p>Why this reader exists next to DJL's HF tokenizers: it serves only T5 folders that have a
 * spiece.model but no tokenizer.json ({@link Tokenizers#load} prefers tokenizer.json whenever
 * there is one). DJL's own SentencePiece binding ({@code ai.djl.sentencepiece:sentencepiece}) is
 * not published on Maven Central, and the project takes its libraries from there only.
 */
public final class SentencePieceTokenizer implements TextTokenizer {

    static final char SPACE = '\u2581';
    private static final float UNK_PENALTY = 10f;

    private static final byte[] ESCAPED_SPACE = String.valueOf(SPACE).getBytes(StandardCharsets.UTF_8);

    private final SentencePieceModel model;
    private final PrecompiledCharsMap charsMap;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int maxPieceChars;
    private final float minScore;
    private final float maxScore;
    private SpecialTokens specials;

    SentencePieceTokenizer(SentencePieceModel model) {
        if (model.modelType() != SentencePieceModel.UNIGRAM) {
            throw new IllegalArgumentException("only unigram SentencePiece models are supported, got model_type "
                    + model.modelType());
        }
        this.model = model;
        this.charsMap = model.precompiledCharsmap() == null ? null : new PrecompiledCharsMap(model.precompiledCharsmap());
        int maxLen = 1;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < model.pieces().size(); i++) {
            SentencePieceModel.Piece p = model.pieces().get(i);
            ids.putIfAbsent(p.text(), i);
            if (p.type() == SentencePieceModel.NORMAL || p.type() == SentencePieceModel.USER_DEFINED) {
                maxLen = Math.max(maxLen, p.text().length());
            }
            if (p.type() == SentencePieceModel.NORMAL) {
                min = Math.min(min, p.score());
                max = Math.max(max, p.score());
            }
        }
        this.maxPieceChars = maxLen;
        this.minScore = min == Float.MAX_VALUE ? 0f : min;
        this.maxScore = max == -Float.MAX_VALUE ? 0f : max;
        this.specials = new SpecialTokens(model.padId(), model.unkId(), -1, -1, -1, model.bosId(), model.eosId());
    }

    /** Reads a spiece.model; a file that is not a SentencePiece ModelProto is an error naming it. */
    public static SentencePieceTokenizer fromModelFile(Path spieceModel) {
        SentencePieceModel m = SentencePieceModel.read(spieceModel);
        try {
            return new SentencePieceTokenizer(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SentencePiece model " + spieceModel + ": " + e.getMessage(), e);
        }
    }

    /**
     * SentencePiece's Normalizer: rules applied longest-match-first over UTF-8 bytes, leading
     * spaces dropped, runs of spaces collapsed, a dummy-prefix space added, trailing spaces
     * dropped, spaces escaped as "▁".
     */
    String normalize(String text) {
        byte[] in = (charsMap == null ? fallbackRules(text) : text).getBytes(StandardCharsets.UTF_8);
        boolean removeWs = model.removeExtraWhitespaces();
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 8);
        int pos = 0;
        int[] value = new int[1];
        if (removeWs) {
            while (pos < in.length) {
                int[] next = new int[1];
                byte[] piece = rule(in, pos, value, next);
                if (!(piece.length == 1 && piece[0] == ' ')) {
                    break;
                }
                pos += next[0];
            }
        }
        if (model.addDummyPrefix()) {
            appendSpace(out);
        }
        boolean prevSpace = removeWs;
        while (pos < in.length) {
            int[] consumed = new int[1];
            byte[] piece = rule(in, pos, value, consumed);
            int from = 0;
            if (prevSpace && removeWs) {
                while (from < piece.length && piece[from] == ' ') {
                    from++;
                }
            }
            if (from < piece.length) {
                for (int i = from; i < piece.length; i++) {
                    if (piece[i] == ' ') {
                        appendSpace(out);
                    } else {
                        out.write(piece[i]);
                    }
                }
                prevSpace = piece[piece.length - 1] == ' ';
            }
            pos += consumed[0];
        }
        String s = out.toString(StandardCharsets.UTF_8);
        if (removeWs) {
            String space = model.escapeWhitespaces() ? String.valueOf(SPACE) : " ";
            while (s.endsWith(space)) {
                s = s.substring(0, s.length() - space.length());
            }
        }
        return s;
    }

    private void appendSpace(ByteArrayOutputStream out) {
        if (model.escapeWhitespaces()) {
            out.writeBytes(ESCAPED_SPACE);
        } else {
            out.write(' ');
        }
    }

    /** The normalised form of the longest rule at {@code pos}, or the character there unchanged. */
    private byte[] rule(byte[] in, int pos, int[] value, int[] consumed) {
        int len = charsMap == null ? 0 : charsMap.longestMatch(in, pos, value);
        if (len > 0) {
            consumed[0] = len;
            return charsMap.replacement(value[0]);
        }
        int c = utf8Length(in, pos);
        consumed[0] = c;
        return java.util.Arrays.copyOfRange(in, pos, pos + c);
    }

    private static int utf8Length(byte[] in, int pos) {
        int b = in[pos] & 0xff;
        int n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
        return Math.min(n, in.length - pos);
    }

    /** Without a precompiled map: NFKC (unless "identity"), whitespace folded to ' ', control characters dropped. */
    private String fallbackRules(String text) {
        String s = model.normalizerName().equals("identity") ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                sb.append(' ');
            } else if (Character.getType(cp) != Character.CONTROL) {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    @Override
    public int[] encode(String text) {
        String s = normalize(text);
        int n = s.length();
        if (n == 0) {
            return new int[0];
        }
        // best[i]: best score of a segmentation of s[0, i); from[i], piece[i]: its last piece
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        int[] piece = new int[n + 1];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        best[0] = 0;
        for (int i = 0; i < n; i++) {
            if (best[i] == Double.NEGATIVE_INFINITY || Character.isLowSurrogate(s.charAt(i))) {
                continue;
            }
            boolean singleCharCovered = false;
            int charLen = Character.charCount(s.codePointAt(i));
            for (int len = 1; len <= maxPieceChars && i + len <= n; len++) {
                if (i + len < n && Character.isLowSurrogate(s.charAt(i + len))) {
                    continue;
                }
                Integer id = ids.get(s.substring(i, i + len));
                if (id == null) {
                    continue;
                }
                SentencePieceModel.Piece p = model.pieces().get(id);
                double score;
                if (p.type() == SentencePieceModel.NORMAL) {
                    score = p.score();
                } else if (p.type() == SentencePieceModel.USER_DEFINED) {
                    score = len * maxScore - 0.1; // SentencePiece's bonus: user symbols always win
                } else {
                    continue;
                }
                if (len == charLen) {
                    singleCharCovered = true;
                }
                if (best[i] + score > best[i + len]) {
                    best[i + len] = best[i] + score;
                    from[i + len] = i;
                    piece[i + len] = id;
                }
            }
            if (!singleCharCovered) {
                double score = minScore - UNK_PENALTY;
                if (best[i] + score > best[i + charLen]) {
                    best[i + charLen] = best[i] + score;
                    from[i + charLen] = i;
                    piece[i + charLen] = model.unkId();
                }
            }
        }
        List<Integer> rev = new ArrayList<>();
        for (int end = n; end > 0; end = from[end]) {
            rev.add(piece[end]);
        }
        List<Integer> out = new ArrayList<>(rev.size());
        for (int k = rev.size() - 1; k >= 0; k--) {
            int id = rev.get(k);
            if (id == model.unkId() && !out.isEmpty() && out.get(out.size() - 1) == id) {
                continue; // merge runs of unknowns
            }
            out.add(id);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= model.pieces().size()) {
                continue;
            }
            SentencePieceModel.Piece p = model.pieces().get(id);
            if (p.type() == SentencePieceModel.CONTROL) {
                continue;
            }
            sb.append(p.type() == SentencePieceModel.UNKNOWN ? " \u2047 " : p.text());
        }
        String s = sb.toString().replace(SPACE, ' ');
        return s.startsWith(" ") ? s.substring(1) : s;
    }

    @Override
    public int vocabSize() {
        return model.pieces().size();
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < model.pieces().size() ? model.pieces().get(id).text() : null;
    }

    @Override
    public SpecialTokens specials() {
        return specials;
    }

    void setSpecials(SpecialTokens specials) {
        this.specials = specials;
    }
}
