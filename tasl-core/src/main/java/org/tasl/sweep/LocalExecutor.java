package org.tasl.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tasl.run.RunMain;

/**
 * {@code --executor local}: each cell a separate process, {@code --parallel N} at once. On a GPU
 * machine every process gets one GPU through {@code CUDA_VISIBLE_DEVICES}, {@code --per-gpu K}
 * processes per GPU (one BERT-base run uses a few GB of a large GPU); --parallel defaults to
 * GPUs × K there, and to 1 without GPUs. Ctrl-C stops the running cells (SIGTERM); their run
 * directories keep every completed task for --resume.
 *
 * <p>{@code --executor threads}: the same, but every cell runs in this JVM on a thread of its
 * own ({@link RunMain#run}, its output in the cell's log). Several runs then share one CUDA context
 * and one stream: their kernels queue back to back instead of time-slicing the GPU between
 * processes, which is what makes several runs on one GPU faster than one after another when each
 * run alone is bound by its host-side dispatch. All threads use the device their options name
 * (a GPU run: the first visible GPU); for several GPUs use {@code local}. Runs in threads are
 * not bit-for-bit reproducible when they use dropout (PyTorch's random generator is shared).
 */
final class LocalExecutor implements SweepExecutor {
    static final String LOCK = ".local.lock";

    private final SweepOptions options;
    private final List<String> gpus;
    private final boolean inThisJvm;

    LocalExecutor(SweepOptions options) {
        this(options, GpuSlots.resolve(options.gpus(), System.getenv("CUDA_VISIBLE_DEVICES")));
    }

    LocalExecutor(SweepOptions options, List<String> gpus) {
        this.options = options;
        this.inThisJvm = options.executor() == SweepOptions.Executor.THREADS;
        // one JVM sees one device per run option: its threads share the first GPU
        this.gpus = List.copyOf(inThisJvm && gpus.size() > 1 ? gpus.subList(0, 1) : gpus);
    }

    /** The GPU id of every process slot (empty: no GPUs, no pinning). */
    List<String> gpuSlots() {
        List<String> slots = new ArrayList<>();
        for (int k = 0; k < options.perGpu(); k++) {
            slots.addAll(gpus);
        }
        return slots;
    }

    /** Processes at once. */
    int parallel() {
        List<String> slots = gpuSlots();
        if (slots.isEmpty()) {
            return Math.max(1, options.parallel());
        }
        if (options.parallel() > slots.size()) {
            throw new IllegalArgumentException("--parallel " + options.parallel() + " is more than the " + gpus.size()
                    + " GPU(s) " + gpus + " × --per-gpu " + options.perGpu() + " = " + slots.size()
                    + " slots: raise --per-gpu or lower --parallel");
        }
        return options.parallel() > 0 ? options.parallel() : slots.size();
    }

    @Override
    public void launch(SweepDirectory sweep, List<SweepCell> cells, CellLauncher launcher, PrintStream out) {
        int parallel = parallel();
        List<String> slots = gpuSlots();
        BlockingQueue<String> free = new LinkedBlockingQueue<>(slots);
        Set<Process> live = ConcurrentHashMap.newKeySet();
        AtomicInteger ended = new AtomicInteger();
        try (FileChannel ch = FileChannel.open(sweep.dir().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(sweep.dir() + ": another local sweep process is running this sweep");
            }
            out.printf("sweep %s: %d cell(s), %d at a time%s%s%n", sweep.dir(), cells.size(), parallel,
                    inThisJvm ? " in threads of this JVM" : "",
                    slots.isEmpty() ? "" : " on GPU(s) " + gpus + " (" + options.perGpu() + " per GPU)");
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            Thread hook = new Thread(() -> {
                live.forEach(Process::destroy);
                pool.shutdownNow();
                try {
                    pool.awaitTermination(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (SweepCell c : cells) {
                    futures.add(pool.submit(() -> {
                        if (inThisJvm) {
                            runCellInThisJvm(sweep, c, free, slots.isEmpty());
                        } else {
                            runCell(sweep, c, launcher, free, live, slots.isEmpty());
                        }
                        CellStatus s = sweep.fileStatus(c);
                        out.printf("[%d/%d] %s: %s (log %s)%n", ended.incrementAndGet(), cells.size(), c.name(),
                                s.describe(), sweep.dir().relativize(sweep.logFile(c)));
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause();
                        throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pool.shutdownNow();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and stops the cells
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + sweep.dir().resolve(LOCK) + ": " + e.getMessage(), e);
        }
    }

    /** One cell's run on a slot: calls {@code started} with the pid once it runs, returns its exit code. */
    private interface CellRun {
        int run(String gpu, Started started) throws IOException, InterruptedException;
    }

    private interface Started {
        void at(long pid) throws IOException;
    }

    /** Takes a GPU slot (when there are GPUs), records the cell as running and then its exit code. */
    private static void onSlot(SweepDirectory sweep, SweepCell c, BlockingQueue<String> free, boolean noGpus, CellRun run)
            throws IOException, InterruptedException {
        String gpu = noGpus ? null : free.take();
        try {
            java.nio.file.Files.createDirectories(sweep.logFile(c).getParent());
            int rc = run.run(gpu, pid -> {
                Map<String, Object> running = new java.util.LinkedHashMap<>();
                running.put("gpu", gpu);
                running.put("pid", pid);
                running.put("exit_code", null);
                sweep.update(c, sweep.fileStatus(c).with(CellStatus.State.RUNNING), running);
            });
            Map<String, Object> done = new java.util.LinkedHashMap<>();
            done.put("exit_code", rc);
            sweep.update(c, sweep.fileStatus(c), done);
        } finally {
            if (gpu != null) {
                free.add(gpu);
            }
        }
    }

    private static void runCellInThisJvm(SweepDirectory sweep, SweepCell c, BlockingQueue<String> free, boolean noGpus)
            throws IOException, InterruptedException {
        onSlot(sweep, c, free, noGpus, (gpu, started) -> {
            List<String> args = new CellLauncher(List.of(), CellLauncher.Style.MAIN).command(sweep.grid(), c, sweep.runDir(c));
            started.at(ProcessHandle.current().pid());
            try (PrintStream log = new PrintStream(new java.io.FileOutputStream(sweep.logFile(c).toFile(), true), true,
                    java.nio.charset.StandardCharsets.UTF_8)) {
                try {
                    return RunMain.run(args.toArray(String[]::new), log);
                } catch (RuntimeException | OutOfMemoryError e) {
                    // as a process would: the cell fails with its stack trace in its log, the others go on
                    e.printStackTrace(log);
                    return 1;
                }
            }
        });
    }

    private static void runCell(SweepDirectory sweep, SweepCell c, CellLauncher launcher, BlockingQueue<String> free,
            Set<Process> live, boolean noGpus) throws IOException, InterruptedException {
        onSlot(sweep, c, free, noGpus, (gpu, started) -> {
            ProcessBuilder pb = new ProcessBuilder(launcher.command(sweep.grid(), c, sweep.runDir(c)))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(sweep.logFile(c).toFile()));
            if (gpu != null) {
                pb.environment().put("CUDA_VISIBLE_DEVICES", gpu);
            }
            Process p = pb.start();
            live.add(p);
            started.at(p.pid());
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                p.destroy(); // the sweep is stopping: the cell keeps its completed tasks for --resume
                p.waitFor(30, TimeUnit.SECONDS);
                throw e;
            } finally {
                live.remove(p);
            }
        });
    }
}
