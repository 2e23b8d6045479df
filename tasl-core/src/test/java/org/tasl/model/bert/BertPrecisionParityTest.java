package org.tasl.model.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;
import org.tasl.lora.LoraConfig;
import org.tasl.model.Precision;
import org.tasl.nn.TaslNative;
import org.tasl.nn.TensorSource;

/**
 * bf16 mixed precision against the fp32 path on the same weights (issue 17): frozen weights
 * become bfloat16, LoRA matrices and their gradients stay float32, and the loss, the LoRA
 * gradients and rank-classification scores agree within bf16's rounding.
 *
 * <p>Tolerances (bf16 keeps 8 significant bits, relative rounding 2^-9 ≈ 0.2 % per value, and
 * a 2-layer encoder compounds a few of them): loss within 2 % relative, each LoRA gradient
 * within 10 % relative L2 error, or, for a gradient under a tenth of the largest, within 1 % of
 * the largest (query gradients pass through the softmax's derivative, a difference of near-equal
 * terms, so they carry the largest error), candidate scores within
 * 0.05 + 2 % of their magnitude. A cut gradient (a conversion off the autograd tape) errs by 100 %.
 *
 * <p>Runs only on the project's native library ({@code PYTORCH_LIBRARY_PATH} from
 * {@code ./tasl native build}, or on the GPU with {@code -Dtasl.test.device=gpu}): DJL 0.36's
 * official CPU natives have no bfloat16 mapping and abort the JVM on the first bf16 tensor, and
 * they cut autograd at dtype conversions.
 */
class BertPrecisionParityTest {
    private static final List<Example> BATCH = List.of(new Example("0", "a b c d e", "f"),
            new Example("1", "g h i", "j"), new Example("2", "k l m n o a b", "c"));

    private static Device device() {
        return Device.fromName(System.getProperty("tasl.test.device", "cpu"));
    }

    private static void requireOurNatives() {
        Assumptions.assumeTrue(TaslNative.loaded(),
                "bf16 parity needs the project's native library (DJL 0.36's official CPU natives abort the JVM on"
                        + " bfloat16): run with PYTORCH_LIBRARY_PATH from native/build (./tasl native build), or on the"
                        + " GPU bundle with -Dtasl.test.device=gpu (native/bench/device_run.sh)");
    }

    /** Measured with torch 1.13 on the CPU through our library: at most 0.063 (layer 0 query A). */
    private static final double GRADIENT_TOLERANCE = 0.10;
    /**
     * A gradient under this share of the largest one's norm may err by more than
     * {@link #GRADIENT_TOLERANCE} of itself as long as the error stays under that tolerance of the
     * largest gradient × this share (1 % of it). Fused attention on the H200 (torch 2.11, bf16)
     * reproduces layer 1's query gradients only within 22–45 % of themselves, eager attention
     * within 10 % (docs/results/gpu-h200-20261203d): the fused kernels take the softmax's backward
     * from the bf16-rounded output, and this tiny model's query gradients are a difference of
     * near-equal terms; on random BERT-base-sized attention inputs every kernel's bf16 query
     * gradient is within 0.6 % of float64 (sdpa_probe.txt there).
     */
    private static final double SMALL_SHARE = 0.1;

    private record Pass(float loss, Map<String, float[]> grads, float[][] scores) {}

