package org.tasl.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face tokenizer.json, run by DJL's binding of the Rust tokenizers library. The
 * file's own post-processor (which would add [CLS]/[SEP] or &lt;/s&gt;), truncation and padding
 * are switched off: {@link #encode} returns the bare pieces, like every {@link TextTokenizer}.
 * The vocabulary is read from the JSON too, for id/token look-ups.
 */
public final class HfJsonTokenizer implements TextTokenizer, AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> ids;
    private final String[] tokens;
    private SpecialTokens specials;

    private HfJsonTokenizer(Path file, HuggingFaceTokenizer tokenizer, Map<String, Integer> ids) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.ids = ids;
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.tokens = new String[size];
        ids.forEach((t, i) -> {
            if (tokens[i] == null) {
                tokens[i] = t;
            }
        });
        this.specials = Tokenizers.guessSpecials(this);
    }

    /** Opens a tokenizer.json; a file that does not parse is an IllegalArgumentException naming it. */
    public static HfJsonTokenizer open(Path file) {
        Map<String, Integer> vocab = readVocab(readTree(file), file.toString());
        try {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new HfJsonTokenizer(file, tok, vocab);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tokenizer file " + file + " could not be loaded by the tokenizers library: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A tokenizer.json held in memory (e.g. built from a vocab.txt by
     * {@link org.tasl.weights.WordPieceTokenizerJson}); {@code source} is the file it was made from.
     */
    public static HfJsonTokenizer fromJson(JsonNode root, Path source) {
        Map<String, Integer> vocab = readVocab(root, "tokenizer built from " + source);
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(root);
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new HfJsonTokenizer(source, tok, vocab);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the tokenizer of " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the tokenizer built from " + source
                    + " could not be loaded by the tokenizers library: " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("tokenizer file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The vocabulary of model.vocab (a map for WordPiece/BPE, [piece, score] pairs for Unigram) plus added_tokens. */
    static Map<String, Integer> readVocab(JsonNode root, String source) {
        JsonNode model = root == null ? null : root.get("model");
        JsonNode vocab = model == null ? null : model.get("vocab");
        if (vocab == null) {
            throw new IllegalArgumentException("tokenizer file " + source + " has no model.vocab; expected a Hugging Face tokenizer.json");
        }
        Map<String, Integer> ids = new HashMap<>();
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), e.getValue().asInt());
            }
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                ids.putIfAbsent(vocab.get(i).get(0).asText(), i);
            }
        } else {
            throw new IllegalArgumentException("tokenizer file " + source + ": model.vocab is neither a map nor a list");
        }
        JsonNode added = root.get("added_tokens");
        if (added != null && added.isArray()) {
            for (JsonNode a : added) {
                ids.put(a.get("content").asText(), a.get("id").asInt());
            }
        }
        return ids;
    }

    /** The tokenizer.json, or the vocab.txt it was built from. */
    public Path file() {
        return file;
    }

    @Override
    public int[] encode(String text) {
        return ints(tokenizer.encode(text, false, false).getIds());
    }

    /** One batch call: the tokenizers library encodes the texts on all cores (no padding, no truncation). */
    @Override
    public List<int[]> encodeAll(List<String> texts) {
        if (texts.size() < 2) {
            return TextTokenizer.super.encodeAll(texts);
        }
        Encoding[] encodings = tokenizer.batchEncode(texts, false, false);
        List<int[]> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(ints(e.getIds()));
        }
        return out;
    }

    private static int[] ints(long[] raw) {
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = Math.toIntExact(raw[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    @Override
    public int vocabSize() {
        return tokens.length;
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    @Override
    public SpecialTokens specials() {
        return specials;
    }

    void setSpecials(SpecialTokens specials) {
        this.specials = specials;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
