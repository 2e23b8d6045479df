package org.tasl.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTokenizerTest {

    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "hello", ",", "world", "!", "un", "##aff", "##able", "cafe", "中", "国", "a", "##a");

    private final WordPieceTokenizer tok = new WordPieceTokenizer(VOCAB, true);

    @Test
    void lowerCasesStripsAccentsAndSplitsPunctuation() {
        assertEquals(List.of("hello", ",", "world", "!"), tok.tokenize("Héllo,  WORLD!"));
        assertEquals(List.of("cafe"), tok.tokenize("Café"));
    }

    @Test
    void greedyLongestMatchFirstWithContinuations() {
        assertEquals(List.of("un", "##aff", "##able"), tok.tokenize("unaffable"));
        assertArrayEquals(new int[] {9, 10, 11}, tok.encode("unaffable"));
    }

    @Test
    void aWordThatCannotBeCoveredIsOneUnk() {
        assertEquals(List.of("[UNK]"), tok.tokenize("unxyz"));
    }

    @Test
    void wordsLongerThanOneHundredCharactersAreUnk() {
        assertEquals(List.of("a", "##a"), tok.tokenize("aa"));
        assertEquals(List.of("[UNK]"), tok.tokenize("a".repeat(101)));
    }

    @Test
    void cjkIdeographsAreSeparateWords() {
        assertEquals(List.of("中", "国"), tok.tokenize("中国"));
    }

    @Test
    void specialTokensInTheTextStayWhole() {
        assertArrayEquals(new int[] {5, 4, 8}, tok.encode("hello [MASK]!"));
        assertEquals(new SpecialTokens(0, 1, 2, 3, 4, -1, -1), tok.specials());
    }

    @Test
    void decodeJoinsContinuationsAndDropsSpecials() {
        assertEquals("hello unaffable", tok.decode(new int[] {2, 5, 9, 10, 11, 3, 0}));
    }

    @Test
    void loadsVocabTxtThroughTokenizersLoad(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("vocab.txt"), VOCAB);
        TextTokenizer t = Tokenizers.load(dir);
        assertTrue(t instanceof WordPieceTokenizer);
        assertEquals(VOCAB.size(), t.vocabSize());
        assertEquals(4, t.specials().mask());
    }

    @Test
    void doLowerCaseFromTokenizerConfigIsHonoured(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "Hello", "hello"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        assertArrayEquals(new int[] {2}, Tokenizers.load(dir).encode("Hello"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");
        assertArrayEquals(new int[] {3}, Tokenizers.load(dir).encode("Hello"));
    }

    @Test
    void aVocabWithoutUnkIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("vocab.txt");
        Files.writeString(f, "{\"not\": \"a vocab\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("[UNK]"), e.getMessage());
    }
}