    private static Pass pass(BertModel model) {
        try (NDManager scope = model.manager().newSubManager()) {
            Map<String, NDArray> trainable = model.lora().trainableParameters();
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = model.loss(scope, BATCH, false);
                assertEquals(DataType.FLOAT32, l.getDataType(), "the loss is taken in fp32");
                gc.backward(l);
                loss = l.getFloat();
            }
            Map<String, float[]> grads = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(scope);
                assertEquals(DataType.FLOAT32, e.getValue().getDataType(), e.getKey() + " stays fp32");
                assertEquals(DataType.FLOAT32, g.getDataType(), "gradient of " + e.getKey() + " is fp32");
                grads.put(e.getKey(), g.toFloatArray());
                g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
            }
            float[][] scores = model.scoreCandidates(scope, List.of("a b c", "d e f g"), List.of("h", "i", "j k"));
            return new Pass(loss, grads, scores);
        }
    }

    @Test
    void bf16FrozenWeightsMatchTheFp32PathWithinTolerance() {
        requireOurNatives();
        try (NDManager m = NDManager.newBaseManager(device())) {
            Map<String, NDArray> ckpt = TinyBert.randomCheckpoint(m, true, n -> true);
            // TinyBert's N(0, 0.5²) projections saturate the softmax of a 16-wide model, where the query
            // gradient is a difference of near-equal terms and rounding of any kind dominates it; at a
            // trained model's scale (here 0.1) attention is soft, as in BERT-base
            ckpt.replaceAll((name, w) -> name.contains("attention.self") && name.endsWith("weight") ? w.mul(0.2f) : w);
            BertModel model = new BertModel("tiny", TinyBert.config(), new WordListTokenizer(TinyBert.WORDS), device(),
                    TensorSource.of(ckpt), "tiny");
            try (model) {
                model.lora().addAdapter("t", LoraConfig.defaults().withDropout(0f));
                // B = 0 at initialisation would make every A gradient 0: give B values so both are tested
                for (Map.Entry<String, NDArray> e : model.lora().trainableParameters().entrySet()) {
                    if (e.getKey().contains("lora_B")) {
                        NDArray b = e.getValue();
                        b.muli(0f).addi(0.1f); // B = 0.1 everywhere, in place (its gradient flag is kept)
                    }
                }
                Pass fp32 = pass(model);
                model.setPrecision(Precision.BF16);
                assertEquals(Precision.BF16, model.precision());
                assertEquals(DataType.BFLOAT16,
                        model.parameters().get("bert.encoder.layer.0.attention.self.query.weight").getDataType());
                assertEquals(DataType.BFLOAT16, model.parameters().get("bert.embeddings.word_embeddings.weight").getDataType());
                Pass bf16 = pass(model);

                assertTrue(Math.abs(bf16.loss() - fp32.loss()) <= 0.02 * Math.abs(fp32.loss()),
                        "loss fp32 " + fp32.loss() + " vs bf16 " + bf16.loss());
                StringBuilder errors = new StringBuilder();
                double largest = 0;
                for (float[] g : fp32.grads().values()) {
                    largest = Math.max(largest, norm(g));
                }
                boolean within = true;
                for (String name : fp32.grads().keySet()) {
                    float[] ref = fp32.grads().get(name);
                    double err = relL2(ref, bf16.grads().get(name));
                    double share = norm(ref) / largest;
                    // within 10 % of its own norm, or (a gradient under a tenth of the largest) within
                    // 1 % of the largest: what an AdamW step of the whole set can feel
                    boolean ok = err <= GRADIENT_TOLERANCE || err * share <= GRADIENT_TOLERANCE * SMALL_SHARE;
                    within &= ok;
                    errors.append(String.format(java.util.Locale.ROOT, "%n  %s %.4f (norm %.3g of the largest)%s", name, err,
                            share, ok ? "" : " <-"));
                }
                System.out.println("bf16 vs fp32: loss " + fp32.loss() + " / " + bf16.loss() + ", gradient errors:" + errors);
                assertTrue(within, "relative L2 errors of the LoRA gradients:" + errors);
                for (int i = 0; i < fp32.scores().length; i++) {
                    for (int c = 0; c < fp32.scores()[i].length; c++) {
                        float a = fp32.scores()[i][c];
                        float b = bf16.scores()[i][c];
                        assertTrue(Math.abs(a - b) <= 0.05 + 0.02 * Math.abs(a), "score [" + i + "][" + c + "] " + a + " vs " + b);
                    }
                }
            }
        }
    }

    private static double norm(float[] x) {
        double sq = 0;
        for (float v : x) {
            sq += v * (double) v;
        }
        return Math.sqrt(sq);
    }

    private static double relL2(float[] ref, float[] x) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < ref.length; i++) {
            num += (ref[i] - x[i]) * (double) (ref[i] - x[i]);
            den += ref[i] * (double) ref[i];
        }
        assertTrue(den > 0, "reference gradient is all zero: the test would prove nothing");
        return Math.sqrt(num / den);
    }
}
