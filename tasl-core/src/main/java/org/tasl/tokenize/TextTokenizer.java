package org.tasl.tokenize;

/**
 * Text to ids and back. {@link #encode} adds no special tokens: the model decides where
 * [CLS]/[SEP], &lt;/s&gt; or BOS go, so one tokenizer serves scoring and training alike.
 */
public interface TextTokenizer {

    int[] encode(String text);

    /**
     * {@link #encode} of every text, in order. A tokenizer may encode them in parallel (the Rust
     * tokenizers library does, on every core): prefer it for many texts at once.
     */
    default java.util.List<int[]> encodeAll(java.util.List<String> texts) {
        java.util.List<int[]> out = new java.util.ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }

    /** Decodes ids, dropping special tokens. */
    String decode(int[] ids);

    int vocabSize();

    /** The id of a vocabulary entry, or -1. */
    int tokenToId(String token);

    String idToToken(int id);

    SpecialTokens specials();
}
