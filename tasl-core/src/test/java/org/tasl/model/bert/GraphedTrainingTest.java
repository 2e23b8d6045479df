package org.tasl.model.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;
import org.tasl.data.Task;
import org.tasl.eval.MetricKind;
import org.tasl.lora.LoraConfig;
import org.tasl.model.LossInputs;
import org.tasl.nn.CudaStreamScope;
import org.tasl.nn.Gradients;
import org.tasl.nn.ThreadGradientCollector;
import org.tasl.scoring.LabelLoss;
import org.tasl.train.AdamW;
import org.tasl.train.GraphedForwardBackward;

/**
 * The training step's two halves and its replay as CUDA graphs (GraphedForwardBackward): the
 * host half + device half compute the one-piece loss bit for bit; padding a batch to its length
 * bucket changes neither loss nor gradient; without a GPU every step runs op by op; on a GPU
 * ({@code -Dtasl.test.device=gpu} with the project's native library), replayed graphs train like
 * op-by-op steps and draw fresh dropout masks in every replay.
 */
class GraphedTrainingTest {
    private static final List<String> LABELS = List.of("f", "g", "a b");

    /** Rows of 1 to 14 words whose label is their first word(s): lengths vary, as in training. */
    private static List<Example> rows(int n, int seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String label = LABELS.get(random.nextInt(LABELS.size()));
            StringBuilder input = new StringBuilder(label);
            int words = random.nextInt(14);
            for (int w = 0; w < words; w++) {
                input.append(' ').append(TinyBert.WORDS[random.nextInt(19)]);
            }
            out.add(new Example("r" + seed + "-" + i, input.append(" answer:").toString(), label));
        }
        return out;
    }

    private static BertModel model(NDManager m, Device device, double dropout, List<Example> data) {
        BertModel model = TinyBert.load(m, true, device, dropout);
        model.prepareTasks(List.of(Task.of("t", data, data, MetricKind.EXACT_MATCH)), LabelLoss.VOCAB);
        model.lora().addAdapter("t", LoraConfig.defaults().withDropout((float) dropout));
        return model;
    }

    private static Map<String, float[]> gradients(BertModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager s = model.manager().newSubManager()) {
            model.lora().trainableParameters().forEach((k, v) -> out.put(k, Gradients.of(v, s).toFloatArray()));
        }
        return out;
    }

    private static float lossAndBackward(BertModel model, List<Example> batch, boolean viaInputs, boolean bucketed) {
        try (NDManager s = model.manager().newSubManager(); GradientCollector gc = ThreadGradientCollector.open()) {
            NDArray loss;
            if (viaInputs) {
                LossInputs in = model.lossInputs(batch);
                LossInputs used = bucketed ? in.bucketed(GraphedForwardBackward.BUCKET) : in;
                loss = used.loss(s, used.toDevice(s), false);
            } else {
                loss = model.loss(s, batch, false);
            }
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    @Test
    void theHostAndDeviceHalvesComputeTheOnePieceLossBitForBit() {
        List<Example> data = rows(6, 1);
        try (NDManager m = NDManager.newBaseManager(); BertModel model = model(m, Device.cpu(), 0.1, data)) {
            Map<String, NDArray> trainable = model.lora().trainableParameters();
            float onePiece = lossAndBackward(model, data, false, false);
            Map<String, float[]> g1 = gradients(model);
            Gradients.zero(trainable);
            float halves = lossAndBackward(model, data, true, false);
            Map<String, float[]> g2 = gradients(model);
            assertEquals(onePiece, halves, 0f);
            g1.forEach((k, v) -> org.junit.jupiter.api.Assertions.assertArrayEquals(v, g2.get(k), 0f, k));
        }
    }

    @Test
    void paddingToTheLengthBucketChangesNeitherLossNorGradient() {
        List<Example> data = rows(6, 2);
        try (NDManager m = NDManager.newBaseManager(); BertModel model = model(m, Device.cpu(), 0.1, data)) {
            LossInputs in = model.lossInputs(data);
            LossInputs bucketed = in.bucketed(GraphedForwardBackward.BUCKET);
            assertNotEquals(in.shapeKey(), bucketed.shapeKey());
            assertTrue(bucketed.shapeKey().startsWith("6x32/"), bucketed.shapeKey()); // rows ≤ 18 tokens → 32
            Map<String, NDArray> trainable = model.lora().trainableParameters();
            float plain = lossAndBackward(model, data, true, false);
            Map<String, float[]> g1 = gradients(model);
            Gradients.zero(trainable);
            float padded = lossAndBackward(model, data, true, true);
            Map<String, float[]> g2 = gradients(model);
            assertEquals(plain, padded, 1e-6f * Math.abs(plain));
            g1.forEach((k, v) -> {
                float[] w = g2.get(k);
                for (int i = 0; i < v.length; i++) {
                    assertEquals(v[i], w[i], 1e-5f * (1 + Math.abs(v[i])), k + "[" + i + "]");
                }
            });
        }
    }

    @Test
    void aBucketNeverPadsPastTheModelsPositions() {
        // 64 positions; a row of 52 tokens ([CLS] f c×47 answer: [MASK] [SEP]) rounds up to 64 with
        // buckets of 32, and to 64 (not 96) with buckets of 48
        StringBuilder input = new StringBuilder("f");
        for (int w = 0; w < 47; w++) {
            input.append(" c");
        }
        List<Example> data = List.of(new Example("long", input.append(" answer:").toString(), "f"));
        try (NDManager m = NDManager.newBaseManager(); BertModel model = model(m, Device.cpu(), 0.1, data)) {
            model.setMaxInputTokens(64);
            String key = model.lossInputs(data).bucketed(GraphedForwardBackward.BUCKET).shapeKey();
            assertTrue(key.startsWith("1x64/"), key);
            assertTrue(model.lossInputs(data).bucketed(48).shapeKey().startsWith("1x64/"));
            assertTrue(model.lossInputs(data).shapeKey().startsWith("1x52/"), model.lossInputs(data).shapeKey());
        }
    }

    @Test
    void labelTokenLossHasNoDeviceHalf() {
        List<Example> data = rows(2, 3);
        try (NDManager m = NDManager.newBaseManager(); BertModel model = model(m, Device.cpu(), 0.1, data)) {
            assertNotNull(model.lossInputs(data));
            model.prepareTasks(List.of(Task.of("t", data, data, MetricKind.EXACT_MATCH)), LabelLoss.LABELS);
            assertNull(model.lossInputs(data));
        }
    }

    @Test
    void withoutAGpuScopeEveryStepRunsOpByOp() {
        List<Example> data = rows(4, 4);
        try (NDManager m = NDManager.newBaseManager(); BertModel model = model(m, Device.cpu(), 0.0, data);
                GraphedForwardBackward fb = GraphedForwardBackward.open(model, true)) {
            assertFalse(fb.graphsOn());
            float expected = lossAndBackward(model, data, false, false);
            Map<String, float[]> g1 = gradients(model);
            Gradients.zero(model.lora().trainableParameters());
            float got;
            try (NDManager s = model.manager().newSubManager()) {
                got = fb.lossAndBackward(s, data, (loss, sc) -> loss).getFloat();
            }
            // training mode with dropout 0 is the evaluation-mode function
            assertEquals(expected, got, 0f);
            Map<String, float[]> g2 = gradients(model);
            g1.forEach((k, v) -> org.junit.jupiter.api.Assertions.assertArrayEquals(v, g2.get(k), 0f, k));
            assertEquals(0, fb.captures());
            assertTrue(fb.summary().startsWith("CUDA graphs: off"), fb.summary());
        }
    }

    // ---- on a GPU ----

    private static Device gpuOrSkip() {
        Device d = Device.fromName(System.getProperty("tasl.test.device", "cpu"));
        assumeTrue(d.isGpu() && CudaStreamScope.available(d), "CUDA graphs need a GPU and the project's native library"
                + " (run with -Dtasl.test.device=gpu from the GPU bundle: native/bench/device_compare.sh)");
        return d;
    }

    /** Losses of consecutive AdamW steps over {@code batches}, graphed or op by op. */
    private static float[] train(BertModel model, List<List<Example>> batches, boolean graphs,
            GraphedForwardBackward[] keep) {
        Map<String, NDArray> trainable = model.lora().trainableParameters();
        NDArray[] params = model.parameters().values().toArray(NDArray[]::new);
        float[] losses = new float[batches.size()];
        try (AdamW opt = AdamW.withDefaults(model.manager(), 0f);
                GraphedForwardBackward fb = GraphedForwardBackward.open(model, graphs)) {
            keep[0] = fb;
            Gradients.zero(trainable);
            for (int i = 0; i < batches.size(); i++) {
                try (NDManager s = model.manager().newSubManager()) {
                    s.tempAttachAll(params);
                    NDArray loss = fb.lossAndBackward(s, batches.get(i), (l, sc) -> l);
                    losses[i] = loss.getFloat();
                    opt.step(trainable, Gradients.collect(trainable, s), 1e-2f);
                    Gradients.zero(trainable);
                }
            }
        }
        return losses;
    }

    @Test
    void replayedGraphsTrainLikeOpByOpSteps() {
        Device gpu = gpuOrSkip();
        List<Example> a = rows(4, 5);
        List<Example> b = rows(3, 6); // another row count: another shape
        List<List<Example>> batches = List.of(a, a, a, b, a, b, b);
        List<Example> all = new ArrayList<>(a);
        all.addAll(b);
        try (NDManager m = NDManager.newBaseManager(); CudaStreamScope stream = CudaStreamScope.enter(gpu);
                BertModel eager = model(m, gpu, 0.0, all); BertModel graphed = model(m, gpu, 0.0, all)) {
            GraphedForwardBackward[] fb = new GraphedForwardBackward[1];
            float[] expected = train(eager, batches, false, fb);
            assertEquals(0, fb[0].captures());
            float[] got = train(graphed, batches, true, fb);
            // shape a: op by op, captured (+ replayed), replayed ×2; shape b: op by op, captured, replayed
            assertEquals(2, fb[0].captures(), fb[0].summary());
            assertEquals(5, fb[0].replays(), fb[0].summary());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 1e-4f * (1 + Math.abs(expected[i])), "step " + i);
            }
            Map<String, NDArray> p1 = eager.lora().trainableParameters();
            Map<String, NDArray> p2 = graphed.lora().trainableParameters();
            p1.forEach((k, v) -> {
                float[] x = v.toFloatArray();
                float[] y = p2.get(k).toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(x[i], y[i], 1e-4f * (1 + Math.abs(x[i])), k + "[" + i + "]");
                }
            });
        }
    }

    @Test
    void graphMemoryStaysFlatTaskAfterTask() {
        // each task captures its own graphs (two shapes) and frees them at its end; a run of many
        // tasks must not hold one task's graph memory more per task (15 tasks × 3 runs once did)
        Device gpu = gpuOrSkip();
        List<Example> a = rows(4, 8);
        List<Example> b = rows(3, 9);
        List<Example> all = new ArrayList<>(a);
        all.addAll(b);
        try (NDManager m = NDManager.newBaseManager(); CudaStreamScope stream = CudaStreamScope.enter(gpu);
                BertModel model = model(m, gpu, 0.1, all)) {
            GraphedForwardBackward[] fb = new GraphedForwardBackward[1];
            long[] allocated = new long[6];
            long[] reserved = new long[6];
            for (int task = 0; task < allocated.length; task++) {
                train(model, List.of(a, a, a, b, b, b), true, fb);
                assertEquals(2, fb[0].captures(), fb[0].summary());
                allocated[task] = org.tasl.nn.TaslNative.allocatedBytes(gpu);
                reserved[task] = org.tasl.nn.TaslNative.reservedBytes(gpu);
            }
            String seen = "allocated " + java.util.Arrays.toString(allocated) + ", reserved "
                    + java.util.Arrays.toString(reserved);
            System.out.println("graph memory task after task: " + seen);
            assertTrue(allocated[5] <= allocated[1], seen);
            assertTrue(reserved[5] <= reserved[1], seen);
        }
    }

    @Test
    void everyReplayDrawsFreshDropoutMasks() {
        Device gpu = gpuOrSkip();
        List<Example> a = rows(4, 7);
        try (NDManager m = NDManager.newBaseManager(); CudaStreamScope stream = CudaStreamScope.enter(gpu);
                BertModel model = model(m, gpu, 0.3, a);
                GraphedForwardBackward fb = GraphedForwardBackward.open(model, true)) {
            List<Float> losses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                try (NDManager s = model.manager().newSubManager()) {
                    losses.add(fb.lossAndBackward(s, a, (l, sc) -> l).getFloat());
                }
            }
            assertEquals(1, fb.captures(), fb.summary());
            // steps 2-5 are replays of one graph on one batch: only the dropout masks differ
            assertTrue(losses.subList(1, 5).stream().distinct().count() > 1, losses.toString());
        }
    }
}
