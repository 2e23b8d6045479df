package org.tasl.gpu;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Speed through DJL on a device, printed as one line per measurement ("key value unit") so the
 * device script can lay it beside the same measurement made in PyTorch:
 *
 * <pre>
 *   matmul [N...]           bf16 and fp32 N x N x N products, TFLOP/s
 *   lora B L [layers] [variant]   one LoRA training step of a BERT-base-sized encoder (bf16), tokens/s,
 *                                 and the device memory it used at its peak
 * </pre>
 *
 * Memory variants of the LoRA step, to see where DJL's extra device memory goes (issue 13:
 * 4.9 GB against 2.2 GB for Transformers + PEFT, both as nvidia-smi sees the process):
 * <ul>
 *   <li>{@code as-before}: as first measured: the float32 tensors the bf16 weights are cast
 *       from stay allocated (~0.45 GB for BERT-base), and every intermediate of the forward
 *       pass stays alive until the step's scope closes after the optimizer update;
 *   <li>{@code bf16-weights}: the float32 sources are freed once cast;
 *   <li>{@code layer-scopes} (default): also each layer's forward runs in a scope of its own
 *       that is closed when the layer is done, keeping only its output. Closing a DJL handle
 *       drops one reference: what autograd saved for the backward pass stays alive in libtorch,
 *       everything else (pre-activation sums, reshaped copies, views) is freed as Python's
 *       reference counting frees it in PyTorch.
 * </ul>
 *
 * The LoRA step is the same computation as the Transformers + PEFT reference (native/bench/
 * torch_reference.py): 12 layers, hidden 768, 12 heads, FFN 3072, LoRA r=8 alpha=16 on query and
 * value, a 2-way classifier on the first token, no dropout, AdamW on the LoRA matrices and the
 * classifier. Weights are random: speed does not depend on their values.
 */
public final class GpuBenchmark {

    /**
     * The LoRA step's data type: bf16 as in the PyTorch reference; {@code -Dtasl.bench.dtype=fp32}
     * lets the step run on DJL's own CPU library (which has no bf16) as a smoke test.
     */
    static final DataType STEP_TYPE = "fp32".equals(System.getProperty("tasl.bench.dtype")) ? DataType.FLOAT32
            : DataType.BFLOAT16;

    private GpuBenchmark() {}

