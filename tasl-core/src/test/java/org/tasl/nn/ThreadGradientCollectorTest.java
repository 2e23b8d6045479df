package org.tasl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two threads record and run backward passes at the same time (both collectors open at once):
 * each gets exactly its own gradient. d/dx Σ c·x² = 2·c·x: for x = [1, 2, 3], thread c = 1 gets
 * [2, 4, 6] and thread c = 5 gets [10, 20, 30].
 */
class ThreadGradientCollectorTest {

    @Test
    void twoThreadsCollectTheirOwnGradientsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch bothOpen = new CountDownLatch(2);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (float c : new float[] {1f, 5f}) {
                results.add(pool.submit(() -> {
                    try (NDManager m = NDManager.newBaseManager()) {
                        NDArray x = m.create(new float[] {1f, 2f, 3f});
                        x.setRequiresGradient(true);
                        try (GradientCollector gc = ThreadGradientCollector.open()) {
                            bothOpen.countDown();
                            bothOpen.await(30, TimeUnit.SECONDS); // DJL's collector would throw here
                            gc.backward(x.mul(x).mul(c).sum());
                        }
                        return x.getGradient().toFloatArray();
                    }
                }));
            }
            assertArrayEquals(new float[] {2f, 4f, 6f}, results.get(0).get(60, TimeUnit.SECONDS), 0f);
            assertArrayEquals(new float[] {10f, 20f, 30f}, results.get(1).get(60, TimeUnit.SECONDS), 0f);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clearsNoGradientsOfOthers() {
        try (GradientCollector gc = ThreadGradientCollector.open()) {
            assertThrows(UnsupportedOperationException.class, gc::zeroGradients);
        }
    }
}
