package org.tasl.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tasl.model.LanguageModel;
import org.tasl.model.bert.BertModel;

/**
 * The project's BERT LoRA step against the same step in PyTorch, measured in one run on one
 * machine: repetitions alternate (tasl, torch, tasl, torch, …) so a change in the machine's load
 * hits both sides alike, and each side's tokens/s is the median over repetitions. Thread counts
 * are equal (DJL's from {@code ai.djl.pytorch.num_threads}, the child's from --threads).
 *
 * <p>The result map is the JSON contract of {@code ./tasl bench --compare --json} for one device:
 * {@code {"lora_step_tokens_per_s": {"tasl", "torch", "ratio"}, "gemm_share", …}} (ratio = ratio of the
 * medians; gemm_share and paired_ratio_median = medians over repetitions of per-repetition values); on a GPU also
 * {@code "peak_memory_bytes": {"tasl", "torch", "ratio"}}.
 */
public final class SideBySide {
    /** What to compare; the model is the project's, the reference runs IMPL in torch_reference.py. */
    public record Setup(Device device, int batch, int seq, int reps, int stepsPerRep, int threads, String python,
            Path script, String torchImpl, String precision, String weightsFile) {}

    private SideBySide() {}

    public static Map<String, Object> run(LanguageModel model, Setup s, PrintStream log) {
        if (!(model instanceof BertModel bert)) {
            throw new IllegalArgumentException("the side-by-side reference is BERT; " + model.name() + " is "
                    + model.architecture());
        }
        String torchDevice = s.device().isGpu() ? "cuda:" + Math.max(0, s.device().getDeviceId()) : "cpu";
        List<String> args = new ArrayList<>(List.of(s.torchImpl(), torchDevice, String.valueOf(s.batch()),
                String.valueOf(s.seq()), "--threads", String.valueOf(s.threads()), "--precision", s.precision()));
        if (s.weightsFile() != null) {
            args.addAll(List.of("--weights", s.weightsFile()));
        }
        String filler = model.tokenizer().vocabSize() == SyntheticBert.VOCAB && model.name().startsWith("synthetic")
                ? SyntheticBert.text(40, 1) : "the committee reviewed several proposals about river transport";
        List<Double> tasl = new ArrayList<>();
        List<Double> torch = new ArrayList<>();
        List<Double> gemms = new ArrayList<>();
        DataType gemmType = s.precision().equals("bf16") ? DataType.BFLOAT16 : DataType.FLOAT32;
        long peakTorch;
        String banner;
        double tokens = (double) s.batch() * s.seq() * s.stepsPerRep();
        org.tasl.nn.TaslNative.resetPeak(s.device());
        String graphs;
        try (org.tasl.nn.CudaStreamScope stream = org.tasl.nn.CudaStreamScope.available(s.device())
                ? org.tasl.nn.CudaStreamScope.enter(s.device()) : null;
                ProjectLoraStep step = new ProjectLoraStep(model, s.batch(), s.seq(), filler);
                TorchReference ref = new TorchReference(s.python(), s.script(), args)) {
            banner = ref.banner();
            log.println("reference: " + banner);
            log.printf(Locale.ROOT, "warm-up: tasl %.2f s, torch %.2f s%n", step.run(1), ref.steps(1));
            for (int r = 0; r < s.reps(); r++) {
                double a = tokens / step.run(s.stepsPerRep());
                double b = tokens / ref.steps(s.stepsPerRep());
                // the GEMM rate in the same rhythm, so the share compares like loads
                double g = GemmRate.flopsPerSecond(s.device(), gemmType, s.batch() * s.seq(), 768, 3072, 1);
                tasl.add(a);
                torch.add(b);
                gemms.add(g);
                log.printf(Locale.ROOT, "rep %d: tasl %.1f tokens/s, torch %.1f tokens/s, DJL GEMM %.1f GFLOP/s%n", r + 1,
                        a, b, g / 1e9);
            }
            peakTorch = ref.peakBytes();
            graphs = step.graphSummary();
            log.println(graphs);
        }
        double gemm = Stats.median(gemms);
        double taslTps = Stats.median(tasl);
        double torchTps = Stats.median(torch);
        var c = bert.bertConfig();
        double stepFlops = LoraStepFlops.bertStep(s.batch(), s.seq(), c.numLayers(), c.hiddenSize(),
                c.intermediateSize(), c.vocabSize(), 8, s.batch());
        // per repetition: tasl against the torch rep beside it, and against the GEMM rate measured right
        // after it; the medians of these pairs resist load swings better than ratios of medians
        List<Double> pairRatios = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (int i = 0; i < tasl.size(); i++) {
            pairRatios.add(tasl.get(i) / torch.get(i));
            shares.add(stepFlops * tasl.get(i) / ((double) s.batch() * s.seq()) / gemms.get(i));
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lora_step_tokens_per_s", triple(taslTps, torchTps));
        out.put("gemm_share", Stats.median(shares));
        out.put("paired_ratio_median", Stats.median(pairRatios));
        if (s.device().isGpu()) {
            out.put("peak_memory_bytes", triple((double) org.tasl.nn.TaslNative.peakAllocatedBytes(s.device()), (double) peakTorch));
        }
        out.put("gemm_flops_per_s", gemm);
        out.put("step_flops", stepFlops);
        out.put("batch", s.batch());
        out.put("seq", s.seq());
        out.put("precision", s.precision());
        out.put("cuda_graphs", graphs);
        out.put("threads", s.threads());
        out.put("reps", s.reps());
        out.put("steps_per_rep", s.stepsPerRep());
        out.put("tasl_samples", tasl);
        out.put("torch_samples", torch);
        out.put("gemm_samples", gemms);
        out.put("reference", banner);
        out.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        out.put("device", s.device().toString());
        out.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return out;
    }

    private static Map<String, Object> triple(double tasl, double torch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasl", tasl);
        m.put("torch", torch);
        m.put("ratio", torch > 0 ? tasl / torch : null);
        return m;
    }
}
