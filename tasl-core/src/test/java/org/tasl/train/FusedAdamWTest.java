package org.tasl.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tasl.nn.TaslNative;
import org.tasl.testing.Ulps;

/**
 * The one-call native AdamW update ({@code org.tasl.nn.MultiTensor} for float32,
 * {@code org.tasl.nn.FusedAdamW} for other types) against the Java loop it replaces: the same
 * parameters after every step, bit for bit (same ATen ops in the same order; on a GPU the float32
 * multi-tensor kernels within a few ulps),
 * with and without weight decay, over float32 and bfloat16 tensors of several shapes (the project
 * trains float32 tensors only; bf16 checks that the scalars keep DJL's float32 type). Runs only
 * through the project's native library (./tasl native build; DJL's official natives lack it).
 */
class FusedAdamWTest {

    @Test
    void theFusedStepIsTheJavaLoopBitForBit() {
        assumeTrue(TaslNative.has(TaslNative.ADAMW_STEP),
                "the loaded libdjl_torch has no fused AdamW (DJL's official natives); run with the project's native library");
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.BFLOAT16}) {
            for (float decay : new float[] {0f, 0.01f}) {
                check(type, decay);
            }
        }
    }

    private static void check(DataType type, float decay) {
        try (NDManager manager = NDManager.newBaseManager();
                AdamW loop = new AdamW(manager, 0.9f, 0.999f, 1e-8f, decay);
                AdamW fused = new AdamW(manager, 0.9f, 0.999f, 1e-8f, decay)) {
            manager.getEngine().setRandomSeed(11);
            Map<String, NDArray> a = new LinkedHashMap<>();
            Map<String, NDArray> b = new LinkedHashMap<>();
            for (Shape s : new Shape[] {new Shape(8, 32), new Shape(32, 8), new Shape(5)}) {
                NDArray w = manager.randomNormal(0f, 1f, s, DataType.FLOAT32).toType(type, false);
                a.put("p" + a.size(), w);
                b.put("p" + b.size(), w.duplicate());
            }
            for (int step = 0; step < 4; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    Map<String, NDArray> ga = new LinkedHashMap<>();
                    Map<String, NDArray> gb = new LinkedHashMap<>();
                    for (Map.Entry<String, NDArray> e : a.entrySet()) {
                        NDArray g = scope.randomNormal(0f, 0.1f, e.getValue().getShape(), DataType.FLOAT32)
                                .toType(type, false);
                        ga.put(e.getKey(), g);
                        gb.put(e.getKey(), g.duplicate());
                    }
                    float[] before = floats(a.get("p0"));
                    loop.step(a, ga, 1e-2f, false);
                    fused.step(b, gb, 1e-2f, true);
                    assertFalse(Arrays.equals(before, floats(b.get("p0"))), "the fused step moved nothing");
                }
                // float32 takes the multi-tensor path (a few ulps apart on a GPU), bf16 the one-call loop
                // bf16 compares as on the CPU: its one-call loop is the same ops, bit for bit everywhere
                String device = type == DataType.FLOAT32 ? manager.getDevice().toString() : "cpu";
                for (String k : a.keySet()) {
                    Ulps.assertAdamW(floats(a.get(k)), floats(b.get(k)), device, 1e-2f, step + 1,
                            type + " decay " + decay + " step " + (step + 1) + " " + k);
                }
            }
        }
    }

    private static float[] floats(NDArray x) {
        return x.toType(DataType.FLOAT32, false).toFloatArray();
    }
}
