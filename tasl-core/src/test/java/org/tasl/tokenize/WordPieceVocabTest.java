package org.tasl.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BERT's WordPiece from a folder holding only a vocab.txt (uncased): the tokenizer.json that
 * {@code WordPieceTokenizerJson} builds, run by DJL's HF tokenizers, one rule per test.
 */
class WordPieceVocabTest {

    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "hello", ",", "world", "!", "un", "##aff", "##able", "cafe", "中", "国", "a", "##a");

    @TempDir
    Path dir;
    private TextTokenizer tok;

    @BeforeEach
    void load() throws IOException {
        Files.write(dir.resolve("vocab.txt"), VOCAB);
        tok = Tokenizers.load(dir);
    }

    private List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (int id : tok.encode(text)) {
            out.add(tok.idToToken(id));
        }
        return out;
    }

    @Test
    void lowerCasesStripsAccentsAndSplitsPunctuation() {
        assertEquals(List.of("hello", ",", "world", "!"), pieces("Héllo,  WORLD!"));
        assertEquals(List.of("cafe"), pieces("Café"));
    }

    @Test
    void greedyLongestMatchFirstWithContinuations() {
        assertEquals(List.of("un", "##aff", "##able"), pieces("unaffable"));
        assertArrayEquals(new int[] {9, 10, 11}, tok.encode("unaffable"));
    }

    @Test
    void encodingABatchGivesEveryTextsOwnPiecesWithoutPadding() {
        List<String> texts = List.of("unaffable", "Héllo,  WORLD!", "", "hello");
        List<int[]> all = tok.encodeAll(texts);
        assertEquals(4, all.size());
        assertArrayEquals(new int[] {9, 10, 11}, all.get(0));
        assertArrayEquals(new int[] {5, 6, 7, 8}, all.get(1));
        assertArrayEquals(new int[0], all.get(2));
        assertArrayEquals(new int[] {5}, all.get(3), "no padding to the longest text");
    }

    @Test
    void aWordThatCannotBeCoveredIsOneUnk() {
        assertEquals(List.of("[UNK]"), pieces("unxyz"));
    }

    @Test
    void wordsLongerThanOneHundredCharactersAreUnk() {
        assertEquals(List.of("a", "##a"), pieces("aa"));
        assertEquals(List.of("a", "##a", "##a"), pieces("aaa"));
        assertEquals(List.of("[UNK]"), pieces("a".repeat(101)));
    }

    @Test
    void cjkIdeographsAreSeparateWords() {
        assertEquals(List.of("中", "国"), pieces("中国"));
    }

    @Test
    void specialTokensInTheTextStayWhole() {
        assertArrayEquals(new int[] {5, 4, 8}, tok.encode("hello [MASK]!"));
        assertArrayEquals(new int[] {5, 1, 7}, tok.encode("hello [UNK] world"));
        assertEquals(new SpecialTokens(0, 1, 2, 3, 4, -1, -1), tok.specials());
    }

    @Test
    void encodeAddsNoSpecialTokens() {
        assertArrayEquals(new int[] {5, 7}, tok.encode("hello world"));
    }

    @Test
    void decodeJoinsContinuationsAndDropsSpecialsButNotUnk() {
        assertEquals("hello unaffable", tok.decode(new int[] {2, 5, 9, 10, 11, 3, 0}));
        assertEquals("hello [UNK] , world", tok.decode(new int[] {5, 1, 6, 7, 4}));
    }

    @Test
    void loadsThroughTheHuggingFaceTokenizersLibrary() {
        assertTrue(tok instanceof HfJsonTokenizer);
        assertEquals(VOCAB.size(), tok.vocabSize());
        assertEquals(dir.resolve("vocab.txt"), ((HfJsonTokenizer) tok).file());
        assertTrue(!Files.exists(dir.resolve("tokenizer.json")), "a user's folder is not written to");
    }

    @Test
    void doLowerCaseFromTokenizerConfigIsHonoured(@TempDir Path d) throws IOException {
        Files.write(d.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "Hello", "hello"));
        Files.writeString(d.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        assertArrayEquals(new int[] {2}, Tokenizers.load(d).encode("Hello"));
        Files.writeString(d.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");
        assertArrayEquals(new int[] {3}, Tokenizers.load(d).encode("Hello"));
    }

    @Test
    void aVocabWithoutUnkIsRejectedNamingTheFile(@TempDir Path d) throws IOException {
        Path f = d.resolve("vocab.txt");
        Files.writeString(f, "{\"not\": \"a vocab\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(d));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("[UNK]"), e.getMessage());
    }
}
