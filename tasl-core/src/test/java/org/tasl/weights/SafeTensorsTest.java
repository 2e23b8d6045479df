package org.tasl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.tensor.DType;
import org.tasl.tensor.HostTensor;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private static Map<String, HostTensor> sample() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("w", HostTensor.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        m.put("h", HostTensor.fromFloats(new float[] {0.5f, -1.25f, 65504f}, 3).to(DType.F16));
        m.put("b", HostTensor.fromFloats(new float[] {1.5f, -2f}, 2).to(DType.BF16));
        m.put("ids", HostTensor.fromLongs(new long[] {7, -1}, 2));
        m.put("scalar", HostTensor.fromFloats(new float[] {3f}));
        return m;
    }

    @Test
    void roundtripKeepsDtypesShapesValuesAndMetadata() {
        Path f = dir.resolve("x.safetensors");
        SafeTensors.write(f, sample(), Map.of("format", "pt"));
        SafeTensorsReader.Content c = SafeTensors.readContent(f);
        assertEquals(Map.of("format", "pt"), c.metadata());
        assertEquals(DType.F32, c.tensors().get("w").dtype());
        assertArrayEquals(new long[] {2, 3}, c.tensors().get("w").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c.tensors().get("w").toFloatArray());
        assertEquals(DType.F16, c.tensors().get("h").dtype());
        assertArrayEquals(new float[] {0.5f, -1.25f, 65504f}, c.tensors().get("h").toFloatArray());
        assertEquals(DType.BF16, c.tensors().get("b").dtype());
        assertArrayEquals(new float[] {1.5f, -2f}, c.tensors().get("b").toFloatArray());
        assertArrayEquals(new long[] {7, -1}, c.tensors().get("ids").toLongArray());
        assertArrayEquals(new long[] {}, c.tensors().get("scalar").shape());
        assertArrayEquals(new float[] {3f}, c.tensors().get("scalar").toFloatArray());
    }

    @Test
    void layoutFollowsTheReferenceImplementation() throws IOException {
        Path f = dir.resolve("x.safetensors");
        SafeTensors.write(f, sample(), Map.of("format", "pt"));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(Files.readAllBytes(f), 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"}"), header);
        // widest dtypes first (I64, F32 w/scalar by name, then BF16, F16), offsets contiguous from 0
        assertTrue(header.indexOf("\"ids\"") < header.indexOf("\"scalar\""));
        assertTrue(header.indexOf("\"scalar\"") < header.indexOf("\"w\""));
        assertTrue(header.indexOf("\"w\"") < header.indexOf("\"b\""));
        assertTrue(header.indexOf("\"b\"") < header.indexOf("\"h\""));
        assertTrue(header.contains("\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}"), header);
        assertEquals(8 + n + 16 + 4 + 24 + 4 + 6, Files.size(f));
    }

    @Test
    void writeIsAtomicAndLeavesNoTempFiles() throws IOException {
        Path f = dir.resolve("x.safetensors");
        SafeTensors.write(f, sample());
        SafeTensors.write(f, Map.of("only", HostTensor.fromFloats(new float[] {9f}, 1)));
        assertEquals(List.of("only"), List.copyOf(SafeTensors.read(f).keySet()));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void readsAShardedCheckpointThroughItsIndex() throws IOException {
        SafeTensors.write(dir.resolve("model-00001-of-00002.safetensors"), Map.of("a", HostTensor.fromFloats(new float[] {1f}, 1)));
        SafeTensors.write(dir.resolve("model-00002-of-00002.safetensors"), Map.of("b", HostTensor.fromFloats(new float[] {2f, 3f}, 2)));
        Files.writeString(dir.resolve(SafeTensors.INDEX_FILE), "{\"metadata\":{\"total_size\":12},\"weight_map\":"
                + "{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        Map<String, HostTensor> m = SafeTensors.readFolder(dir);
        assertArrayEquals(new float[] {1f}, m.get("a").toFloatArray());
        assertArrayEquals(new float[] {2f, 3f}, m.get("b").toFloatArray());

        Files.writeString(dir.resolve(SafeTensors.INDEX_FILE), "{\"weight_map\":{\"c\":\"model-00001-of-00002.safetensors\"}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.readFolder(dir));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("does not contain it"), e.getMessage());
    }

    // ---- corruption: every error names the file and what was wrong ----------------------

    /** A file with a hand-written header and {@code dataBytes} zero bytes of data. */
    private Path handMade(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static String failure(Path f) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
        Files.write(f, b.array());
        assertTrue(failure(f).contains("header length 1000 runs past the end of the file (16 bytes"));
    }

    @Test
    void fileShorterThanTheLengthPrefix() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(failure(f).contains("too short"));
    }

    @Test
    void truncatedDataIsOutOfRange() throws IOException {
        Path f = dir.resolve("x.safetensors");
        SafeTensors.write(f, Map.of("w", HostTensor.fromFloats(new float[] {1, 2, 3, 4}, 4)));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 3));
        assertTrue(failure(f).contains("tensor 'w': data_offsets [0, 16] out of range: the data section holds 13 bytes"));
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        assertTrue(failure(handMade("{\"w\": {\"dtype\": ", 0)).contains("header is not valid JSON"));
    }

    @Test
    void unknownDtype() throws IOException {
        String m = failure(handMade("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2));
        assertTrue(m.contains("tensor 'w' has unknown dtype 'F8_E4M3'"), m);
    }

    @Test
    void offsetsThatDoNotMatchShapeTimesDtype() throws IOException {
        String m = failure(handMade("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        assertTrue(m.contains("hold 8 bytes but F32[3] needs 12"), m);
    }

    @Test
    void overlappingTensors() throws IOException {
        String m = failure(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertTrue(m.contains("'a' [0, 8) and 'b' [4, 12) overlap"), m);
    }

    @Test
    void missingShapeAndNegativeOffsets() throws IOException {
        assertTrue(failure(handMade("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4)).contains("missing shape"));
        assertTrue(failure(handMade("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 4)).contains("out of range"));
    }

    @Test
    void rewritingReferenceFilesReproducesThemByteForByte() throws IOException {
        Path fixtures = org.tasl.tokenize.Fixtures.dir();
        for (String name : List.of("t5-tiny-random/model.safetensors", "llama-tiny-random/model.safetensors",
                "t5-tiny-random/lora_adapter.safetensors")) {
            Path ref = fixtures.resolve(name);
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ref), ref + " missing");
            SafeTensorsReader.Content c = SafeTensors.readContent(ref);
            Path out = dir.resolve("copy.safetensors");
            SafeTensors.write(out, c.tensors(), c.metadata());
            org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(out), name);
        }
    }

    @Test
    void readingMapsInsteadOfCopying() throws IOException {
        Path f = dir.resolve("x.safetensors");
        SafeTensors.write(f, sample());
        HostTensor w = SafeTensors.read(f).get("w");
        assertTrue(w.data().isDirect(), "tensor bytes are a view of the mapped file");
        assertTrue(w.data().isReadOnly());
        assertFalse(w.copyToHeap().data().isDirect());
    }
}
