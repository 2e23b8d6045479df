package org.tasl.model.bert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tasl.tokenize.SpecialTokens;
import org.tasl.tokenize.TextTokenizer;

/** Whitespace tokenizer over a fixed word list (ids 0–4 are [PAD] [UNK] [CLS] [SEP] [MASK]) for tiny-model tests. */
final class WordListTokenizer implements TextTokenizer {
    private final List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));

    WordListTokenizer(String... words) {
        vocab.addAll(List.of(words));
    }

    @Override
    public int[] encode(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return new int[0];
        }
        return java.util.Arrays.stream(t.split("\\s+")).mapToInt(w -> {
            int id = vocab.indexOf(w);
            return id < 0 ? 1 : id;
        }).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id > 4) {
                sb.append(sb.length() == 0 ? "" : " ").append(vocab.get(id));
            }
        }
        return sb.toString();
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int tokenToId(String token) {
        return vocab.indexOf(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.get(id);
    }

    @Override
    public SpecialTokens specials() {
        return new SpecialTokens(0, 1, 2, 3, 4, -1, -1);
    }
}
