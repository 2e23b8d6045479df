package org.tasl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.tensor.DType;
import org.tasl.tensor.HostTensor;

/** A two-variable bundle written byte by byte after the SSTable and BundleEntryProto layouts. */
class TfBundleReaderTest {

    @TempDir
    Path dir;

    private static byte[] entryProto(long[] shape, long offset, long size) {
        ProtoWriter shapeProto = new ProtoWriter();
        for (long d : shape) {
            shapeProto.message(2, new ProtoWriter().varint(1, d));
        }
        return new ProtoWriter().varint(1, 1).message(2, shapeProto).varint(4, offset).varint(5, size).toByteArray();
    }

    /** One block: entries (shared, non-shared, value length, key delta, value), restarts [0], count 1. */
    private static byte[] block(List<String> keys, List<byte[]> values) {
        ProtoWriter w = new ProtoWriter();
        String prev = "";
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            int shared = 0;
            while (shared < Math.min(prev.length(), k.length()) && prev.charAt(shared) == k.charAt(shared)) {
                shared++;
            }
            byte[] delta = k.substring(shared).getBytes(StandardCharsets.UTF_8);
            w.rawVarint(shared).rawVarint(delta.length).rawVarint(values.get(i).length).raw(delta).raw(values.get(i));
            prev = k;
        }
        w.raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(1).array());
        return w.toByteArray();
    }

    private Path writeBundle(long magic) throws IOException {
        // data: kernel [2,3] = 1..6 at 0, bias [3] = 7,8,9 at 24
        Files.write(dir.resolve("variables.data-00000-of-00001"), ProtoWriter.floatsLe(1, 2, 3, 4, 5, 6, 7, 8, 9));
        byte[] data = block(List.of("", "bert/pooler/dense/bias", "bert/pooler/dense/kernel"),
                List.of(new byte[] {8, 1}, entryProto(new long[] {3}, 24, 12), entryProto(new long[] {2, 3}, 0, 24)));
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(data);
        f.writeBytes(new byte[5]); // trailer: type 0 (uncompressed) + crc (unchecked)
        long indexOffset = f.size();
        byte[] index = block(List.of("bert/pooler/dense/kernel"),
                List.of(new ProtoWriter().rawVarint(0).rawVarint(data.length).toByteArray()));
        f.writeBytes(index);
        f.writeBytes(new byte[5]);
        byte[] handles = new ProtoWriter().rawVarint(0).rawVarint(0).rawVarint(indexOffset).rawVarint(index.length).toByteArray();
        ByteBuffer footer = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        footer.put(handles).position(40);
        footer.putLong(magic);
        f.writeBytes(footer.array());
        Path idx = dir.resolve("variables.index");
        Files.write(idx, f.toByteArray());
        return idx;
    }

    @Test
    void readsEntriesWithPrefixCompressedKeysAndTheirData() throws IOException {
        Path idx = writeBundle(0xdb4775248b80fb57L);
        Map<String, HostTensor> t = TfBundleReader.read(idx);
        assertEquals(List.of("bert/pooler/dense/bias", "bert/pooler/dense/kernel"), List.copyOf(t.keySet()));
        HostTensor k = t.get("bert/pooler/dense/kernel");
        assertEquals(DType.F32, k.dtype());
        assertArrayEquals(new long[] {2, 3}, k.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, k.toFloatArray());
        assertArrayEquals(new float[] {7, 8, 9}, t.get("bert/pooler/dense/bias").toFloatArray());
    }

    @Test
    void aWrongMagicIsAnErrorNamingTheFile() throws IOException {
        Path idx = writeBundle(0x1234L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfBundleReader.read(idx));
        assertTrue(e.getMessage().contains(idx.toString()) && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void tfNamesBecomeHuggingFaceBertNames() {
        assertEquals("bert.encoder.layer.3.attention.self.query.weight",
                BertNaming.fromTf("module/bert/encoder/layer_3/attention/self/query/kernel"));
        assertEquals("bert.encoder.layer.11.output.LayerNorm.bias", BertNaming.fromTf("bert/encoder/layer_11/output/LayerNorm/beta"));
        assertEquals("bert.embeddings.word_embeddings.weight", BertNaming.fromTf("module/bert/embeddings/word_embeddings"));
        assertEquals("cls.predictions.transform.LayerNorm.weight", BertNaming.fromTf("module/cls/predictions/transform/LayerNorm/gamma"));
        assertEquals("cls.predictions.bias", BertNaming.fromTf("module/cls/predictions/output_bias"));
        assertEquals(null, BertNaming.fromTf("bert/encoder/layer_0/output/dense/kernel/adam_m"));
        assertEquals("bert.encoder.layer.0.intermediate.dense.weight", BertNaming.fromOnnx("encoder.layer.0.intermediate.dense.weight"));
        assertEquals(null, BertNaming.fromOnnx("embeddings.position_ids"));
    }
}
