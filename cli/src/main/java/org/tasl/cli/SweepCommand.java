package org.tasl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tasl.run.RunOption;
import org.tasl.run.RunOptions;
import org.tasl.sweep.CellLauncher;
import org.tasl.sweep.SweepMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code ./tasl sweep}: a grid of runs into one sweep directory. A thin front end: the options
 * become the {@code key=value} arguments of {@link SweepMain} (the same engine the GPU bundle
 * runs), and each cell is a separate {@code ./tasl run --resume} process.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a grid of runs (methods × orders × seeds × any --set option) into one sweep directory: "
                + "runs/<cell>/ per cell, sweep.json, logs/<cell>.log, and summary.csv/.md/.json "
                + "(per method and per order AP, BWT, FWT as mean ± sd with n; the paper's numbers beside them "
                + "when the benchmark and orders are the paper's).",
            "Example: ./tasl sweep --methods tasl,seqlora,olora --orders 4,5,6 --seeds 1,2,3 --set lr=3e-4,5e-4 "
                + "--backbone all-minilm-l6-v2 --out runs/table --parallel 2",
            "Every run option below is a fixed option of all cells."})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "the new sweep directory")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "run the unfinished cells of the sweep in DIR "
            + "(a cell killed mid-run continues after its last completed task); grid options, if given, must be DIR's")
    Path resume;

    @Option(names = "--status", paramLabel = "DIR", description = "print every cell's state (from its run directory, "
            + "the local processes and squeue) and write the summary of the completed cells")
    Path status;

    @Option(names = "--methods", paramLabel = "LIST", description = "grid axis: methods, comma-separated")
    String methods;

    @Option(names = "--orders", paramLabel = "LIST", description = "grid axis: task orders, comma-separated")
    String orders;

    @Option(names = "--seeds", paramLabel = "LIST", description = "grid axis: seeds, comma-separated")
    String seeds;

    @Option(names = "--set", paramLabel = "KEY=V1,V2", description = "grid axis over any run option (repeatable), "
            + "e.g. --set lr=3e-4,5e-4; for --tasks separate the lists by ';'")
    List<String> sets = new ArrayList<>();

    @Option(names = "--executor", paramLabel = "NAME", description = "local (processes here), threads (runs in "
            + "threads of this JVM, sharing one GPU), slurm (one sbatch job array) or print (one shell line per cell); "
            + "default local")
    String executor;

    @Option(names = "--parallel", paramLabel = "N", description = "local, threads: runs at once (default: GPUs × "
            + "--per-gpu on a GPU machine, else 1); slurm: the array's throttle %%N")
    Integer parallel;

    @Option(names = "--per-gpu", paramLabel = "K", description = "local: processes per GPU "
            + "(CUDA_VISIBLE_DEVICES); threads: runs sharing the GPU; default 1")
    Integer perGpu;

    @Option(names = "--gpus", paramLabel = "LIST", description = "local: GPU ids to use (default: nvidia-smi -L, or "
            + "$CUDA_VISIBLE_DEVICES); 'none' for no GPU pinning")
    String gpus;

    @Option(names = "--partition", paramLabel = "NAME", description = "slurm --partition")
    String partition;

    @Option(names = "--time", paramLabel = "LIMIT", description = "slurm --time, e.g. 4:00:00")
    String time;

    @Option(names = "--gres", paramLabel = "GRES", description = "slurm --gres, e.g. gpu:1")
    String gres;

    @Option(names = "--mem", paramLabel = "SIZE", description = "slurm --mem, e.g. 32G")
    String mem;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "slurm --cpus-per-task")
    Integer cpusPerTask;

    @Option(names = "--sbatch", paramLabel = "LINE", description = "an extra #SBATCH line (repeatable), e.g. "
            + "--sbatch '--account=lab' --sbatch '--qos=high'")
    List<String> sbatch = new ArrayList<>();

    @Option(names = "--wait", description = "slurm: block until the array finished, then write the summary")
    boolean waitForArray;

    @Option(names = "--poll", paramLabel = "SECONDS", description = "slurm --wait: seconds between queue reads (default 10)")
    Double poll;

    @Override
    public Integer call() {
        return SweepMain.execute(arguments(spec.commandLine().getParseResult()), launcher(), System.out);
    }

    /** The options as SweepMain's key=value arguments. */
    List<String> arguments(ParseResult pr) {
        List<String> a = new ArrayList<>();
        add(a, "out", out);
        add(a, "resume", resume);
        add(a, "status", status);
        add(a, "methods", methods);
        add(a, "orders", orders);
        add(a, "seeds", seeds);
        sets.forEach(s -> a.add("set=" + s));
        add(a, "executor", executor);
        add(a, "parallel", parallel);
        add(a, "per_gpu", perGpu);
        add(a, "gpus", gpus);
        add(a, "partition", partition);
        add(a, "time", time);
        add(a, "gres", gres);
        add(a, "mem", mem);
        add(a, "cpus_per_task", cpusPerTask);
        sbatch.forEach(s -> a.add("sbatch=" + s));
        if (waitForArray) {
            a.add("wait=true");
        }
        add(a, "poll", poll);
        for (RunOption<?> o : RunOptions.all()) {
            if (!o.key().equals("out") && pr.hasMatchedOption(o.cliName())) {
                a.add(o.key() + "=" + pr.matchedOptionValue(o.cliName(), (String) null));
            }
        }
        return a;
    }

    private static void add(List<String> a, String key, Object value) {
        if (value != null) {
            a.add(key + "=" + value);
        }
    }

    /** Cells run as {@code ./tasl run ... --resume} when started from ./tasl, else RunMain on this JVM. */
    static CellLauncher launcher() {
        String home = System.getProperty("tasl.home");
        if (home != null && Files.isExecutable(Path.of(home, "tasl"))) {
            return CellLauncher.taslScript(Path.of(home, "tasl"));
        }
        return CellLauncher.currentJvm();
    }
}
