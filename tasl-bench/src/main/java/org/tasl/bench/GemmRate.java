package org.tasl.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's matrix-product rate through DJL, on the shape that dominates a BERT-base step
 * (tokens × 768 by 768 × 3072, the FFN's first product): FLOP/s of the median of several timed
 * repetitions.
 */
public final class GemmRate {
    private GemmRate() {}

    public static double flopsPerSecond(Device device, DataType type, int m, int k, int n, int reps) {
        try (NDManager nd = NDManager.newBaseManager(device)) {
            NDArray a = nd.randomNormal(new Shape(m, k)).toType(type, false);
            NDArray b = nd.randomNormal(new Shape(k, n)).toType(type, false);
            int inner = device.isGpu() ? 50 : 3;
            a.matMul(b).close();
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                NDArray c = null;
                for (int i = 0; i < inner; i++) {
                    if (c != null) {
                        c.close();
                    }
                    c = a.matMul(b);
                }
                c.get(0).toType(DataType.FLOAT32, false).getFloat(0); // waits for the device
                double seconds = (System.nanoTime() - t0) / 1e9;
                c.close();
                rates.add(2.0 * m * k * n * inner / seconds);
            }
            return Stats.median(rates);
        }
    }
}
