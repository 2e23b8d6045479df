package org.tasl.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tasl.weights.WordPieceTokenizerJson;

/**
 * Loads the tokenizer of a Hugging Face-layout folder. The first of these that exists wins:
 * {@code tokenizer.json} (DJL's HF tokenizers), {@code spiece.model} (SentencePiece unigram),
 * {@code vocab.txt} (WordPiece: the tokenizer.json of {@link WordPieceTokenizerJson}, built in
 * memory and run by DJL's HF tokenizers too; the folder is not written to). Special-token ids come from, in increasing priority: the
 * conventional names found in the vocabulary ([PAD], [UNK], [CLS], [SEP], [MASK], &lt;pad&gt;,
 * &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, &lt;mask&gt;) or the SentencePiece trainer ids, then
 * {@code special_tokens_map.json} and {@code tokenizer_config.json} token strings, then the
 * {@code *_token_id} keys of {@code config.json}.
 */
public final class Tokenizers {

    public static final String TOKENIZER_JSON = "tokenizer.json";
    public static final String SPIECE_MODEL = "spiece.model";
    public static final String VOCAB_TXT = "vocab.txt";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokenizers() {}

    public static TextTokenizer load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("tokenizer folder " + folder + " does not exist");
        }
        Path json = folder.resolve(TOKENIZER_JSON);
        Path spiece = folder.resolve(SPIECE_MODEL);
        Path vocab = folder.resolve(VOCAB_TXT);
        if (Files.isRegularFile(json)) {
            HfJsonTokenizer t = HfJsonTokenizer.open(json);
            t.setSpecials(fromConfigFiles(folder, t, t.specials()));
            return t;
        }
        if (Files.isRegularFile(spiece)) {
            SentencePieceTokenizer t = SentencePieceTokenizer.fromModelFile(spiece);
            t.setSpecials(fromConfigFiles(folder, t, t.specials()));
            return t;
        }
        if (Files.isRegularFile(vocab)) {
            HfJsonTokenizer t = HfJsonTokenizer.fromJson(WordPieceTokenizerJson.fromFolder(folder), vocab);
            t.setSpecials(fromConfigFiles(folder, t, t.specials()));
            return t;
        }
        throw new IllegalArgumentException("no tokenizer in " + folder + ": expected " + TOKENIZER_JSON + ", " + SPIECE_MODEL
                + " or " + VOCAB_TXT);
    }

    /** Specials by the conventional token names of BERT-, T5- and LLaMA-style vocabularies. */
    static SpecialTokens guessSpecials(TextTokenizer t) {
        return new SpecialTokens(
                first(t, "[PAD]", "<pad>"), first(t, "[UNK]", "<unk>"), first(t, "[CLS]"), first(t, "[SEP]"),
                first(t, "[MASK]", "<mask>"), first(t, "<s>"), first(t, "</s>"));
    }

    private static int first(TextTokenizer t, String... names) {
        for (String n : names) {
            int id = t.tokenToId(n);
            if (id >= 0) {
                return id;
            }
        }
        return -1;
    }

    static SpecialTokens fromConfigFiles(Path folder, TextTokenizer t, SpecialTokens base) {
        int pad = base.pad();
        int unk = base.unk();
        int cls = base.cls();
        int sep = base.sep();
        int mask = base.mask();
        int bos = base.bos();
        int eos = base.eos();
        for (String file : List.of("special_tokens_map.json", "tokenizer_config.json")) {
            JsonNode n = readJson(folder.resolve(file));
            if (n == null) {
                continue;
            }
            pad = tokenId(t, n, "pad_token", pad);
            unk = tokenId(t, n, "unk_token", unk);
            cls = tokenId(t, n, "cls_token", cls);
            sep = tokenId(t, n, "sep_token", sep);
            mask = tokenId(t, n, "mask_token", mask);
            bos = tokenId(t, n, "bos_token", bos);
            eos = tokenId(t, n, "eos_token", eos);
        }
        JsonNode cfg = readJson(folder.resolve("config.json"));
        if (cfg != null) {
            pad = intKey(cfg, "pad_token_id", pad);
            bos = intKey(cfg, "bos_token_id", bos);
            eos = intKey(cfg, "eos_token_id", eos);
        }
        return new SpecialTokens(pad, unk, cls, sep, mask, bos, eos);
    }

    private static int tokenId(TextTokenizer t, JsonNode n, String key, int fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        String s = v.isTextual() ? v.asText() : v.path("content").asText(null);
        if (s == null) {
            return fallback;
        }
        int id = t.tokenToId(s);
        return id >= 0 ? id : fallback;
    }

    private static int intKey(JsonNode n, String key, int fallback) {
        JsonNode v = n.get(key);
        if (v != null && v.isIntegralNumber()) {
            return v.asInt();
        }
        if (v != null && v.isArray() && v.size() > 0 && v.get(0).isIntegralNumber()) {
            return v.get(0).asInt(); // eos_token_id may list several ids; the first is the canonical one
        }
        return fallback;
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
