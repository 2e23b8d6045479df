package org.tasl.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.tasl.bench.Compare;
import org.tasl.util.Json;

/** {@code ./tasl bench --compare}: runs {@link Compare} and prints its ratios (or the JSON). */
final class CompareRun {
    private final BenchCommand o;

    CompareRun(BenchCommand options) {
        this.o = options;
    }

    Integer call() {
        Compare.setThreads(o.threads);
        PrintWriter out = o.spec.commandLine().getOut();
        PrintStream log = o.json ? System.err : System.out;
        String name = o.backbones == null || o.backbones.isEmpty() ? "bert-base-uncased" : o.backbones.get(0);
        Path script = Path.of(System.getProperty("tasl.home", "."), "native", "bench", "torch_reference.py");
        String python = o.python != null ? o.python
                : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Map<String, Object> result = Compare.run(new Compare.Options(name, o.batch, o.seq, o.reps, o.steps, o.threads,
                python, script, o.precision, true, true), log);
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
}