    public static void main(String[] args) {
        Device device = Device.fromName(System.getProperty("tasl.bench.device", "gpu"));
        if (args.length == 0 || args[0].equals("matmul")) {
            List<Integer> sizes = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                sizes.add(Integer.parseInt(args[i]));
            }
            if (sizes.isEmpty()) {
                sizes = List.of(4096, 8192);
            }
            for (DataType t : new DataType[] {DataType.BFLOAT16, DataType.FLOAT32}) {
                for (int n : sizes) {
                    double tflops = matmul(device, t, n);
                    System.out.printf(Locale.ROOT, "djl matmul-%s-%d %.1f TFLOP/s%n", t == DataType.BFLOAT16 ? "bf16" : "fp32", n, tflops);
                }
            }
        } else if (args[0].equals("lora")) {
            int batch = Integer.parseInt(args[1]);
            int seq = Integer.parseInt(args[2]);
            int layers = args.length > 3 ? Integer.parseInt(args[3]) : 12;
            Variant variant = args.length > 4 ? Variant.parse(args[4]) : Variant.LAYER_SCOPES;
            double[] r = loraStep(device, batch, seq, layers, variant);
            String suffix = variant == Variant.LAYER_SCOPES ? "" : "-" + variant.label;
            System.out.printf(Locale.ROOT, "djl lora-step-b%d-l%d%s %.0f tokens/s%n", batch, seq, suffix, r[0]);
            if (!Double.isNaN(r[1])) {
                System.out.printf(Locale.ROOT, "djl lora-peak-used-%s %.2f GiB%n", variant.label, r[1]);
            }
        } else {
            System.err.println("usage: GpuBenchmark matmul [N...] | lora BATCH SEQ [LAYERS] [as-before|bf16-weights|layer-scopes]");
            System.exit(2);
        }
    }

    /** Waits for the device: reading one element back is a synchronising copy. */
    static void sync(NDArray a) {
        a.get(new NDIndex("0")).flatten().get(0).toType(DataType.FLOAT32, false).getFloat();
    }

    static double matmul(Device device, DataType type, int n) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n)).toType(type, false);
            NDArray b = m.randomNormal(new Shape(n, n)).toType(type, false);
            int iters = type == DataType.BFLOAT16 ? (n >= 8192 ? 50 : 200) : (n >= 8192 ? 10 : 50);
            for (int i = 0; i < 5; i++) {
                a.matMul(b).close();
            }
            sync(a);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                NDArray c = null;
                for (int i = 0; i < iters; i++) {
                    if (c != null) {
                        c.close();
                    }
                    c = a.matMul(b);
                }
                sync(c);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9 / iters);
                c.close();
            }
            return 2.0 * n * (double) n * n / best / 1e12;
        }
    }

    /** One encoder layer's frozen weights and LoRA adapters. */
    private record Layer(NDArray wq, NDArray bq, NDArray wk, NDArray bk, NDArray wv, NDArray bv, NDArray wo, NDArray bo,
            NDArray ln1g, NDArray ln1b, NDArray w1, NDArray b1, NDArray w2, NDArray b2, NDArray ln2g, NDArray ln2b,
            NDArray qa, NDArray qb, NDArray va, NDArray vb) {}

    /** How the LoRA step holds its memory (see the class comment). */
    enum Variant {
        AS_BEFORE("as-before"), BF16_WEIGHTS("bf16-weights"), LAYER_SCOPES("layer-scopes");

        final String label;

        Variant(String label) {
            this.label = label;
        }

        static Variant parse(String s) {
            for (Variant v : values()) {
                if (v.label.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown LoRA step variant '" + s + "': as-before, bf16-weights or layer-scopes");
        }
    }

    /**
     * Device memory in use on the card now, in bytes (cudaMemGetInfo: what nvidia-smi shows for
     * all processes); NaN off CUDA.
     */
    static double deviceUsedBytes(Device device) {
        if (!device.isGpu()) {
            return Double.NaN;
        }
        try {
            return ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getUsed();
        } catch (RuntimeException | LinkageError e) {
            return Double.NaN; // no CUDA runtime reachable through JNA: nvidia-smi's reading still stands
        }
    }

    /** Tokens per second, and the peak device memory the step used above the card's use before it (GiB; NaN off CUDA). */
    static double[] loraStep(Device device, int batch, int seq, int layers, Variant variant) {
        final int hidden = 768;
        final int heads = 12;
        final int ffn = 3072;
        final int rank = 8;
        final float scaling = 16f / rank;
        final int vocab = 30522;
        DataType bf = STEP_TYPE;
        double idle = deviceUsedBytes(device);
        double peak = idle;
        try (NDManager m = NDManager.newBaseManager(device)) {
            Engine.getInstance().setRandomSeed(0);
            boolean keepFp32 = variant == Variant.AS_BEFORE;
            NDArray emb = w(m, vocab, hidden, keepFp32);
            NDArray pos = w(m, 512, hidden, keepFp32);
            NDArray lng = m.ones(new Shape(hidden), bf);
            NDArray lnb = m.zeros(new Shape(hidden), bf);
            List<Layer> stack = new ArrayList<>();
            List<NDArray> trainable = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                Layer layer = new Layer(w(m, hidden, hidden, keepFp32), m.zeros(new Shape(hidden), bf),
                        w(m, hidden, hidden, keepFp32), m.zeros(new Shape(hidden), bf),
                        w(m, hidden, hidden, keepFp32), m.zeros(new Shape(hidden), bf),
                        w(m, hidden, hidden, keepFp32), m.zeros(new Shape(hidden), bf),
                        m.ones(new Shape(hidden), bf), m.zeros(new Shape(hidden), bf), w(m, hidden, ffn, keepFp32),
                        m.zeros(new Shape(ffn), bf), w(m, ffn, hidden, keepFp32), m.zeros(new Shape(hidden), bf),
                        m.ones(new Shape(hidden), bf), m.zeros(new Shape(hidden), bf),
                        w(m, hidden, rank, keepFp32), m.zeros(new Shape(rank, hidden), bf),
                        w(m, hidden, rank, keepFp32), m.zeros(new Shape(rank, hidden), bf));
                stack.add(layer);
                trainable.addAll(List.of(layer.qa(), layer.qb(), layer.va(), layer.vb()));
            }
            NDArray pooler = w(m, hidden, hidden, keepFp32);
            NDArray cls = w(m, hidden, 2, keepFp32);
            NDArray clsBias = m.zeros(new Shape(2), bf);
            trainable.add(cls);
            trainable.add(clsBias);
            for (NDArray p : trainable) {
                p.setRequiresGradient(true);
            }
            Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-4f)).build();
            NDArray ids = m.randomInteger(0, vocab, new Shape(batch, seq), DataType.INT64);
            NDArray labels = m.randomInteger(0, 2, new Shape(batch), DataType.INT64);
            NDArray positions = m.arange(seq).toType(DataType.INT64, false);
            int warmup = 3;
            int steps = 10;
            long t0 = 0;
            for (int step = 0; step < warmup + steps; step++) {
                if (step == warmup) {
                    sync(cls);
                    t0 = System.nanoTime();
                }
                try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // results attach to their first operand's manager: root the step's graph in s
                    NDArray tokens = emb.get(ids);
                    tokens.attach(s);
                    NDArray where = pos.get(positions);
                    where.attach(s);
                    NDArray h = tokens.add(where);
                    h = LayerNorm.layerNorm(h, new Shape(hidden), lng, lnb, 1e-12f).singletonOrThrow();
                    for (Layer ly : stack) {
                        if (variant != Variant.LAYER_SCOPES) {
                            h = layer(h, ly, batch, seq, heads, hidden, scaling);
                            continue;
                        }
                        try (NDManager layerScope = s.newSubManager()) {
                            // h and everything computed from it belong to the layer's scope until it closes
                            layerScope.tempAttachAll(h);
                            NDArray out = layer(h, ly, batch, seq, heads, hidden, scaling);
                            out.attach(s);
                            h = out;
                        }
                    }
                    NDArray first = h.get(new NDIndex(":, 0, :"));
                    NDArray logits = first.matMul(pooler).tanh().matMul(cls).add(clsBias).toType(DataType.FLOAT32, false);
                    NDArray loss = logits.logSoftmax(-1).get(new NDIndex().addAllDim().addPickDim(labels)).neg().mean();
                    peak = Math.max(peak, deviceUsedBytes(device));
                    gc.backward(loss);
                    peak = Math.max(peak, deviceUsedBytes(device));
                    for (int i = 0; i < trainable.size(); i++) {
                        NDArray p = trainable.get(i);
                        NDArray g = p.getGradient();
                        adamW.update("p" + i, p, g);
                        g.close();
                    }
                }
            }
            sync(cls);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new double[] {(double) batch * seq * steps / seconds, (peak - idle) / (1L << 30)};
        }
    }

    /** One encoder layer's forward: attention with LoRA on query and value, then the feed-forward block. */
    private static NDArray layer(NDArray h, Layer ly, int batch, int seq, int heads, int hidden, float scaling) {
        NDArray q = h.matMul(ly.wq()).add(ly.bq()).add(h.matMul(ly.qa()).matMul(ly.qb()).mul(scaling));
        NDArray k = h.matMul(ly.wk()).add(ly.bk());
        NDArray v = h.matMul(ly.wv()).add(ly.bv()).add(h.matMul(ly.va()).matMul(ly.vb()).mul(scaling));
        q = q.reshape(batch, seq, heads, hidden / heads).transpose(0, 2, 1, 3);
        k = k.reshape(batch, seq, heads, hidden / heads).transpose(0, 2, 3, 1);
        v = v.reshape(batch, seq, heads, hidden / heads).transpose(0, 2, 1, 3);
        NDArray att = q.matMul(k).mul((float) (1.0 / Math.sqrt(hidden / heads))).softmax(-1);
        NDArray ctx = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seq, hidden);
        NDArray a = ctx.matMul(ly.wo()).add(ly.bo()).add(h);
        NDArray h1 = LayerNorm.layerNorm(a, new Shape(hidden), ly.ln1g(), ly.ln1b(), 1e-12f).singletonOrThrow();
        NDArray f = Activation.gelu(h1.matMul(ly.w1()).add(ly.b1())).matMul(ly.w2()).add(ly.b2()).add(h1);
        return LayerNorm.layerNorm(f, new Shape(hidden), ly.ln2g(), ly.ln2b(), 1e-12f).singletonOrThrow();
    }

    /**
     * A random bf16 weight [in, out]. It is drawn in float32 and cast; {@code keepFp32} leaves the
     * float32 draw allocated in {@code m} as the first version of this benchmark did.
     */
    private static NDArray w(NDManager m, int in, int out, boolean keepFp32) {
        NDArray fp32 = m.randomNormal(0f, 0.02f, new Shape(in, out), DataType.FLOAT32);
        NDArray bf16 = fp32.toType(STEP_TYPE, false);
        if (!keepFp32 && bf16 != fp32) { // toType to its own type returns the same array
            fp32.close();
        }
        return bf16;
    }
}
