package org.tasl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tasl.testing.FreedJavaMemory;

/** Each block on a hand-computed example, and loading by HF name. */
class BlocksTest {
    private NDManager m;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    /** A tiny module tree: "dense" (Linear 2→2 with bias) and "norm" (LayerNorm 2). */
    static final class Tiny extends HfBlock {
        final Linear dense = module("dense", new Linear(2, 2, true));
        final RmsNorm norm = module("norm", new RmsNorm(2, 0f));
    }

    @Test
    void linearIsXWTransposedPlusBias() {
        Linear l = new Linear(2, 3, true);
        WeightLoader.load(l, "proj", TensorSource.of(Map.of(
                "proj.weight", m.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2)),
                "proj.bias", m.create(new float[] {0, 0, 10}))), m).requireNoMissing("t");
        // x = [2, 3]: W·x = [2, 3, 5], + b = [2, 3, 15]
        assertArrayEquals(new float[] {2, 3, 15}, l.forward(m.create(new float[] {2, 3}, new Shape(1, 2)), false)
                .toFloatArray(), 1e-6f);
    }

    @Test
    void rmsNormDividesByRootMeanSquare() {
        RmsNorm n = new RmsNorm(2, 0f);
        WeightLoader.load(n, "n", TensorSource.of(Map.of("n.weight", m.create(new float[] {1, 2}))), m);
        // x = [3, 4]: rms = √((9 + 16) / 2) = √12.5; out = [3, 4] / √12.5 · [1, 2]
        float rms = (float) Math.sqrt(12.5);
        assertArrayEquals(new float[] {3 / rms, 8 / rms}, n.forward(m.create(new float[] {3, 4})).toFloatArray(), 1e-6f);
    }

    @Test
    void layerNormCentresAndScales() {
        LayerNorm n = new LayerNorm(2, 0f);
        WeightLoader.load(n, "ln", TensorSource.of(Map.of("ln.weight", m.create(new float[] {1, 1}),
                "ln.bias", m.create(new float[] {0, 5}))), m);
        // x = [1, 3]: mean 2, variance 1 → [-1, 1], + β = [-1, 6]
        assertArrayEquals(new float[] {-1, 6}, n.forward(m.create(new float[] {1, 3})).toFloatArray(), 1e-6f);
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding e = new Embedding(3, 2);
        WeightLoader.load(e, "emb", TensorSource.of(Map.of("emb.weight",
                m.create(new float[] {0, 0, 1, 1, 2, 2}, new Shape(3, 2)))), m);
        assertArrayEquals(new float[] {2, 2, 1, 1}, e.forward(m.create(new long[] {2, 1})).toFloatArray(), 0f);
    }

    @Test
    void nativeGeluIsTheExactErfForm() {
        var x = m.create(new float[] {-3f, -1f, -0.2f, 0f, 0.5f, 2f});
        assertArrayEquals(Activations.geluErf(x).toFloatArray(), Activations.geluExact(x).toFloatArray(), 1e-6f);
        assertEquals(0.8413447f, Activations.apply("gelu", m.create(new float[] {1f})).getFloat(0), 1e-6f);
        assertEquals(0.841192f, Activations.apply("gelu_new", m.create(new float[] {1f})).getFloat(0), 1e-5f);
    }

    @Test
    void namesAreDottedPathsAndLoadingReportsMissingAndUnexpected() {
        Tiny t = new Tiny();
        assertEquals(List.of("enc.dense.weight", "enc.dense.bias", "enc.norm.weight"),
                List.copyOf(t.namedWeights("enc").keySet()));
        Map<String, ai.djl.ndarray.NDArray> ckpt = new LinkedHashMap<>();
        ckpt.put("enc.dense.weight", m.zeros(new Shape(2, 2)));
        ckpt.put("enc.extra.weight", m.zeros(new Shape(1)));
        LoadReport r = WeightLoader.load(t, "enc", TensorSource.of(ckpt), m);
        assertEquals(List.of("enc.dense.weight"), r.loaded());
        assertEquals(List.of("enc.dense.bias", "enc.norm.weight"), r.missing());
        assertEquals(List.of("enc.extra.weight"), r.unexpected());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.requireNoMissing("ckpt.safetensors"));
        assertTrue(e.getMessage().contains("ckpt.safetensors") && e.getMessage().contains("enc.dense.bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightLoader.load(t, "enc",
                TensorSource.of(Map.of("enc.dense.weight", m.zeros(new Shape(2, 3)))), m));
        assertEquals("tensor 'enc.dense.weight': expected shape (2, 2) but found (2, 3)", e.getMessage());
    }

    @Test
    void reloadingKeepsTheSameArrayObject() {
        Tiny t = new Tiny();
        WeightLoader.load(t, "", TensorSource.of(Map.of("norm.weight", m.ones(new Shape(2)))), m);
        var before = t.norm.weightParameter().array();
        WeightLoader.load(t, "", TensorSource.of(Map.of("norm.weight", m.full(new Shape(2), 3f))), m);
        assertTrue(before == t.norm.weightParameter().array());
        assertArrayEquals(new float[] {3, 3}, before.toFloatArray(), 0f);
    }

    @Test
    void devicesParseTheOption() {
        assertEquals(Device.cpu(), Devices.parse("cpu"));
        assertEquals(Device.cpu(), Devices.parse(" CPU "));
        Device auto = Devices.parse("auto");
        assertTrue(auto.equals(Device.cpu()) || auto.isGpu());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("cpu, gpu or auto"), e.getMessage());
    }

    @Test
    void inMemorySourceLoadsACopy() {
        // The loaded weight is the model's own: writing into (or freeing) the source leaves it.
        var source = m.create(new float[] {1, 2});
        RmsNorm n = new RmsNorm(2, 0f);
        WeightLoader.load(n, "n", TensorSource.of(Map.of("n.weight", source)), m);
        source.addi(100f);
        assertArrayEquals(new float[] {1, 2}, n.weightParameter().array().toFloatArray(), 0f);
    }

    @Test
    void weightSetAgainKeepsTheNewValuesAfterTheirScopeCloses() {
        // A second value replaces the storage of the array others hold; it must not stay tied to
        // the memory of the (closed) array it came in.
        Linear l = new Linear(1, 2, false);
        WeightLoader.load(l, "p", TensorSource.of(Map.of("p.weight", m.create(new float[] {1, 2}, new Shape(2, 1)))),
                m);
        var held = l.weightParameter().array();
        float[] values = {3, 4};
        try (NDManager scope = m.newSubManager()) {
            l.weightParameter().set("p.weight", scope.create(values, new Shape(2, 1)));
        }
        FreedJavaMemory.release();
        assertArrayEquals(values, held.toFloatArray(), 0f);
        assertArrayEquals(values, l.weightParameter().array().toFloatArray(), 0f);
    }
}
