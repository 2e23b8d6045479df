package org.tasl.tokenize;

/**
 * Text to ids and back. {@link #encode} adds no special tokens: the model decides where
 * [CLS]/[SEP], &lt;/s&gt; or BOS go, so one tokenizer serves scoring and training alike.
 */
public interface TextTokenizer {

    int[] encode(String text);

    /** Decodes ids, dropping special tokens. */
    String decode(int[] ids);

    int vocabSize();

    /** The id of a vocabulary entry, or -1. */
    int tokenToId(String token);

    String idToToken(int id);

    SpecialTokens specials();
}
