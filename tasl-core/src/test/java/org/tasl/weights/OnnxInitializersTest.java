package org.tasl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.tensor.HostTensor;

class OnnxInitializersTest {

    @TempDir
    Path dir;

    private static ProtoWriter tensor(String name, long[] dims, float... values) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, 1).string(8, name).bytes(9, ProtoWriter.floatsLe(values));
    }

    private static ProtoWriter node(String op, String out, String... in) {
        ProtoWriter n = new ProtoWriter();
        for (String i : in) {
            n.string(1, i);
        }
        return n.string(2, out).string(4, op);
    }

    /** y = x @ W + b with W anonymous [in=2, out=3], as exporters write a Linear layer. */
    private Path model(boolean withAdd) throws IOException {
        ProtoWriter g = new ProtoWriter()
                .message(1, node("MatMul", "mm_out", "x", "onnx::MatMul_42"))
                .message(5, tensor("onnx::MatMul_42", new long[] {2, 3}, 1, 2, 3, 4, 5, 6))
                .message(5, tensor("encoder.layer.0.attention.self.query.bias", new long[] {3}, 0.1f, 0.2f, 0.3f));
        if (withAdd) {
            g.message(1, node("Add", "y", "encoder.layer.0.attention.self.query.bias", "mm_out"));
        }
        byte[] model = new ProtoWriter().varint(1, 7).message(7, g).toByteArray();
        Path f = dir.resolve("m.onnx");
        Files.write(f, model);
        return f;
    }

    @Test
    void namesAnAnonymousMatMulWeightAfterTheBiasItsAddUsesAndTransposesIt() throws IOException {
        OnnxInitializers o = OnnxInitializers.read(model(true));
        assertEquals(2, o.initializers().size());
        Map<String, HostTensor> named = o.namedLinearWeights();
        HostTensor w = named.get("encoder.layer.0.attention.self.query.weight");
        assertArrayEquals(new long[] {3, 2}, w.shape(), "PyTorch [out, in]");
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, w.toFloatArray());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, named.get("encoder.layer.0.attention.self.query.bias").toFloatArray());
        assertEquals(2, named.size(), "the anonymous name is gone");
    }

    @Test
    void aMatMulWeightWithoutANamedBiasIsAnErrorNamingTheFile() throws IOException {
        Path f = model(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxInitializers.read(f).namedLinearWeights());
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("onnx::MatMul_42"), e.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxIsAnErrorNamingIt() throws IOException {
        Path f = dir.resolve("x.onnx");
        Files.writeString(f, "hello, not a model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxInitializers.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
