package org.tasl.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.util.Json;

/**
 * Where the project's LoRA step spends its time: one warm-up step, then one step under
 * PyTorch's profiler (through DJL's JniUtils), summed by operator from the Chrome trace.
 * {@code StepProfile [BACKBONE] [BATCH] [SEQ] [TRACE.json]}; the PyTorch side of the same
 * table is {@code torch_reference.py profile}. Then the host dispatches per step: the top-level
 * operators of the trace (each one JNI call from Java), those of the optimizer half measured in
 * a second trace of the optimizer alone. First the optimizer half's own time, unprofiled
 * ({@code -Dtasl.bench.noTrace=true} stops there: a libtorch without Kineto saves no trace).
 */
public final class StepProfile {
    private StepProfile() {}

    public static void main(String[] args) throws Exception {
        Compare.setThreads(Integer.getInteger("tasl.bench.threads", 2));
        String name = args.length > 0 ? args[0] : "bert-base-uncased";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seq = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        Path trace = Path.of(args.length > 3 ? args[3] : "step-trace.json");
        try (LanguageModel model = Backbones.load(name, Device.cpu());
                ProjectLoraStep step = new ProjectLoraStep(model, batch, seq,
                        "the committee reviewed several proposals about river transport")) {
            System.out.printf(Locale.ROOT, "warm-up %.2f s%n", step.run(1));
            String adamW = org.tasl.nn.FusedAdamW.available() ? "fused, one native call" : "Java loop";
            // the optimizer half alone, timed without the profiler (its cost is dispatch, not arithmetic)
            int reps = Integer.getInteger("tasl.bench.optimizerReps", 10);
            java.util.List<Double> optimizerMs = new java.util.ArrayList<>();
            long[] t0 = new long[1];
            for (int i = 0; i < reps; i++) {
                step.runProfilingOptimizer(() -> t0[0] = System.nanoTime(),
                        () -> optimizerMs.add((System.nanoTime() - t0[0]) / 1e6));
            }
            System.out.printf(Locale.ROOT, "optimizer half (AdamW %s + gradients zeroed): median %.2f ms of %d steps%n",
                    adamW, Stats.median(optimizerMs), reps);
            java.util.List<Double> readoutMs = new java.util.ArrayList<>();
            for (int i = 0; i < reps; i++) {
                readoutMs.add(step.readoutMillis());
            }
            System.out.printf(Locale.ROOT, "trainer's step readout (gradient norm + finiteness, %s): median %.2f ms of %d"
                    + " steps%n", org.tasl.nn.GradientStats.available(java.util.List.copyOf(
                            model.lora().trainableParameters().values())) ? "native statistics" : "Java loop",
                    Stats.median(readoutMs), reps);
            if (Boolean.getBoolean("tasl.bench.noTrace")) {
                return; // e.g. a libtorch without Kineto (Debian's 1.13) cannot save a trace
            }
            JniUtils.startProfile(false, false, false);
            double s = step.run(1);
            JniUtils.stopProfile(trace.toString());
            System.out.printf(Locale.ROOT, "profiled step %.2f s (profiler on)%n", s);
            Path optimizerTrace = trace.resolveSibling("optimizer-" + trace.getFileName());
            step.runProfilingOptimizer(() -> JniUtils.startProfile(false, false, false),
                    () -> JniUtils.stopProfile(optimizerTrace.toString()));
            print(trace);
            long[] all = dispatches(trace);
            long[] optimizer = dispatches(optimizerTrace);
            System.out.printf(Locale.ROOT, "host dispatches per step (top-level ops the host called): %d, of which the"
                    + " optimizer and gradient zeroing %d (AdamW %s); backward nodes run by autograd: %d%n", all[0],
                    optimizer[0], adamW, all[1]);
        }
    }

    /**
     * {top-level operator events, backward-node events}: an operator whose time interval lies in
     * no other operator's on its thread was called by the host (a JNI call here, a Python call in
     * PyTorch); those named {@code autograd::engine::evaluate_function: …} are the backward pass's
     * nodes, run by autograd in C++ (the same in both), counted apart.
     */
    @SuppressWarnings("unchecked")
    static long[] dispatches(Path trace) throws Exception {
        Object parsed = Json.parse(Files.readString(trace), trace.toString());
        List<Object> events = parsed instanceof Map<?, ?> m ? (List<Object>) m.get("traceEvents") : (List<Object>) parsed;
        List<double[]> ops = new java.util.ArrayList<>(); // tid, ts, end, backward?
        for (Object o : events) {
            Map<String, Object> e = (Map<String, Object>) o;
            Object cat = e.get("cat");
            if (!"X".equals(e.get("ph")) || !(e.get("dur") instanceof Number d) || !(e.get("ts") instanceof Number ts)
                    || (cat != null && !"cpu_op".equals(cat) && !"Operator".equals(cat))) {
                continue;
            }
            String name = String.valueOf(e.get("name"));
            double tid = e.get("tid") instanceof Number n ? n.doubleValue() : String.valueOf(e.get("tid")).hashCode();
            ops.add(new double[] {tid, ts.doubleValue(), ts.doubleValue() + d.doubleValue(),
                name.startsWith("autograd::engine::evaluate_function") ? 1 : 0});
        }
        // by thread, then start, longest first: an op is top-level unless it starts before the
        // current top-level op of its thread ends
        ops.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(b[2], a[2]));
        long host = 0;
        long backward = 0;
        double thread = Double.NaN;
        double openUntil = Double.NEGATIVE_INFINITY;
        for (double[] op : ops) {
            if (op[0] != thread) {
                thread = op[0];
                openUntil = Double.NEGATIVE_INFINITY;
            }
            if (op[1] >= openUntil) {
                openUntil = op[2];
                if (op[3] == 1) {
                    backward++;
                } else {
                    host++;
                }
            }
        }
        return new long[] {host, backward};
    }

    /** Sums the durations of complete ("X") operator events by name; prints the top 25 (inclusive times). */
    @SuppressWarnings("unchecked")
    static void print(Path trace) throws Exception {
        Object parsed = Json.parse(Files.readString(trace), trace.toString());
        List<Object> events = parsed instanceof Map<?, ?> m ? (List<Object>) m.get("traceEvents") : (List<Object>) parsed;
        Map<String, double[]> byName = new HashMap<>();
        for (Object o : events) {
            Map<String, Object> e = (Map<String, Object>) o;
            if (!"X".equals(e.get("ph")) || !(e.get("dur") instanceof Number d)) {
                continue;
            }
            double[] acc = byName.computeIfAbsent(String.valueOf(e.get("name")), k -> new double[2]);
            acc[0] += d.doubleValue() / 1e6;
            acc[1]++;
        }
        byName.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(25)
                .forEach(e -> System.out.printf(Locale.ROOT, "%-45s %8.3f s %6d calls%n", e.getKey(), e.getValue()[0],
                        (long) e.getValue()[1]));
    }
}
