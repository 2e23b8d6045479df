package org.tasl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tasl.api.Tasl;
import org.tasl.data.BuiltinStream;
import org.tasl.event.RunEvent;
import org.tasl.nn.Devices;
import org.tasl.run.Experiment;
import org.tasl.run.RunConfig;
import org.tasl.run.RunOptions;
import org.tasl.util.AtomicFiles;

/**
 * {@code tasl bench --soak STEPS}: does a long training run keep its memory flat? Trains one
 * task of the built-in stream with the real training loop (seqlora for {@code lora}, seqft for
 * {@code full}: optimizer, clipping, importance tracking and events as in any run), repeating
 * its examples for as many epochs as the steps need, and every N steps prints the process's
 * resident memory (VmRSS of /proc/self/status), the Java heap in use, the native heap in use
 * (glibc malloc's bytes handed out: libtorch's CPU tensors live there, {@link NativeHeap}), and on
 * a GPU the device memory in use. At the end it fits a line to the samples after a warm-up and prints the slope in MB per
 * 1000 steps and the growth over the run relative to the fitted start. A benchmark: it prints
 * numbers and judges nothing.
 */
final class SoakBenchmark {
    /**
     * One sample: step, resident MB, Java heap used MB, native (malloc) heap in use MB, free MB
     * malloc keeps in its arenas (resident but neither used nor leaked), GPU used MB (NaN on CPU).
     */
    record Sample(int step, double rssMb, double javaMb, double nativeMb, double mallocFreeMb, double gpuMb) {}

    /** A least-squares line y = a + b·x. */
    record Line(double intercept, double slope) {
        static Line fit(double[] x, double[] y) {
            int n = x.length;
            double mx = 0;
            double my = 0;
            for (int i = 0; i < n; i++) {
                mx += x[i] / n;
                my += y[i] / n;
            }
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < n; i++) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
            double b = sxx == 0 ? 0 : sxy / sxx;
            return new Line(my - b * mx, b);
        }

