package org.tasl.bench;

import ai.djl.Device;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tasl.data.BenchmarkLoader;
import org.tasl.data.Example;
import org.tasl.data.LengthBuckets;
import org.tasl.data.Task;
import org.tasl.lora.LoraConfig;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.model.Precision;
import org.tasl.strategy.Evaluator;
import org.tasl.util.Json;

/**
 * Evaluation time of one task's dev rows, rank and free decoding ({@code eval_mode=generate}),
 * each with consecutive batches and with length buckets, in one run: a warm-up pass, then
 * {@code reps} rounds of the four passes in turn (so a busy machine slows all four alike), medians
 * of wall and process-CPU seconds. Also the token positions each batching pads to (the work
 * bucketing saves, independent of load) and whether both batchings gave the same answers. The
 * model carries an untrained LoRA adapter (r=8 on q, v) as a trained run's model does; speed does
 * not depend on weight values. {@code ./tasl bench --eval TASK}; standalone:
 * {@code EvalBuckets BACKBONE BENCHMARK TASK ROWS [BATCH] [REPS] [cpu|gpu] [fp32|bf16]}.
 */
public final class EvalBuckets {
    /** What to measure (the CLI's options). */
    public record Options(String backbone, String benchmark, String task, int rows, int batch, int maxInputTokens,
            int reps, Device device, Precision precision) {}

    private static final String[] MODES = {"rank", "generate"};
    private static final int MAX_NEW_TOKENS = 32;

    private EvalBuckets() {}

