package org.tasl.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.util.AtomicFiles;

/**
 * The Hugging Face {@code tokenizer.json} of a BERT WordPiece vocabulary ({@code vocab.txt},
 * one token per line, id = line number), for DJL's HF tokenizers to run: a {@code WordPiece}
 * model ("##" continuations, [UNK], words over {@value #MAX_INPUT_CHARS_PER_WORD} characters
 * are [UNK]), {@code BertNormalizer} (control characters dropped, CJK ideographs spaced out,
 * lower-casing and accent stripping when the vocabulary is uncased), {@code BertPreTokenizer}
 * (whitespace and punctuation), and {@code TemplateProcessing} [CLS] A [SEP] (B [SEP]).
 *
 * <p>Two choices keep the ids and strings of the project's former hand-written WordPiece
 * reader: [PAD], [UNK], [CLS], [SEP] and [MASK] are added tokens (so "[MASK]" written in a text
 * stays one token), but only [PAD], [CLS], [SEP] and [MASK] are marked special (decoding drops
 * them and keeps [UNK]); and the WordPiece decoder does no clean-up (pieces are joined with
 * single spaces, "hello , world" stays as it is).
 */
public final class WordPieceTokenizerJson {
    public static final String FILE = "tokenizer.json";
    public static final int MAX_INPUT_CHARS_PER_WORD = 100;
    static final List<String> ADDED = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WordPieceTokenizerJson() {}

    /** The tokenizer.json for {@code folder}'s vocab.txt, lower-casing as its tokenizer_config.json says. */
    public static ObjectNode fromFolder(Path folder) {
        Path vocabTxt = folder.resolve("vocab.txt");
        List<String> vocab = readVocab(vocabTxt);
        return build(vocab, lowerCase(folder.resolve("tokenizer_config.json"), vocab));
    }

    /** Writes {@code folder}/tokenizer.json (atomically) from its vocab.txt; returns the file. */
    public static Path write(Path folder) {
        Path out = folder.resolve(FILE);
        try {
            AtomicFiles.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fromFolder(folder)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** vocab.txt's lines, trailing empty lines dropped; an empty file or one without [UNK] is rejected naming it. */
    public static List<String> readVocab(Path vocabTxt) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(vocabTxt, StandardCharsets.UTF_8));
        } catch (MalformedInputException e) {
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
        return lines;
    }

    /**
     * The {@code do_lower_case} of a tokenizer_config.json when it has one, else a guess from the
     * vocabulary: a cased one has many capitalised whole words ("The", "He"), an uncased one none.
     */
    static boolean lowerCase(Path tokenizerConfig, List<String> vocab) {
        if (Files.isRegularFile(tokenizerConfig)) {
            JsonNode lower;
            try {
                lower = JSON.readTree(tokenizerConfig.toFile()).get("do_lower_case");
            } catch (IOException e) {
                throw new IllegalArgumentException(tokenizerConfig + " is not valid JSON: " + e.getMessage(), e);
            }
            if (lower != null && lower.isBoolean()) {
                return lower.asBoolean();
            }
        }
        int upper = 0;
        for (String t : vocab) {
            if (!t.isEmpty() && !t.startsWith("[") && Character.isUpperCase(t.charAt(0))) {
                upper++;
            }
        }
        return upper <= vocab.size() / 100;
    }

    /** The tokenizer.json of a vocabulary (the first line holding a token gives its id). */
    public static ObjectNode build(List<String> vocab, boolean lowerCase) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.putIfAbsent(vocab.get(i), i);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String t : ADDED) {
            Integer id = ids.get(t);
            if (id != null) {
                added.addObject().put("id", id).put("content", t).put("single_word", false).put("lstrip", false)
                        .put("rstrip", false).put("normalized", false).put("special", !t.equals("[UNK]"));
            }
        }
        root.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", true).put("strip_accents", lowerCase).put("lowercase", lowerCase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        if (ids.containsKey("[CLS]") && ids.containsKey("[SEP]")) {
            ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
            ArrayNode single = post.putArray("single");
            special(single, "[CLS]", 0);
            sequence(single, "A", 0);
            special(single, "[SEP]", 0);
            ArrayNode pair = post.putArray("pair");
            special(pair, "[CLS]", 0);
            sequence(pair, "A", 0);
            special(pair, "[SEP]", 0);
            sequence(pair, "B", 1);
            special(pair, "[SEP]", 1);
            ObjectNode specials = post.putObject("special_tokens");
            for (String t : List.of("[CLS]", "[SEP]")) {
                ObjectNode s = specials.putObject(t).put("id", t);
                s.putArray("ids").add(ids.get(t));
                s.putArray("tokens").add(t);
            }
        } else {
            root.putNull("post_processor");
        }
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", false);
        ObjectNode model = root.putObject("model").put("type", "WordPiece").put("unk_token", "[UNK]")
                .put("continuing_subword_prefix", "##").put("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
        ObjectNode v = model.putObject("vocab");
        ids.forEach(v::put);
        return root;
    }

    private static void special(ArrayNode template, String token, int typeId) {
        template.addObject().putObject("SpecialToken").put("id", token).put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
    }
}
