package org.tasl.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.model.Precision;
import org.tasl.util.Json;
import org.tasl.weights.BackboneCatalog;
import org.tasl.weights.BackboneInfo;

/**
 * What {@code ./tasl bench --compare} measures, for every device this machine has: the CPU side
 * in fp32 against a plain PyTorch BERT ({@code plain}), the GPU side (when DJL sees one) in the
 * chosen precision with fused attention against Transformers + PEFT with SDPA ({@code hf-sdpa}).
 * The backbone's converted weights are used when it is cached (the reference reads the same
 * safetensors); else a random BERT-base of the same shapes (speed does not depend on values).
 *
 * <p>Standalone on the GPU bundle (no CLI there):
 * {@code run.sh org.tasl.bench.Compare --script native/bench/torch_reference.py --json}.
 */
public final class Compare {
    /** The options of a comparison (the CLI's names). */
    public record Options(String backbone, int batch, int seq, int reps, int steps, int threads, String python,
            Path script, String gpuPrecision, boolean cpu, boolean gpu) {}

    private Compare() {}

    /** Threads must be set before DJL's engine starts: call this first. */
    public static void setThreads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** {"cpu": {...}, "gpu": {...}} as far as this machine has the devices. */
    public static Map<String, Object> run(Options o, PrintStream log) {
        Precision.parse(o.gpuPrecision());
        if (!BackboneCatalog.isKnown(o.backbone())) { // else a typo would measure random weights without a word
            throw new IllegalArgumentException("unknown backbone '" + o.backbone() + "' for --compare; known backbones: "
                    + String.join(", ", BackboneCatalog.names()));
        }
        log.printf(Locale.ROOT, "side by side: LoRA step (r=8 q,v, AdamW) batch %d x %d, %d alternating reps of %d steps,"
                + " %d threads, OMP_WAIT_POLICY=%s, load %.1f%n", o.batch(), o.seq(), o.reps(), o.steps(), o.threads(),
                System.getenv("OMP_WAIT_POLICY"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<String, Object> result = new LinkedHashMap<>();
        if (o.cpu()) {
            result.put("cpu", side(o, Device.cpu(), "plain", "fp32", log));
        }
        if (o.gpu() && Engine.getInstance().getGpuCount() > 0) {
            result.put("gpu", side(o, Device.gpu(), "hf-sdpa", o.gpuPrecision(), log));
        }
        return result;
    }

    private static Map<String, Object> side(Options o, Device device, String impl, String precision, PrintStream log) {
        BackboneInfo info = BackboneCatalog.list().stream().filter(b -> b.name().equals(o.backbone())).findFirst()
                .orElse(null);
        String weights = null;
        LanguageModel model;
        if (info != null && info.cached()) {
            model = Backbones.load(o.backbone(), device);
            Path st = info.cachePath().resolve("model.safetensors");
            weights = Files.isRegularFile(st) ? st.toString() : null;
        } else {
            log.println(o.backbone() + " is not cached: both sides use random BERT-base weights of the same shapes");
            model = SyntheticBert.create(device, 42);
        }
        log.println("== " + device + " (" + precision + ", reference " + impl + ", weights "
                + (weights != null ? weights : "random") + ", fused attention "
                + org.tasl.nn.FusedAttention.available() + ")");
        try (LanguageModel m = model) {
            m.setPrecision(Precision.parse(precision));
            Map<String, Object> r = SideBySide.run(m, new SideBySide.Setup(device, o.batch(), o.seq(), o.reps(),
                    o.steps(), o.threads(), o.python(), o.script(), impl, precision, weights), log);
            r.put("fused_attention", org.tasl.nn.FusedAttention.available());
            r.put("backbone", o.backbone());
            r.put("pretrained_weights", weights != null);
            return r;
        }
    }

    /** {@code Compare [--device cpu|gpu|all] [--precision bf16] [--batch 8] [--seq 128] [--reps 5] [--steps 1]
     *  [--threads 2] [--python python3] [--script FILE] [--backbone NAME] [--json]}. */
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                a.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        String device = a.getOrDefault("device", "all");
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        setThreads(threads);
        Options o = new Options(a.getOrDefault("backbone", "bert-base-uncased"),
                Integer.parseInt(a.getOrDefault("batch", "8")), Integer.parseInt(a.getOrDefault("seq", "128")),
                Integer.parseInt(a.getOrDefault("reps", "5")), Integer.parseInt(a.getOrDefault("steps", "1")), threads,
                a.getOrDefault("python", "python3"), Path.of(a.getOrDefault("script", "native/bench/torch_reference.py")),
                a.getOrDefault("precision", "bf16"), !device.equals("gpu"), !device.equals("cpu"));
        Map<String, Object> r = run(o, json ? System.err : System.out);
        System.out.println(Json.pretty(r));
    }
}