    public static void main(String[] args) {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: EvalBuckets BACKBONE BENCHMARK TASK ROWS [BATCH] [REPS] [cpu|gpu]"
                    + " [fp32|bf16]");
        }
        Compare.setThreads(Integer.getInteger("tasl.bench.threads", 2));
        Options o = new Options(args[0], args[1], args[2], Integer.parseInt(args[3]),
                args.length > 4 ? Integer.parseInt(args[4]) : 16, 128, args.length > 5 ? Integer.parseInt(args[5]) : 1,
                args.length > 6 ? org.tasl.nn.Devices.parse(args[6]) : Device.cpu(),
                Precision.parse(args.length > 7 ? args[7] : "fp32"));
        Map<String, Object> result = run(o, System.err);
        print(result, System.err);
        System.out.println(Json.compact(result));
    }

    /** Measures; progress lines go to {@code log}. */
    public static Map<String, Object> run(Options o, PrintStream log) {
        if (o.rows() < 1 || o.batch() < 1 || o.reps() < 1) {
            throw new IllegalArgumentException("need rows ≥ 1, batch ≥ 1, reps ≥ 1; got rows " + o.rows() + ", batch "
                    + o.batch() + ", reps " + o.reps());
        }
        BenchmarkLoader loader = BenchmarkLoader.forDataDir(null);
        Task task = loader.loadTask(o.benchmark(), o.task(), BenchmarkLoader.metricOf(o.benchmark()),
                BenchmarkLoader.Options.defaults().withSizes(1, o.rows()), new HashMap<>());
        Map<String, Object> result = new LinkedHashMap<>();
        try (LanguageModel model = Backbones.load(o.backbone(), o.device())) {
            if (o.precision() != Precision.FP32) {
                model.setPrecision(o.precision());
            }
            model.setMaxInputTokens(o.maxInputTokens());
            model.lora().addAdapter("bench", LoraConfig.defaults());
            result.put("backbone", model.name());
            result.put("device", model.device().toString());
            result.put("precision", o.precision().id());
            result.put("task", o.benchmark() + "/" + o.task());
            result.put("rows", task.eval().size());
            result.put("eval_batch_size", o.batch());
            result.put("max_input_tokens", o.maxInputTokens());
            result.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            long tok0 = System.nanoTime();
            int[] lengths = Evaluator.tokenLengths(model, task.eval());
            // the host cost of the buckets' sort key (one tokenization per row), against the passes below
            result.put("tokenize_s", (System.nanoTime() - tok0) / 1e9);
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = Math.min(lengths[i], o.maxInputTokens()); // the model cuts longer prompts
            }
            long real = 0;
            for (int len : lengths) {
                real += len;
            }
            Map<String, Object> positions = new LinkedHashMap<>();
            positions.put("tokens", real);
            positions.put("consecutive", LengthBuckets.paddedPositions(
                    LengthBuckets.inRowOrder(lengths.length, o.batch()), lengths));
            positions.put("buckets", LengthBuckets.paddedPositions(LengthBuckets.byLength(lengths, o.batch()), lengths));
            result.put("input_positions", positions);

            Task warm = new Task(task.name(), task.train(), task.eval().subList(0, Math.min(o.batch(), task.eval().size())),
                    task.labels(), task.metric(), 0);
            for (String mode : MODES) {
                new Evaluator(o.batch(), mode, MAX_NEW_TOKENS, true).predict(model, warm);
            }
            Map<String, List<Double>> wall = new LinkedHashMap<>();
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            Map<String, List<String>> answers = new HashMap<>();
            Map<String, Double> scores = new LinkedHashMap<>();
            for (int rep = 0; rep < o.reps(); rep++) {
                for (String mode : MODES) {
                    for (boolean byLength : new boolean[] {false, true}) {
                        String key = mode + (byLength ? "_buckets" : "_consecutive");
                        Evaluator evaluator = new Evaluator(o.batch(), mode, MAX_NEW_TOKENS, byLength);
                        long c0 = processCpuNanos();
                        long t0 = System.nanoTime();
                        List<String> predicted = evaluator.predict(model, task);
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        double cpuSeconds = (processCpuNanos() - c0) / 1e9;
                        wall.computeIfAbsent(key, k -> new ArrayList<>()).add(seconds);
                        cpu.computeIfAbsent(key, k -> new ArrayList<>()).add(cpuSeconds);
                        answers.put(key, predicted);
                        scores.put(key, task.metric().mean(predicted, references(task)));
                        log.printf(Locale.ROOT, "rep %d %-20s %8.2f s wall %8.2f s CPU  score %.1f%n", rep, key, seconds,
                                cpuSeconds, scores.get(key));
                    }
                }
            }
            result.put("wall_s", medians(wall));
            result.put("cpu_s", medians(cpu));
            result.put("score", scores);
            Map<String, Object> same = new LinkedHashMap<>();
            for (String mode : MODES) {
                same.put(mode, agreeing(answers.get(mode + "_consecutive"), answers.get(mode + "_buckets")));
            }
            result.put("answers_equal_rows", same);
            result.put("ratios", ratios(medians(wall)));
            // on a loaded shared CPU the process's CPU seconds are the steadier measure
            result.put("ratios_cpu", ratios(medians(cpu)));
        }
        return result;
    }

    /** The human-readable table of a result. */
    @SuppressWarnings("unchecked")
    public static void print(Map<String, Object> r, PrintStream out) {
        Map<String, Object> pos = (Map<String, Object>) r.get("input_positions");
        Map<String, Double> wall = (Map<String, Double>) r.get("wall_s");
        Map<String, Double> cpu = (Map<String, Double>) r.get("cpu_s");
        Map<String, Double> score = (Map<String, Double>) r.get("score");
        out.printf(Locale.ROOT, "evaluation of %s, %s rows, %s on %s (%s), batch %s, max %s tokens, load %.1f%n",
                r.get("task"), r.get("rows"), r.get("backbone"), r.get("device"), r.get("precision"),
                r.get("eval_batch_size"), r.get("max_input_tokens"), (Double) r.get("load_average"));
        out.printf(Locale.ROOT, "input positions (prompts, capped): tokens %s, consecutive batches pad to %s, buckets to %s%n",
                pos.get("tokens"), pos.get("consecutive"), pos.get("buckets"));
        out.printf(Locale.ROOT, "sort key (tokenizing every row once): %.3f s%n", (Double) r.get("tokenize_s"));
        out.printf(Locale.ROOT, "%-22s %10s %10s %8s%n", "pass", "wall s", "CPU s", "score");
        for (String key : wall.keySet()) {
            out.printf(Locale.ROOT, "%-22s %10.2f %10.2f %8.1f%n", key, wall.get(key), cpu.get(key), score.get(key));
        }
        for (String kind : new String[] {"ratios", "ratios_cpu"}) {
            Map<String, Object> ratios = (Map<String, Object>) r.get(kind);
            out.printf(Locale.ROOT, "%s: speedup of buckets: rank %.2fx, generate %.2fx; generate/rank time %.2fx"
                    + " (consecutive %.2fx)%n", kind.equals("ratios") ? "wall" : "CPU ", (Double) ratios.get("rank_speedup"),
                    (Double) ratios.get("generate_speedup"), (Double) ratios.get("generate_over_rank"),
                    (Double) ratios.get("generate_over_rank_consecutive"));
        }
        out.printf(Locale.ROOT, "rows with equal answers (consecutive vs buckets): %s%n", r.get("answers_equal_rows"));
    }

    private static Map<String, Object> ratios(Map<String, Double> t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rank_speedup", t.get("rank_consecutive") / t.get("rank_buckets"));
        out.put("generate_speedup", t.get("generate_consecutive") / t.get("generate_buckets"));
        out.put("generate_over_rank", t.get("generate_buckets") / t.get("rank_buckets"));
        out.put("generate_over_rank_consecutive", t.get("generate_consecutive") / t.get("rank_consecutive"));
        return out;
    }

    private static List<String> references(Task task) {
        return task.eval().stream().map(Example::output).toList();
    }

    private static int agreeing(List<String> a, List<String> b) {
        int n = 0;
        for (int i = 0; i < a.size(); i++) {
            n += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        return n;
    }

    private static Map<String, Double> medians(Map<String, List<Double>> samples) {
        Map<String, Double> out = new LinkedHashMap<>();
        samples.forEach((k, v) -> out.put(k, Stats.median(v)));
        return out;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0L;
    }
}
