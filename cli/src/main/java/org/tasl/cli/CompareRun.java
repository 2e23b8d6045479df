package org.tasl.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tasl.bench.SideBySide;
import org.tasl.bench.SyntheticBert;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.util.Json;
import org.tasl.weights.BackboneCatalog;
import org.tasl.weights.BackboneInfo;

/**
 * {@code ./tasl bench --compare}: the side-by-side of {@link SideBySide} on the CPU (fp32, plain
 * PyTorch BERT) and, when DJL sees a GPU, on the GPU (--precision, Transformers + PEFT with SDPA).
 * The backbone's converted weights are used when it is cached (the reference reads the same
 * safetensors); else a random BERT-base of the same shapes (speed does not depend on values).
 */
final class CompareRun {
    private final BenchCommand o;

    CompareRun(BenchCommand options) {
        this.o = options;
    }

    Integer call() {
        if (!o.precision.equals("bf16") && !o.precision.equals("fp32")) {
            throw new IllegalArgumentException("--precision must be bf16 or fp32, got '" + o.precision + "'");
        }
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(o.threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        PrintWriter out = o.spec.commandLine().getOut();
        PrintStream log = o.json ? System.err : System.out;
        String name = o.backbones == null || o.backbones.isEmpty() ? "bert-base-uncased" : o.backbones.get(0);
        Path script = Path.of(System.getProperty("tasl.home", "."), "native", "bench", "torch_reference.py");
        String python = o.python != null ? o.python : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        log.printf(Locale.ROOT, "side by side: LoRA step (r=8 q,v, AdamW) batch %d x %d, %d alternating reps of %d steps, %d threads, OMP_WAIT_POLICY=%s, load %.1f%n",
                o.batch, o.seq, o.reps, o.steps, o.threads, System.getenv("OMP_WAIT_POLICY"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cpu", side(name, Device.cpu(), "plain", "fp32", script, python, log));
        if (Engine.getInstance().getGpuCount() > 0) {
            result.put("gpu", side(name, Device.gpu(), "hf-sdpa", o.precision, script, python, log));
        }
        if (o.json) {
            out.println(Json.pretty(result));
        } else {
            for (Map.Entry<String, Object> e : result.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) e.getValue();
                @SuppressWarnings("unchecked")
                Map<String, Object> tps = (Map<String, Object>) r.get("lora_step_tokens_per_s");
                out.printf(Locale.ROOT, "%s  LoRA step tokens/s: tasl %.1f  torch %.1f  ratio %.3f   gemm share %.3f (DJL GEMM %.1f GFLOP/s)%n",
                        e.getKey(), (Double) tps.get("tasl"), (Double) tps.get("torch"), (Double) tps.get("ratio"),
                        (Double) r.get("gemm_share"), (Double) r.get("gemm_flops_per_s") / 1e9);
                if (r.containsKey("peak_memory_bytes")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> mem = (Map<String, Object>) r.get("peak_memory_bytes");
                    out.printf(Locale.ROOT, "%s  peak memory allocated: tasl %.2f GiB  torch %.2f GiB  ratio %.3f%n", e.getKey(),
                            (Double) mem.get("tasl") / (1L << 30), (Double) mem.get("torch") / (1L << 30), (Double) mem.get("ratio"));
                }
            }
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> side(String name, Device device, String impl, String precision, Path script,
            String python, PrintStream log) {
        BackboneInfo info = BackboneCatalog.list().stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
        boolean cached = info != null && info.cached();
        String weights = null;
        LanguageModel model;
        if (cached) {
            model = Backbones.load(name, device);
            Path st = info.cachePath().resolve("model.safetensors");
            weights = Files.isRegularFile(st) ? st.toString() : null;
        } else {
            log.println(name + " is not cached: both sides use random BERT-base weights of the same shapes");
            model = SyntheticBert.create(device, 42);
        }
        log.println("== " + device + " (" + precision + ", reference " + impl + ", weights "
                + (weights != null ? weights : "random") + ")");
        try (LanguageModel m = model) {
            if (precision.equals("bf16")) {
                m.setPrecision(org.tasl.model.Precision.BF16);
            }
            return SideBySide.run(m, new SideBySide.Setup(device, o.batch, o.seq, o.reps, o.steps, o.threads, python,
                    script, impl, precision, weights), log);
        }
    }
}
