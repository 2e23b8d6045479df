package org.tasl.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tasl.api.Tasl;
import org.tasl.report.ForgettingSummary;
import org.tasl.run.DemoSettings;
import org.tasl.run.RunConfig;
import org.tasl.run.RunOptions;
import org.tasl.run.RunResult;
import org.tasl.weights.BackboneCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tasl demo}: the README's main job. TaSL against SeqLoRA and O-LoRA on a real
 * pretrained backbone, on Standard CL order 4 when the Long Sequence data is installed (else
 * the built-in stream), sized to finish in minutes on a 2-core CPU; prints the comparison and
 * writes a report with plots. Any run option overrides the demo's sizes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"TaSL vs SeqLoRA vs O-LoRA on a real pretrained backbone, with a report.",
            "Runs the built-in stream (count, sentiment, topic, negation): Standard CL does not fit a 5-minute CPU demo "
                + "(it says why when benchmark data is installed). --benchmark long-sequence runs Standard CL order 4 "
                + "(dbpedia, amazon, yahoo, agnews) at the best CPU budget measured."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--methods", split = ",", defaultValue = "tasl,seqlora,olora", // DemoSettings.METHODS
            description = "methods to compare (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Override
    public Integer call() throws Exception {
        ParseResult pr = spec.commandLine().getParseResult();
        DemoSettings.Choice choice = DemoSettings.choose(pr.matchedOptionValue("--data-dir", (String) null),
                pr.matchedOptionValue("--benchmark", (String) null));
        RunConfig base = RunOptionsCli.read(pr, choice.config());
        // --out names the demo's folder: one run per method inside it, and report.md.
        Path out = base.get(RunOptions.OUT) != null ? Paths.get(base.get(RunOptions.OUT))
                : Paths.get("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String backbone = base.get(RunOptions.BACKBONE);
        // Every method and the folder checked before the first run, not after it: a typo in the
        // last method would otherwise cost the others' training, and demo has no --resume.
        for (String m : methods) {
            org.tasl.strategy.Method.of(m);
            if (org.tasl.run.RunDirectory.exists(out.resolve(m))) {
                throw new IllegalArgumentException("demo folder " + out + " already holds a run of " + m + " ("
                        + out.resolve(m) + "): choose another --out; nothing was written");
            }
        }
        BackboneCatalog.checkName(backbone);
        // The one-time download and conversion of the weights is not part of the demo's time.
        long tw = System.nanoTime();
        boolean cached = BackboneCatalog.isKnown(backbone) && BackboneCatalog.isCached(backbone);
        BackboneCatalog.resolve(backbone);
        if (!cached && BackboneCatalog.isKnown(backbone)) {
            System.out.printf(Locale.ROOT, "weights: %s downloaded and converted once in %.0f s (cached for later runs)%n",
                    backbone, (System.nanoTime() - tw) / 1e9);
        }
        System.out.println(choice.note());
        System.out.printf("demo: %s on %s (%s), %s train / %s eval examples per task%n", methods,
                backbone, describe(base), base.get(RunOptions.TRAIN_PER_TASK), base.get(RunOptions.EVAL_PER_TASK));
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        List<RunResult> results = new ArrayList<>();
        for (String m : methods) {
            RunConfig c = base.copy().set(RunOptions.METHOD, m).set(RunOptions.OUT, out.resolve(m).toString());
            results.add(RunCommand.runWithProgress(c, false, false, 0, true));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        System.out.println();
        System.out.print(org.tasl.report.ComparisonTable.text(Tasl.compare(results)));
        System.out.println();
        System.out.print(ForgettingSummary.text(results));
        System.out.printf(Locale.ROOT, "%ndemo time: %.0f s wall, %.0f s CPU (%d cores), weights not counted%n", wall, cpu,
                Runtime.getRuntime().availableProcessors());
        Path report = ReportLink.write(out, results);
        System.out.println("report: " + report.toAbsolutePath());
        return 0;
    }

    /** CPU time of this process (every thread), or −1 where the JVM cannot tell. */
    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static String describe(RunConfig c) {
        String stream = c.get(RunOptions.ORDER) != null ? "order " + c.get(RunOptions.ORDER)
                : c.get(RunOptions.TASKS) != null ? String.join(" → ", c.get(RunOptions.TASKS)) : "";
        return (c.get(RunOptions.BENCHMARK).equals(DemoSettings.BUILTIN) ? "built-in stream" : c.get(RunOptions.BENCHMARK))
                + (stream.isEmpty() ? "" : " " + stream);
    }
}
