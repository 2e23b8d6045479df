package org.tasl.polyglot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.tasl.cl.ImportanceMetric;

/**
 * Prints what a script-written importance metric costs against the Java one, on the same
 * DJL tensors (the shapes of a MiniLM LoRA B matrix, a LoRA A matrix and a full 384×384
 * projection): microseconds per call of s = |w ⊙ g| for
 * <ul>
 *   <li>Java: {@code (w, g) -> w.mul(g).abs()} (what the engine's own metric does);</li>
 *   <li>Python, tensor arrays: {@code lambda w, g: abs(w * g)} through {@link GuestImportanceMetric};</li>
 *   <li>Python, list arrays: a list comprehension over copied floats;</li>
 *   <li>JavaScript, tensor arrays: {@code (w, g) => w.mul(g).abs()}.</li>
 * </ul>
 * Medians of interleaved rounds (the build machine is shared). Run (JDK 25 with the Graal JIT, as ./tasl starts the JVM; drop the JVMCI flags for the
 * interpreter): see python-bindings/README.md. Not a test: numbers, not assertions.
 */
public final class MetricOverheadBenchmark {

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.out.printf(Locale.ROOT, "polyglot runtime: %s (optimizing=%s), %d timed calls after warm-up%n",
                TaslPolyglot.engine().getImplementationName(), TaslPolyglot.isOptimizing(), iterations);
        try (Context py = TaslPolyglot.newPythonContext(System.in, System.out, System.err);
             Context js = TaslPolyglot.newJsContext(System.in, System.out, System.err);
             NDManager manager = NDManager.newBaseManager()) {
            py.eval("python", "import tasl\n"
                    + "tensor_metric = tasl.metric(lambda w, g: abs(w * g), name='taylor')\n"
                    + "list_metric = tasl.metric(lambda w, g: [abs(a * b) for a, b in zip(w, g)], arrays='list', name='taylor_list')\n");
            Value bindings = py.getBindings("python");
            ImportanceMetric pyTensor = bindings.getMember("tensor_metric").invokeMember("to_java").as(ImportanceMetric.class);
            ImportanceMetric pyList = bindings.getMember("list_metric").invokeMember("to_java").as(ImportanceMetric.class);
            ImportanceMetric jsTensor = js.eval("js", "tasl.metric((w, g) => w.mul(g).abs(), { name: 'taylor' }).toJava()")
                    .as(ImportanceMetric.class);
            ImportanceMetric java = (w, g) -> {
                try (NDArray wg = w.mul(g)) {
                    return wg.abs();
                }
            };

            System.out.printf(Locale.ROOT, "%-14s %10s %12s %12s %12s %12s%n", "shape", "elements",
                    "java us", "py-tensor us", "js-tensor us", "py-list us");
            for (Shape shape : new Shape[] {new Shape(384, 8), new Shape(8, 384), new Shape(384, 384)}) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray w = scope.randomNormal(shape);
                    NDArray g = scope.randomNormal(shape).mul(1e-3);
                    check(java, pyTensor, w, g);
                    int listIterations = Math.max(2, (int) (iterations * 3072L / shape.size() / 8));
                    ImportanceMetric[] metrics = {java, pyTensor, jsTensor, pyList};
                    int[] counts = {iterations, iterations, iterations, listIterations};
                    double[][] rounds = new double[metrics.length][ROUNDS];
                    for (int m = 0; m < metrics.length; m++) {
                        time(metrics[m], w, g, counts[m]); // warm-up
                    }
                    // Interleaved rounds, median per metric: the machine is shared, bursts of load hit all alike.
                    for (int r = 0; r < ROUNDS; r++) {
                        for (int k = 0; k < metrics.length; k++) {
                            int m = (k + r) % metrics.length; // rotate who goes first
                            System.gc(); // garbage of the previous block must not be collected inside this one
                            rounds[m][r] = time(metrics[m], w, g, Math.max(1, counts[m] / ROUNDS));
                        }
                    }
                    double tJava = median(rounds[0]);
                    double tPy = median(rounds[1]);
                    double tJs = median(rounds[2]);
                    double tList = median(rounds[3]);
                    System.out.printf(Locale.ROOT, "%-14s %10d %12.1f %12.1f %12.1f %12.1f%n", shape, shape.size(),
                            tJava, tPy, tJs, tList);
                }
            }
        }
    }

    private static final int ROUNDS = 7;

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    /** Same scores from Java and Python, or the comparison means nothing. */
    private static void check(ImportanceMetric a, ImportanceMetric b, NDArray w, NDArray g) {
        try (NDArray x = a.score(w, g); NDArray y = b.score(w, g)) {
            if (!x.allClose(y, 1e-6, 1e-9, false)) {
                throw new IllegalStateException("Python metric disagrees with the Java one");
            }
        }
    }

    /** Mean microseconds per call over n calls. */
    private static double time(ImportanceMetric m, NDArray w, NDArray g, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            m.score(w, g).close();
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }
}
