package org.tasl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tasl.api.Tasl;
import org.tasl.data.Benchmark;
import org.tasl.event.RunEvent;
import org.tasl.run.Experiment;
import org.tasl.run.RunConfig;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunOptions;
import org.tasl.run.RunResult;
import org.tasl.run.RunState;
import org.tasl.run.StopOnSignal;
import org.tasl.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tasl run}: one continual-learning run. Every run option (org.tasl.run.RunOptions) is a
 * flag; Ctrl-C stops at the next step boundary and leaves a directory that --resume continues.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a method over a task stream and evaluate after every task.",
            "Example: ./tasl run --benchmark long-sequence --order 4 --method tasl --backbone all-minilm-l6-v2"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--resume", description = "continue the run in --out after its last completed task")
    boolean resume;

    @Option(names = "--dashboard", description = "serve the live dashboard for this run (prints its URL)")
    boolean dashboard;

    @Option(names = "--dashboard-port", defaultValue = "0", description = "dashboard port (0 = any free port)")
    int dashboardPort;

    @Option(names = "--json", description = "print results.json at the end instead of the summary")
    boolean json;

    @Override
    public Integer call() {
        RunConfig cfg = RunOptionsCli.read(spec.commandLine().getParseResult(), RunConfig.defaults());
        if (resume && cfg.get(RunOptions.OUT) == null) {
            // without --out a fresh runs/<method>-<timestamp> would start from scratch instead
            throw new IllegalArgumentException("--resume needs --out DIR: the run directory to continue");
        }
        RunResult r = runWithProgress(cfg, resume, dashboard, dashboardPort, !json);
        if (json) {
            System.out.println(Json.pretty(r.toJson()));
        } else {
            System.out.println("results: " + r.dir().resolve("results.json"));
        }
        return r.status().equals("completed") ? 0 : 130;
    }

    /** A failed run's error, then what its directory kept and how to continue it. */
    static String withRecord(RuntimeException e, Path dir, RunState state) {
        return (e.getMessage() == null ? e.toString() : e.getMessage()) + "\n" + dir + " records the failure in"
                + " results.json (status " + state.status() + ", " + state.progress() + ") and keeps every file written"
                + " so far; once the cause is fixed, --resume --out " + dir + " with the same options (its "
                + RunDirectory.CONFIG + " records them) goes on " + state.resumePoint();
    }

    /** Runs with a progress bar, Ctrl-C handling and, if asked, the dashboard. Shared with demo. */
    static RunResult runWithProgress(RunConfig cfg, boolean resume, boolean dashboard, int port, boolean progress) {
        Benchmark bench = Tasl.benchmark(cfg);
        Experiment exp = Tasl.experiment(bench, cfg).setResume(resume);
        if (progress) {
            exp.addListener(new ProgressPrinter(System.out));
        }
        AutoCloseable board = dashboard ? DashboardLink.attach(exp, port) : null;
        AtomicBoolean recorded = new AtomicBoolean(); // the run got as far as recording its failure in its directory
        exp.addListener(e -> recorded.compareAndSet(false, e.type() == RunEvent.Type.RUN_FINISHED
                && RunState.FAILED.equals(e.get("status"))));
        try {
            return StopOnSignal.run(exp, null, () -> System.err.println(
                    "\ninterrupted: stopping at the next step boundary (resume with --resume --out " + exp.outDir() + ")"));
        } catch (RuntimeException e) {
            if (recorded.get() && RunDirectory.exists(exp.outDir())) {
                throw new IllegalStateException(withRecord(e, exp.outDir(), RunDirectory.open(exp.outDir()).state()), e);
            }
            throw e;
        } finally {
            if (board != null) {
                try {
                    board.close();
                } catch (Exception ignored) {
                    // closing a browser link must not mask the run's outcome
                }
            }
        }
    }
}
