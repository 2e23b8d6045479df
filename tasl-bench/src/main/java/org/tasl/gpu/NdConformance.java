package org.tasl.gpu;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Conformance of a DJL PyTorch native library: every NDArray operation the project uses (and
 * the other common ones), autograd included, run on one device and compared with values recorded
 * on another (DJL's official CPU natives).
 *
 * <pre>
 *   record FILE            run every case on the CPU, write the results to FILE
 *   check FILE [DEVICE]    run every case on DEVICE (default gpu), compare with FILE; exit 1 on a mismatch
 * </pre>
 *
 * Inputs are generated from fixed seeds on the host and copied to the device, so both sides see
 * the same numbers. Random-number cases compare statistics and seeded reproducibility, since CPU
 * and CUDA generators differ by design.
 */
public final class NdConformance {

    /** One case: name, relative tolerance, and the computation (returns one array). */
    private record Case(String name, double tol, Function<NDManager, NDArray> run) {}

    private static final double FP32 = 2e-5;
    private static final double LOOSE = 2e-3;
    private static final double BF16 = 2e-2;

    private NdConformance() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("record") || args[0].equals("check"))) {
            System.err.println("usage: NdConformance record FILE | check FILE [cpu|gpu]");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        if (args[0].equals("record")) {
            recording = true;
            Map<String, String> results = runAll(Device.cpu());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "conformance", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> e : results.entrySet()) {
                    w.write(e.getKey() + "\t" + e.getValue() + "\n");
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("recorded " + results.size() + " cases on " + Engine.getInstance().getVersion() + " -> " + file);
            return;
        }
        Device device = args.length > 2 && args[2].equals("cpu") ? Device.cpu() : Device.gpu();
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                expected.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        Map<String, Double> tolerances = new LinkedHashMap<>();
        for (Case c : cases()) {
            tolerances.put(c.name(), c.tol());
        }
        Map<String, String> actual = runAll(device);
        int pass = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> e : actual.entrySet()) {
            String want = expected.get(e.getKey());
            String verdict = want == null ? "no expected value recorded" : compare(want, e.getValue(), tolerances.get(e.getKey()));
            if (verdict == null) {
                pass++;
            } else {
                failures.add(e.getKey() + ": " + verdict);
            }
        }
        System.out.printf(Locale.ROOT, "conformance on %s (PyTorch %s): %d/%d cases match the CPU reference%n",
                device, Engine.getInstance().getVersion(), pass, actual.size());
        failures.forEach(f -> System.out.println("  MISMATCH " + f));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Runs every case; the value is "dtype|shape|v0,v1,..." or "ERROR|message". */
    static Map<String, String> runAll(Device device) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean trace = Boolean.getBoolean("tasl.conformance.trace");
        for (Case c : cases()) {
            if (trace) {
                System.err.println("case " + c.name());
            }
            try (NDManager m = NDManager.newBaseManager(device)) {
                NDArray r = c.run().apply(m);
                out.put(c.name(), encode(r));
            } catch (RuntimeException e) {
                String msg = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
                out.put(c.name(), "ERROR|" + msg.substring(0, Math.min(120, msg.length())));
            }
        }
        return out;
    }

    static String encode(NDArray r) {
        NDArray host = r.toDevice(Device.cpu(), false).toType(DataType.FLOAT64, false);
        StringBuilder sb = new StringBuilder();
        sb.append(r.getDataType()).append('|').append(r.getShape()).append('|');
        double[] v = host.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    /** Null when equal within tol (relative to the largest magnitude), else what differs. */
    static String compare(String want, String got, double tol) {
        String[] w = want.split("\\|", -1);
        String[] g = got.split("\\|", -1);
        if (w[0].equals("ERROR") || g[0].equals("ERROR")) {
            return w[0].equals(g[0]) ? null : "expected " + want + " got " + got;
        }
        boolean lowPrecision = tol >= BF16;
        if (!(w[0].equals(g[0]) || lowPrecision) || !w[1].equals(g[1])) {
            return "dtype/shape " + w[0] + " " + w[1] + " vs " + g[0] + " " + g[1];
        }
        String[] wv = w[2].isEmpty() ? new String[0] : w[2].split(",");
        String[] gv = g[2].isEmpty() ? new String[0] : g[2].split(",");
        if (wv.length != gv.length) {
            return "size " + wv.length + " vs " + gv.length;
        }
        double scale = 1e-6;
        for (String s : wv) {
            scale = Math.max(scale, Math.abs(Double.parseDouble(s)));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < wv.length; i++) {
            double a = Double.parseDouble(wv[i]);
            double b = Double.parseDouble(gv[i]);
            if (Double.isNaN(a) && Double.isNaN(b) || a == b) {
                continue;
            }
            double err = Math.abs(a - b) / scale;
            if (!(err <= worst)) {
                worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                at = i;
            }
        }
        return worst <= tol ? null : String.format(Locale.ROOT, "max rel err %.3g at %d (%s vs %s), tol %.1g", worst, at, wv[at], gv[at], tol);
    }

    /**
     * DJL's official 0.36 natives abort the JVM on bfloat16 (no mapping for the type), so the
     * reference is recorded in float32 and compared with the bfloat16 tolerance.
     */
    private static boolean recording;

    static DataType bf16() {
        return recording ? DataType.FLOAT32 : DataType.BFLOAT16;
    }

    // ---- inputs -----------------------------------------------------------------------------
    static NDArray rand(NDManager m, long seed, float lo, float hi, long... shape) {
        Random r = new Random(seed);
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return m.create(v, new Shape(shape));
    }

    static NDArray x(NDManager m) { return rand(m, 1, -2f, 2f, 4, 6); }

    static NDArray y(NDManager m) { return rand(m, 2, -2f, 2f, 4, 6); }

    static NDArray pos(NDManager m) { return rand(m, 3, 0.1f, 3f, 4, 6); }

    static NDArray w(NDManager m) { return rand(m, 4, -1f, 1f, 6, 5); }

    static NDArray ids(NDManager m) { return m.create(new long[] {3, 0, 5, 1, 1, 4}, new Shape(2, 3)); }

    static NDArray cat(NDList parts) {
        NDList flat = new NDList();
        for (NDArray p : parts) {
            flat.add(p.toType(DataType.FLOAT32, false).flatten());
        }
        return NDArrays.concat(flat);
    }

    /** Gradient of loss(input) with respect to input. */
    static NDArray grad(NDArray input, Function<NDArray, NDArray> loss) {
        input.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.apply(input);
            gc.backward(l);
        }
        return input.getGradient().duplicate();
    }

    // ---- the cases ----------------------------------------------------------------------------
    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // elementwise arithmetic
        c.add(new Case("add", FP32, m -> x(m).add(y(m))));
        c.add(new Case("add-broadcast", FP32, m -> x(m).add(rand(m, 9, -1, 1, 1, 6))));
        c.add(new Case("sub", FP32, m -> x(m).sub(y(m))));
        c.add(new Case("mul", FP32, m -> x(m).mul(y(m))));
        c.add(new Case("div", FP32, m -> x(m).div(pos(m))));
        c.add(new Case("add-scalar", FP32, m -> x(m).add(1.5f)));
        c.add(new Case("mul-scalar", FP32, m -> x(m).mul(-0.25f)));
        c.add(new Case("rsub-scalar", FP32, m -> x(m).getNDArrayInternal().rsub(3f)));
        c.add(new Case("rdiv-scalar", FP32, m -> pos(m).getNDArrayInternal().rdiv(2f)));
        c.add(new Case("addi", FP32, m -> x(m).addi(y(m))));
        c.add(new Case("subi", FP32, m -> x(m).subi(y(m))));
        c.add(new Case("muli", FP32, m -> x(m).muli(y(m))));
        c.add(new Case("divi", FP32, m -> x(m).divi(pos(m))));
        c.add(new Case("negi", FP32, m -> x(m).negi()));
        c.add(new Case("pow", FP32, m -> pos(m).pow(y(m))));
        c.add(new Case("pow-scalar", FP32, m -> x(m).pow(3)));
        c.add(new Case("mod", FP32, m -> x(m).mod(0.7f)));
        c.add(new Case("neg", FP32, m -> x(m).neg()));
        c.add(new Case("abs", FP32, m -> x(m).abs()));
        c.add(new Case("square", FP32, m -> x(m).square()));
        c.add(new Case("sqrt", FP32, m -> pos(m).sqrt()));
        c.add(new Case("exp", FP32, m -> x(m).exp()));
        c.add(new Case("log", FP32, m -> pos(m).log()));
        c.add(new Case("log10", FP32, m -> pos(m).log10()));
        c.add(new Case("log2", FP32, m -> pos(m).log2()));
        c.add(new Case("sin", FP32, m -> x(m).sin()));
        c.add(new Case("cos", FP32, m -> x(m).cos()));
        c.add(new Case("tan", FP32, m -> x(m).mul(0.5f).tan()));
        c.add(new Case("asin", FP32, m -> x(m).mul(0.45f).asin()));
        c.add(new Case("acos", FP32, m -> x(m).mul(0.45f).acos()));
        c.add(new Case("atan", FP32, m -> x(m).atan()));
        c.add(new Case("atan2", FP32, m -> x(m).atan2(y(m))));
        c.add(new Case("sinh", FP32, m -> x(m).sinh()));
        c.add(new Case("cosh", FP32, m -> x(m).cosh()));
        c.add(new Case("tanh", FP32, m -> x(m).tanh()));
        c.add(new Case("sigmoid", FP32, m -> Activation.sigmoid(x(m))));
        c.add(new Case("erf", FP32, m -> x(m).erf()));
        c.add(new Case("erfinv", LOOSE, m -> x(m).mul(0.45f).erfinv()));
        c.add(new Case("gammaln", FP32, m -> pos(m).gammaln()));
        c.add(new Case("floor", FP32, m -> x(m).floor()));
        c.add(new Case("ceil", FP32, m -> x(m).ceil()));
        c.add(new Case("round", FP32, m -> x(m).mul(3).round()));
        c.add(new Case("trunc", FP32, m -> x(m).mul(3).trunc()));
        c.add(new Case("sign", FP32, m -> x(m).sign()));
        c.add(new Case("clip", FP32, m -> x(m).clip(-0.5f, 0.7f)));
        c.add(new Case("maximum", FP32, m -> x(m).maximum(y(m))));
        c.add(new Case("minimum", FP32, m -> x(m).minimum(y(m))));
        c.add(new Case("maximum-scalar", FP32, m -> x(m).maximum(0.1f)));
        // activations
        c.add(new Case("relu", FP32, m -> Activation.relu(x(m))));
        c.add(new Case("gelu", FP32, m -> Activation.gelu(x(m))));
        c.add(new Case("gelu-tanh-formula", FP32, m -> {
            NDArray a = x(m);
            return a.mul(0.5f).mul(a.add(a.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI)).tanh().add(1f));
        }));
        c.add(new Case("leaky-relu", FP32, m -> Activation.leakyRelu(x(m), 0.1f)));
        c.add(new Case("elu", FP32, m -> Activation.elu(x(m), 0.7f)));
        c.add(new Case("selu", FP32, m -> Activation.selu(x(m))));
        c.add(new Case("softplus", FP32, m -> Activation.softPlus(x(m))));
        c.add(new Case("softsign", FP32, m -> Activation.softSign(x(m))));
        c.add(new Case("silu", FP32, m -> x(m).mul(Activation.sigmoid(x(m)))));
        // products
        c.add(new Case("matmul", FP32, m -> x(m).matMul(w(m))));
        c.add(new Case("matmul-transposed", FP32, m -> x(m).matMul(y(m).transpose())));
        c.add(new Case("batch-matmul", FP32, m -> rand(m, 5, -1, 1, 3, 4, 6).batchMatMul(rand(m, 6, -1, 1, 3, 6, 5))));
        c.add(new Case("matmul-4d", FP32, m -> rand(m, 5, -1, 1, 2, 3, 4, 6).matMul(rand(m, 6, -1, 1, 2, 3, 6, 5))));
        c.add(new Case("dot-1d", FP32, m -> rand(m, 7, -1, 1, 8).dot(rand(m, 8, -1, 1, 8))));
        c.add(new Case("matmul-bf16", BF16, m -> x(m).toType(bf16(), false).matMul(w(m).toType(bf16(), false))));
        c.add(new Case("matmul-fp16", LOOSE, m -> x(m).toType(DataType.FLOAT16, false).matMul(w(m).toType(DataType.FLOAT16, false))));
        c.add(new Case("linear", FP32, m -> Linear.linear(x(m), w(m).transpose(), rand(m, 10, -1, 1, 5)).singletonOrThrow()));
        // softmax family, reductions, normalisation
        c.add(new Case("softmax-last", FP32, m -> x(m).softmax(-1)));
        c.add(new Case("softmax-0", FP32, m -> x(m).softmax(0)));
        c.add(new Case("log-softmax", FP32, m -> x(m).logSoftmax(-1)));
        c.add(new Case("sum", FP32, m -> x(m).sum()));
        c.add(new Case("sum-axis", FP32, m -> x(m).sum(new int[] {1})));
        c.add(new Case("sum-keepdims", FP32, m -> x(m).sum(new int[] {0}, true)));
        c.add(new Case("mean", FP32, m -> x(m).mean()));
        c.add(new Case("mean-axis", FP32, m -> x(m).mean(new int[] {1}, true)));
        c.add(new Case("max", FP32, m -> x(m).max()));
        c.add(new Case("max-axis", FP32, m -> x(m).max(new int[] {1})));
        c.add(new Case("min", FP32, m -> x(m).min()));
        c.add(new Case("min-axis", FP32, m -> x(m).min(new int[] {0})));
        c.add(new Case("prod", FP32, m -> pos(m).prod(new int[] {1})));
        c.add(new Case("argmax", FP32, m -> x(m).argMax(1)));
        c.add(new Case("argmin", FP32, m -> x(m).argMin(0)));
        c.add(new Case("argmax-all", FP32, m -> x(m).argMax()));
        c.add(new Case("cumsum", FP32, m -> x(m).cumSum(1)));
        c.add(new Case("cumprod", FP32, m -> pos(m).cumProd(1)));
        c.add(new Case("norm-l2", FP32, m -> x(m).norm()));
        c.add(new Case("norm-axis", FP32, m -> x(m).norm(2, new int[] {1}, false)));
        c.add(new Case("norm-l1", FP32, m -> x(m).norm(1, new int[] {0}, true)));
        c.add(new Case("variance-manual", FP32, m -> {
            NDArray a = x(m);
            NDArray mu = a.mean(new int[] {-1}, true);
            return a.sub(mu).square().mean(new int[] {-1}, true);
        }));
        c.add(new Case("layernorm", FP32, m -> LayerNorm.layerNorm(x(m), new Shape(6), rand(m, 11, 0.5f, 1.5f, 6), rand(m, 12, -1, 1, 6), 1e-5f).singletonOrThrow()));
        c.add(new Case("layernorm-manual", FP32, m -> {
            NDArray a = x(m);
            NDArray mu = a.mean(new int[] {-1}, true);
            NDArray var = a.sub(mu).square().mean(new int[] {-1}, true);
            return a.sub(mu).div(var.add(1e-12f).sqrt());
        }));
        c.add(new Case("rmsnorm-manual", FP32, m -> {
            NDArray a = x(m);
            return a.div(a.square().mean(new int[] {-1}, true).add(1e-6f).sqrt());
        }));
        c.add(new Case("normalize", FP32, m -> x(m).normalize(2, 1)));
        c.add(new Case("topk", FP32, m -> cat(x(m).topK(2, -1))));
        c.add(new Case("sort", FP32, m -> x(m).sort(-1)));
        c.add(new Case("argsort", FP32, m -> x(m).argSort(-1)));
        c.add(new Case("argsort-desc", FP32, m -> x(m).argSort(-1, false)));
        c.add(new Case("median", FP32, m -> rand(m, 13, -1, 1, 4, 5).median(new int[] {1})));
        // shape and indexing
        c.add(new Case("transpose", FP32, m -> x(m).transpose()));
        c.add(new Case("transpose-axes", FP32, m -> rand(m, 5, -1, 1, 2, 3, 4).transpose(2, 0, 1)));
        c.add(new Case("swap-axes", FP32, m -> rand(m, 5, -1, 1, 2, 3, 4).swapAxes(1, 2)));
        c.add(new Case("reshape", FP32, m -> x(m).reshape(3, -1)));
        c.add(new Case("expand-dims", FP32, m -> x(m).expandDims(1)));
        c.add(new Case("squeeze", FP32, m -> x(m).reshape(4, 1, 6).squeeze(1)));
        c.add(new Case("flatten", FP32, m -> rand(m, 5, -1, 1, 2, 3, 4).flatten(1, 2)));
        c.add(new Case("broadcast", FP32, m -> rand(m, 9, -1, 1, 1, 6).broadcast(4, 6)));
        c.add(new Case("get-slice", FP32, m -> x(m).get("1:3, ::2")));
        c.add(new Case("get-int", FP32, m -> x(m).get(2)));
        c.add(new Case("get-last", FP32, m -> x(m).get(":, -1")));
        c.add(new Case("get-index-array", FP32, m -> x(m).get(new NDIndex("{}", m.create(new long[] {3, 0, 0})))));
        c.add(new Case("get-boolean-mask", FP32, m -> x(m).get(x(m).gt(0))));
        c.add(new Case("set-slice", FP32, m -> {
            NDArray a = x(m);
            a.set(new NDIndex("1:3, 2"), 7f);
            return a;
        }));
        c.add(new Case("set-array", FP32, m -> {
            NDArray a = x(m);
            a.set(new NDIndex("0"), rand(m, 14, -1, 1, 6));
            return a;
        }));
        c.add(new Case("set-buffer", FP32, m -> {
            NDArray a = m.zeros(new Shape(2, 3));
            a.set(new float[] {1, 2, 3, 4, 5, 6});
            return a;
        }));
        c.add(new Case("set-scalar-index", FP32, m -> {
            NDArray a = x(m);
            a.setScalar(new NDIndex(1, 1), -9f);
            return a;
        }));
        c.add(new Case("concat", FP32, m -> NDArrays.concat(new NDList(x(m), y(m)), 1)));
        c.add(new Case("stack", FP32, m -> NDArrays.stack(new NDList(x(m), y(m)), 0)));
        c.add(new Case("split", FP32, m -> x(m).split(3, 1).get(2)));
        c.add(new Case("split-indices", FP32, m -> x(m).split(new long[] {1, 4}, 1).get(1)));
        c.add(new Case("repeat", FP32, m -> x(m).repeat(1, 2)));
        c.add(new Case("tile", FP32, m -> x(m).tile(new long[] {2, 1})));
        c.add(new Case("flip", FP32, m -> x(m).flip(1)));
        c.add(new Case("pad", FP32, m -> x(m).pad(new Shape(1, 2), 0.5)));
        c.add(new Case("diagonal", FP32, m -> rand(m, 15, -1, 1, 5, 5).diagonal()));
        c.add(new Case("gather", FP32, m -> x(m).gather(m.create(new long[] {0, 5, 2, 2, 1, 3, 4, 0}, new Shape(4, 2)), 1)));
        c.add(new Case("take", FP32, m -> x(m).take(m.create(new long[] {0, 23, 7}))));
        c.add(new Case("pick-cross-entropy", FP32, m -> x(m).logSoftmax(-1).get(new NDIndex().addAllDim().addPickDim(m.create(new long[] {1, 0, 5, 3})))));
        c.add(new Case("one-hot", FP32, m -> m.create(new long[] {3, 0, 2}).oneHot(4)));
        c.add(new Case("embedding", FP32, m -> rand(m, 16, -1, 1, 6, 4).getNDArrayInternal().embedding(ids(m), rand(m, 16, -1, 1, 6, 4), SparseFormat.DENSE).singletonOrThrow()));
        c.add(new Case("embedding-by-get", FP32, m -> rand(m, 16, -1, 1, 6, 4).get(ids(m).flatten())));
        c.add(new Case("nonzero", FP32, m -> x(m).gt(0.5f).nonzero()));
        // comparison and logic
        c.add(new Case("eq", FP32, m -> x(m).round().eq(y(m).round())));
        c.add(new Case("neq", FP32, m -> x(m).round().neq(y(m).round())));
        c.add(new Case("gt", FP32, m -> x(m).gt(y(m))));
        c.add(new Case("gte", FP32, m -> x(m).gte(0f)));
        c.add(new Case("lt", FP32, m -> x(m).lt(y(m))));
        c.add(new Case("lte", FP32, m -> x(m).lte(0.3f)));
        c.add(new Case("where", FP32, m -> NDArrays.where(x(m).gt(0), x(m), y(m))));
        c.add(new Case("logical-and", FP32, m -> x(m).gt(0).logicalAnd(y(m).gt(0))));
        c.add(new Case("logical-or", FP32, m -> x(m).gt(0).logicalOr(y(m).gt(0))));
        c.add(new Case("logical-xor", FP32, m -> x(m).gt(0).logicalXor(y(m).gt(0))));
        c.add(new Case("logical-not", FP32, m -> x(m).gt(0).logicalNot()));
        c.add(new Case("all-any", FP32, m -> NDArrays.stack(new NDList(x(m).gt(-5).all(), x(m).gt(1.9f).any()))));
        c.add(new Case("isnan-isinf", FP32, m -> NDArrays.stack(new NDList(x(m).div(x(m).gt(0).toType(DataType.FLOAT32, false)).isNaN(), x(m).div(m.zeros(new Shape(4, 6))).isInfinite()))));
        c.add(new Case("boolean-mask", FP32, m -> x(m).booleanMask(x(m).gt(0))));
        c.add(new Case("content-equals", FP32, m -> m.create(x(m).contentEquals(x(m).duplicate()) && !x(m).contentEquals(y(m)))));
        // creation and types
        c.add(new Case("zeros-ones-full", FP32, m -> NDArrays.concat(new NDList(m.zeros(new Shape(2, 3)), m.ones(new Shape(2, 3)), m.full(new Shape(2, 3), 2.5f)))));
        c.add(new Case("arange", FP32, m -> m.arange(0f, 5f, 0.5f)));
        c.add(new Case("arange-int", FP32, m -> m.arange(7)));
        c.add(new Case("linspace", FP32, m -> m.linspace(-1f, 1f, 9)));
        c.add(new Case("eye", FP32, m -> m.eye(3, 4, 1, DataType.FLOAT32)));
        c.add(new Case("zeros-like", FP32, m -> x(m).zerosLike().add(x(m).onesLike())));
        c.add(new Case("to-fp16", LOOSE, m -> x(m).toType(DataType.FLOAT16, false)));
        c.add(new Case("to-bf16", BF16, m -> x(m).toType(bf16(), false)));
        c.add(new Case("to-int32", FP32, m -> x(m).mul(3).toType(DataType.INT32, false)));
        c.add(new Case("to-int64-back", FP32, m -> x(m).mul(3).toType(DataType.INT64, false).toType(DataType.FLOAT32, false)));
        c.add(new Case("to-float64", FP32, m -> x(m).toType(DataType.FLOAT64, false).exp()));
        c.add(new Case("uint8-bool", FP32, m -> m.create(new byte[] {0, 1, 2, (byte) 255}).toType(DataType.BOOLEAN, false)));
        c.add(new Case("bf16-arith", BF16, m -> x(m).toType(bf16(), false).mul(y(m).toType(bf16(), false)).add(1f).softmax(-1)));
        c.add(new Case("bytes-roundtrip", FP32, m -> m.create(x(m).toFloatArray(), new Shape(4, 6))));
        c.add(new Case("duplicate", FP32, m -> x(m).duplicate()));
        // neural-network functionals
        c.add(new Case("conv2d", FP32, m -> Conv2d.conv2d(rand(m, 17, -1, 1, 2, 3, 6, 6), rand(m, 18, -1, 1, 4, 3, 3, 3), rand(m, 19, -1, 1, 4)).singletonOrThrow()));
        c.add(new Case("maxpool2d", FP32, m -> Pool.maxPool2d(rand(m, 17, -1, 1, 2, 3, 6, 6), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false)));
        c.add(new Case("avgpool2d", FP32, m -> Pool.avgPool2d(rand(m, 17, -1, 1, 2, 3, 6, 6), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true)));
        c.add(new Case("dropout-eval", FP32, m -> x(m).getNDArrayInternal().dropout(x(m), 0.5f, false).singletonOrThrow()));
        // autograd
        c.add(new Case("grad-matmul-tanh", FP32, m -> grad(w(m), wt -> x(m).matMul(wt).tanh().sum())));
        c.add(new Case("grad-input", FP32, m -> grad(x(m), a -> a.matMul(w(m)).square().mean())));
        c.add(new Case("grad-cross-entropy", FP32, m -> grad(x(m), a -> a.logSoftmax(-1).get(new NDIndex().addAllDim().addPickDim(m.create(new long[] {1, 0, 5, 3}))).neg().mean())));
        c.add(new Case("grad-softmax", FP32, m -> grad(x(m), a -> a.softmax(-1).mul(y(m)).sum())));
        c.add(new Case("grad-layernorm", FP32, m -> grad(rand(m, 11, 0.5f, 1.5f, 6), g -> LayerNorm.layerNorm(x(m), new Shape(6), g, rand(m, 12, -1, 1, 6), 1e-5f).singletonOrThrow().mul(y(m)).sum())));
        c.add(new Case("grad-gelu", FP32, m -> grad(x(m), a -> Activation.gelu(a).sum())));
        c.add(new Case("grad-sigmoid-exp-log", FP32, m -> grad(pos(m), a -> Activation.sigmoid(a).add(a.log()).add(a.mul(0.1f).exp()).sum())));
        c.add(new Case("grad-embedding", FP32, m -> grad(rand(m, 16, -1, 1, 6, 4), e -> e.getNDArrayInternal().embedding(ids(m), e, SparseFormat.DENSE).singletonOrThrow().square().sum())));
        c.add(new Case("grad-get-index", FP32, m -> grad(rand(m, 16, -1, 1, 6, 4), e -> e.get(ids(m).flatten()).sum())));
        c.add(new Case("grad-lora", FP32, m -> {
            NDArray a = rand(m, 20, -0.5f, 0.5f, 6, 2);
            NDArray b = rand(m, 21, -0.5f, 0.5f, 2, 5);
            NDArray ga = grad(a, aa -> x(m).matMul(w(m)).add(x(m).matMul(aa).matMul(b).mul(2f)).square().sum());
            return ga;
        }));
        c.add(new Case("grad-bf16-matmul", BF16, m -> grad(w(m).toType(bf16(), false), wt -> x(m).toType(bf16(), false).matMul(wt).toType(DataType.FLOAT32, false).sum())));
        c.add(new Case("grad-norm-div-sqrt-pow", FP32, m -> grad(pos(m), a -> a.div(a.norm()).add(a.sqrt()).add(a.pow(1.5f)).sum())));
        c.add(new Case("grad-where-max-clip", FP32, m -> grad(x(m), a -> NDArrays.where(a.gt(0), a.mul(2), a.clip(-1f, 1f)).max(new int[] {1}).sum())));
        c.add(new Case("adam-update", FP32, m -> {
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).optWeightDecays(0.01f).build();
            NDArray wt = w(m);
            adam.update("w", wt, rand(m, 22, -1, 1, 6, 5));
            adam.update("w", wt, rand(m, 23, -1, 1, 6, 5));
            return wt;
        }));
        c.add(new Case("sgd-update", FP32, m -> {
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).build();
            NDArray wt = w(m);
            sgd.update("w", wt, rand(m, 22, -1, 1, 6, 5));
            sgd.update("w", wt, rand(m, 23, -1, 1, 6, 5));
            return wt;
        }));
        // random numbers: statistics and seeded reproducibility
        c.add(new Case("uniform-stats", 0.05, m -> {
            Engine.getInstance().setRandomSeed(42);
            NDArray u = m.randomUniform(-1f, 1f, new Shape(200_000));
            return m.create(new float[] {u.mean().getFloat(), u.max().getFloat() <= 1f ? 1f : 0f, u.min().getFloat() >= -1f ? 1f : 0f,
                u.square().mean().getFloat() * 3f});
        }));
        c.add(new Case("normal-stats", 0.05, m -> {
            Engine.getInstance().setRandomSeed(42);
            NDArray n = m.randomNormal(0f, 2f, new Shape(200_000), DataType.FLOAT32);
            return m.create(new float[] {n.mean().getFloat() + 1f, n.square().mean().sqrt().getFloat()});
        }));
        c.add(new Case("seed-reproducible", FP32, m -> {
            Engine.getInstance().setRandomSeed(7);
            NDArray a = m.randomNormal(new Shape(64));
            Engine.getInstance().setRandomSeed(7);
            NDArray b = m.randomNormal(new Shape(64));
            return m.create(a.contentEquals(b));
        }));
        c.add(new Case("randint-range", FP32, m -> {
            NDArray r = m.randomInteger(0, 10, new Shape(10_000), DataType.INT64);
            return m.create(new boolean[] {r.min().getLong() >= 0, r.max().getLong() < 10});
        }));
        return c;
    }
}