        double at(double x) {
            return intercept + slope * x;
        }
    }

    private final String backbone;
    private final String method;
    private final int steps;
    private final int every;
    private final int batch;
    private final int seq;
    private final String device;

    SoakBenchmark(String backbone, String method, int steps, int every, int batch, int seq, String device) {
        if (!method.equals("lora") && !method.equals("full")) {
            throw new IllegalArgumentException("--method must be lora or full, got '" + method + "'");
        }
        if (steps < 2 || every < 1 || batch < 1 || seq < 8) {
            throw new IllegalArgumentException("need --soak ≥ 2 steps, --every ≥ 1, --batch ≥ 1, --seq ≥ 8; got --soak "
                    + steps + " --every " + every + " --batch " + batch + " --seq " + seq);
        }
        this.backbone = backbone;
        this.method = method;
        this.steps = steps;
        this.every = every;
        this.batch = batch;
        this.seq = seq;
        this.device = device;
    }

    List<Sample> run(PrintWriter out) {
        String task = BuiltinStream.taskNames().get(0);
        int rows = BuiltinStream.TRAIN_ROWS;
        int perEpoch = (rows + batch - 1) / batch;
        int epochs = (steps + perEpoch - 1) / perEpoch;
        Path dir;
        try {
            dir = Files.createTempDirectory("tasl-soak-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder for the soak run: " + e.getMessage(), e);
        }
        RunConfig c = Tasl.config().set(RunOptions.METHOD, method.equals("lora") ? "seqlora" : "seqft")
                .set(RunOptions.BACKBONE, backbone).set(RunOptions.BENCHMARK, "builtin").set(RunOptions.TASKS, List.of(task))
                .set(RunOptions.TRAIN_PER_TASK, rows).set(RunOptions.EVAL_PER_TASK, 1).set(RunOptions.BATCH_SIZE, batch)
                .set(RunOptions.EPOCHS, epochs).set(RunOptions.MAX_INPUT_TOKENS, seq).set(RunOptions.DEVICE, device)
                .set(RunOptions.OUT, dir.resolve("run").toString());
        boolean gpu = Devices.parse(device).isGpu();
        out.println(String.format(Locale.ROOT, "soak: %s (%s) on %s, task '%s' of the built-in stream, batch %d, ≤ %d tokens, "
                + "%d steps (%d epochs of %d), memory every %d steps", method, c.method(), backbone, task, batch, seq, steps,
                epochs, perEpoch, every));
        out.println(String.format(Locale.ROOT, "%8s %10s %10s %10s %14s%s", "step", "rss_mb", "heap_mb", "native_mb", "malloc_free_mb",
                gpu ? String.format(Locale.ROOT, " %10s", "gpu_mb") : ""));
        out.flush();
        List<Sample> samples = new ArrayList<>();
        Experiment experiment = Tasl.experiment(Tasl.benchmark(c), c);
        experiment.addListener(e -> {
            if (e.type() != RunEvent.Type.STEP) {
                return;
            }
            int global = ((Number) e.get("step")).intValue();
            if (global == 1 || global % every == 0 || global == steps) {
                Sample s = sample(global, gpu);
                samples.add(s);
                out.println(String.format(Locale.ROOT, "%8d %10.1f %10.1f %10.1f %14.1f%s", s.step(), s.rssMb(), s.javaMb(),
                        s.nativeMb(), s.mallocFreeMb(), gpu ? String.format(Locale.ROOT, " %10.1f", s.gpuMb()) : ""));
                out.flush();
            }
            if (global >= steps) {
                experiment.cancel();
            }
        });
        try {
            experiment.run();
        } finally {
            try {
                AtomicFiles.deleteTree(dir);
            } catch (IOException ignored) {
                // a temp folder left behind harms nothing
            }
        }
        summarize(out, samples, gpu);
        return samples;
    }

    /** Slope and growth of each memory column over the samples after the warm-up (the first tenth of the steps). */
    void summarize(PrintWriter out, List<Sample> samples, boolean gpu) {
        int warm = Math.max(every, steps / 10);
        List<Sample> fitted = samples.stream().filter(s -> s.step() >= warm).toList();
        if (fitted.size() < 3) {
            out.println("too few samples after the warm-up (step " + warm + ") to fit a slope: use a smaller --every");
            return;
        }
        double[] x = fitted.stream().mapToDouble(Sample::step).toArray();
        double first = x[0];
        double last = x[x.length - 1];
        out.println(String.format(Locale.ROOT, "fit over steps %d..%d (%d samples; the first %d steps are warm-up):",
                (int) first, (int) last, fitted.size(), warm));
        report(out, "resident", x, fitted.stream().mapToDouble(Sample::rssMb).toArray(), first, last);
        report(out, "native", x, fitted.stream().mapToDouble(Sample::nativeMb).toArray(), first, last);
        if (gpu) {
            report(out, "gpu", x, fitted.stream().mapToDouble(Sample::gpuMb).toArray(), first, last);
        }
        out.flush();
    }

    private static void report(PrintWriter out, String what, double[] x, double[] y, double first, double last) {
        Line line = Line.fit(x, y);
        double start = line.at(first);
        double growth = (line.at(last) - start) / start;
        out.println(String.format(Locale.ROOT, "  %-9s slope %+8.2f MB per 1000 steps, growth %+6.2f %% over the run "
                + "(fitted %.1f -> %.1f MB)", what, line.slope() * 1000, growth * 100, start, line.at(last)));
    }

    private static Sample sample(int step, boolean gpu) {
        double rss = residentMb();
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        double java = mx.getHeapMemoryUsage().getUsed() / 1048576.0;
        double gpuMb = Double.NaN;
        if (gpu) {
            gpuMb = ai.djl.util.cuda.CudaUtils.getGpuMemory(ai.djl.Device.gpu()).getUsed() / 1048576.0;
        }
        return new Sample(step, rss, java, NativeHeap.inUseBytes() / 1048576.0, NativeHeap.heldFreeBytes() / 1048576.0, gpuMb);
    }

    /** VmRSS of this process in MB (NaN where /proc/self/status does not exist). */
    static double residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
