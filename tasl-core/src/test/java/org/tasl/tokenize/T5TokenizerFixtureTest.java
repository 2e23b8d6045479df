package org.tasl.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** T5's tokenizer read two ways (spiece.model, tokenizer.json) against the Hugging Face ids. */
class T5TokenizerFixtureTest {

    private static int[] withoutEos(JsonNode ids) {
        int[] a = new int[ids.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ids.get(i).asInt();
        }
        assertEquals(1, a[a.length - 1], "the reference ends in </s>");
        return Arrays.copyOf(a, a.length - 1);
    }

    private static JsonNode cases(String model) throws IOException {
        return new ObjectMapper().readTree(Fixtures.file(model + "/reference.json").toFile()).get("cases");
    }

    @Test
    void sentencePieceMatchesTheReferenceIds() throws IOException {
        for (String model : new String[] {"t5-tiny-random", "flan-t5-tiny-random"}) {
            SentencePieceTokenizer sp = SentencePieceTokenizer.fromModelFile(Fixtures.file(model + "/spiece.model"));
            assertEquals(new SpecialTokens(0, 2, -1, -1, -1, -1, 1), sp.specials());
            for (JsonNode c : cases(model)) {
                assertArrayEquals(withoutEos(c.get("sentencepiece_ids_plus_eos")), sp.encode(c.get("input").asText()),
                        model + ": " + c.get("input").asText());
            }
        }
    }

    @Test
    void tokenizerJsonMatchesTheReferenceIdsWithoutAddingEos() throws IOException {
        try (HfJsonTokenizer t = HfJsonTokenizer.open(Fixtures.file("t5-tiny-random/tokenizer.json"))) {
            for (JsonNode c : cases("t5-tiny-random")) {
                assertArrayEquals(withoutEos(c.get("input_ids")), t.encode(c.get("input").asText()));
            }
        }
    }

    @Test
    void sentencePieceNormalisesLikeTheRustTokenizersOnUnusualText() {
        Path dir = Fixtures.file("t5-tiny-random");
        SentencePieceTokenizer sp = SentencePieceTokenizer.fromModelFile(dir.resolve("spiece.model"));
        try (HfJsonTokenizer hf = HfJsonTokenizer.open(dir.resolve("tokenizer.json"))) {
            // full-width letters, zero-width space and BOM (removed), ligature, circled digit, no-break
            // and ideographic spaces, runs of spaces and newlines, a control character, an emoji (unknown)
            for (String text : new String[] {"\uff21\uff22\uff23 full width", "zero\u200bwidth x\ufeffbom", "\ufb01 ligature \u2460",
                "non\u00a0breaking \u3000 space", "  lead  and\ttrail \n ", "x\u0007bell", "emoji \ud83d\ude00 here", "caf\u00e9 na\u00efve"}) {
                assertArrayEquals(hf.encode(text), sp.encode(text), text);
            }
        }
    }

    @Test
    void loadPrefersTokenizerJsonAndReadsT5Specials() {
        TextTokenizer t = Tokenizers.load(Fixtures.file("t5-tiny-random"));
        assertTrue(t instanceof HfJsonTokenizer);
        assertEquals(0, t.specials().pad());
        assertEquals(1, t.specials().eos());
        assertEquals(2, t.specials().unk());
        assertEquals(1000, t.vocabSize());
    }

    @Test
    void decodeOfSentencePieceIdsRestoresSpaces() {
        SentencePieceTokenizer sp = SentencePieceTokenizer.fromModelFile(Fixtures.file("t5-tiny-random/spiece.model"));
        String text = "The food was great.";
        assertEquals(text, sp.decode(sp.encode(text)));
    }

    @Test
    void aTokenizerJsonThatDoesNotParseIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, "{\"model\": {\"vocab\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void aSpieceModelThatDoesNotParseIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("spiece.model");
        Files.write(f, new byte[] {0x0f, 0x7f, 0x00, 0x01});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("does not parse"), e.getMessage());
    }
}
