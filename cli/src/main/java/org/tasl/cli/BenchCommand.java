package org.tasl.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tasl.bench.Compare;
import org.tasl.bench.EvalBuckets;
import org.tasl.data.Example;
import org.tasl.lora.LoraConfig;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.model.Precision;
import org.tasl.nn.Devices;
import org.tasl.nn.Gradients;
import org.tasl.util.Json;
import org.tasl.weights.BackboneCatalog;
import org.tasl.weights.BackboneInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Throughput of one LoRA training step (forward + backward, default LoRA r=8 on q and v) per
 * backbone: a warm-up step, then timed steps on a batch whose inputs fill exactly the sequence
 * length. With {@code --soak STEPS}, the memory of a long training run instead
 * ({@link SoakBenchmark}). Prints numbers; asserts nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Print forward+backward tokens/second of a LoRA training step for each cached backbone.",
            "--compare: the same BERT LoRA step (8 x 128, r=8 on q,v, AdamW) through the project and in plain PyTorch,"
                + " alternating repetitions in one run, medians, ratio tasl/torch and the step's share of DJL's GEMM"
                + " rate; on the CPU (fp32) and, when a GPU is present, on the GPU (--precision, HF+PEFT SDPA).",
            "With --soak STEPS: train that many steps and print resident/native memory every --every steps and its slope.",
            "With --eval TASK: evaluation time of TASK's dev rows (--rows) in rank and generate mode, consecutive batches"
                + " vs length buckets, medians of --reps rounds; the generate/rank time ratio (data from $TASL_DATA)."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backbone", description = "Backbone(s) to measure (default: every cached catalog backbone).")
    List<String> backbones;

    @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "128", description = "Sequence length in tokens (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "3", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--compare", description = "Side-by-side with PyTorch on this machine (see above).")
    boolean compare;

    @Option(names = "--json", description = "With --compare: print the result as JSON only.")
    boolean json;

    @Option(names = "--reps", defaultValue = "5", description = "With --compare: alternating repetitions (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--threads", defaultValue = "2", description = "With --compare: CPU threads of both sides (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--python", description = "With --compare: a python3 with torch (default: /usr/bin/python3, Debian's python3-torch, else python3).")
    String python;

    @Option(names = "--precision", defaultValue = "bf16", description = "With --compare: the GPU side's precision, bf16 or fp32 (the CPU side is fp32) (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--soak", paramLabel = "STEPS", description = "Soak benchmark: train STEPS optimizer steps of one "
            + "task and print the memory every --every steps, then its slope (MB per 1000 steps) and relative growth.")
    Integer soak;

    @Option(names = "--method", defaultValue = "lora", description = "With --soak: lora (seqlora) or full (seqft, full "
            + "fine-tuning) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--every", defaultValue = "100", description = "With --soak: sample the memory every N steps "
            + "(default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--eval", paramLabel = "TASK", description = "Evaluation benchmark of one task (see above), "
            + "e.g. dbpedia; backbone: the first --backbone (default bert-base-uncased); --seq is max_input_tokens,"
            + " --reps defaults to 1, --precision to fp32.")
    String evalTask;

    @Option(names = "--benchmark", defaultValue = "long-sequence", description = "With --eval: the benchmark holding the "
            + "task (default: ${DEFAULT-VALUE}).")
    String benchmark;

    @Option(names = "--rows", defaultValue = "200", description = "With --eval: dev rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--eval-batch", defaultValue = "16", description = "With --eval: eval_batch_size (default: "
            + "${DEFAULT-VALUE}).")
    int evalBatch;

    private static final String FILLER = "the committee reviewed several proposals about river transport, "
            + "energy prices and school meals before voting on a final plan for next year ";

    @Override
    public Integer call() {
        if (soak != null) {
            String name = backbones == null || backbones.isEmpty() ? "all-minilm-l6-v2" : backbones.get(0);
            if (backbones != null && backbones.size() > 1) {
                throw new IllegalArgumentException("--soak measures one backbone; got --backbone " + backbones);
            }
            new SoakBenchmark(name, method, soak, every, batch, seq, device).run(out());
            return 0;
        }
        if (evalTask != null) {
            return evalBench();
        }
        if (batch < 1 || seq < 8 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("need --batch ≥ 1, --seq ≥ 8, --steps ≥ 1, --warmup ≥ 0");
        }
        if (compare) {
            return new CompareRun(this).call();
        }
        List<String> names = backbones;
        if (names == null || names.isEmpty()) {
            names = new ArrayList<>();
            for (BackboneInfo info : BackboneCatalog.list()) {
                if (info.cached()) {
                    names.add(info.name());
                }
            }
        }
        if (names.isEmpty()) {
            out().println("no cached backbone (run ./tasl models, or pass --backbone NAME)");
            return 0;
        }
        out().println(String.format(Locale.ROOT, "LoRA training step (r=8, q+v), batch %d x seq %d, %d warm-up + %d timed steps, %d threads",
                batch, seq, warmup, steps, Runtime.getRuntime().availableProcessors()));
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            out().println("note: OMP_WAIT_POLICY is unset; on a busy machine OMP_WAIT_POLICY=PASSIVE cut CPU per step ~4x here");
        }
        out().println(String.format(Locale.ROOT, "machine load average %.1f (wall-clock numbers shrink under load; CPU-s/step does not)",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out().println(String.format(Locale.ROOT, "%-22s %-8s %10s %10s %12s %12s", "backbone", "device", "params(M)",
                "step(s)", "CPU-s/step", "tokens/s"));
        for (String name : names) {
            try (LanguageModel model = Backbones.load(name, Devices.parse(device))) {
                double[] t = measure(model);
                long params = model.parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
                out().println(String.format(Locale.ROOT, "%-22s %-8s %10.1f %10.3f %12.3f %12.1f", name,
                        model.device(), params / 1e6, t[0], t[1], batch * (double) seq / t[0]));
            }
        }
        return 0;
    }

    /** {@code --eval TASK}: {@link EvalBuckets} with this command's options; the table, or with --json the JSON. */
    private Integer evalBench() {
        if (backbones != null && backbones.size() > 1) {
            throw new IllegalArgumentException("--eval measures one backbone; got --backbone " + backbones);
        }
        Compare.setThreads(threads);
        String name = backbones == null || backbones.isEmpty() ? "bert-base-uncased" : backbones.get(0);
        java.util.Map<String, Object> result = EvalBuckets.run(new EvalBuckets.Options(name, benchmark, evalTask, rows,
                evalBatch, seq, given("--reps") ? reps : 1, Devices.parse(device), Precision.parse(
                        given("--precision") ? precision : "fp32")), System.err);
        if (json) {
            out().println(Json.pretty(result));
        } else {
            java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
            EvalBuckets.print(result, new java.io.PrintStream(table, true, java.nio.charset.StandardCharsets.UTF_8));
            out().print(table.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        out().flush();
        return 0;
    }

    /** Whether the command line gave the option (--eval has its own defaults for --reps and --precision). */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Mean wall seconds and process CPU seconds of a timed forward+backward step. */
    private double[] measure(LanguageModel model) {
        model.lora().addAdapter("bench", LoraConfig.defaults());
        model.setMaxInputTokens(seq);
        StringBuilder input = new StringBuilder();
        while (model.tokenizer().encode(input.toString()).length < seq + 16) {
            input.append(FILLER);
        }
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            examples.add(new Example("bench-" + i, input + "item " + i + ". Answer:", "yes"));
        }
        long total = 0;
        long cpu = 0;
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            try (NDManager scope = model.manager().newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.loss(scope, examples, true);
                gc.backward(loss);
                for (NDArray p : model.lora().trainableParameters().values()) {
                    Gradients.zero(p, scope);
                }
            }
            if (s >= warmup) {
                total += System.nanoTime() - t0;
                cpu += processCpuNanos() - c0;
            }
        }
        return new double[] {total / 1e9 / steps, cpu / 1e9 / steps};
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0L;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
