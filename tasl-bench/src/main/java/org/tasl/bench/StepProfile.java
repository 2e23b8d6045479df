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
 * table is {@code torch_reference.py profile}.
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
            JniUtils.startProfile(false, false, false);
            double s = step.run(1);
            JniUtils.stopProfile(trace.toString());
            System.out.printf(Locale.ROOT, "profiled step %.2f s (profiler on)%n", s);
        }
        print(trace);
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
