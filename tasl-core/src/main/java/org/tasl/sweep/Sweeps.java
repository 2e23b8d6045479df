package org.tasl.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operations on a sweep, shared by {@code ./tasl sweep} and {@link SweepMain}: start a grid,
 * resume the unfinished cells, report the status, wait for a scheduler, write the summary.
 */
public final class Sweeps {
    private Sweeps() {}

    /** Creates the sweep directory and launches every cell. Returns the exit code (0 = as asked). */
    public static int start(Path dir, SweepGrid grid, SweepOptions options, CellLauncher launcher, boolean wait,
            Duration poll, PrintStream out) {
        SweepExecutor executor = checkedExecutor(grid, options, out);
        SweepDirectory sweep = SweepDirectory.create(dir, grid, options);
        return launch(sweep, options, executor, launcher, wait, poll, out);
    }

    /**
     * Runs the cells of an existing sweep that are neither completed nor queued/running. A grid
     * given here must be the sweep's own (else an error, nothing written); options null keeps
     * the recorded executor settings.
     */
    public static int resume(Path dir, SweepGrid grid, SweepOptions options, CellLauncher launcher, boolean wait,
            Duration poll, PrintStream out) {
        SweepDirectory sweep = SweepDirectory.open(dir);
        if (grid != null) {
            List<String> d = sweep.grid().differences(grid);
            if (!d.isEmpty()) {
                throw new IllegalArgumentException(dir.resolve(SweepDirectory.SWEEP_JSON) + " holds another grid ("
                        + String.join("; ", d) + ", recorded vs given): resume it without grid options, or start "
                        + "this grid in another --out; nothing was written");
            }
        }
        SweepOptions o = options != null ? options : sweep.options();
        SweepExecutor executor = checkedExecutor(sweep.grid(), o, out);
        return launch(sweep, o, executor, launcher, wait, poll, out);
    }

    /**
     * The executor of {@code options}, after the checks that must fail before anything is written:
     * its settings, and the grid's backbones (see {@link BackboneCheck}: a warning for slurm and print).
     */
    private static SweepExecutor checkedExecutor(SweepGrid grid, SweepOptions options, PrintStream out) {
        SweepExecutor executor = SweepExecutor.of(options);
        if (executor instanceof LocalExecutor l) {
            l.parallel();
        }
        BackboneCheck.check(grid, options.executor(), out);
        return executor;
    }

    private static int launch(SweepDirectory sweep, SweepOptions options, SweepExecutor executor, CellLauncher launcher,
            boolean wait, Duration poll, PrintStream out) {
        Map<SweepCell, CellStatus> before = status(sweep);
        List<SweepCell> todo = new ArrayList<>();
        int busy = 0;
        for (SweepCell c : sweep.cells()) {
            switch (before.get(c).state()) {
                case PENDING, PARTIAL, FAILED -> todo.add(c);
                case QUEUED, RUNNING -> busy++;
                case COMPLETED -> { }
            }
        }
        if (busy > 0) {
            out.printf("%d cell(s) already queued or running: left to their scheduler%n", busy);
        }
        sweep.setOptions(options);
        sweep.setLauncher(launcher.prefix());
        sweep.save();
        if (todo.isEmpty()) {
            out.printf("nothing to run: %d of %d cell(s) completed%n", count(before, CellStatus.State.COMPLETED),
                    sweep.cells().size());
        } else {
            executor.launch(sweep, todo, launcher, out);
        }
        if (options.executor() == SweepOptions.Executor.SLURM && wait) {
            waitForScheduler(sweep, poll, out);
        }
        if (options.executor() == SweepOptions.Executor.PRINT) {
            out.printf("# then: ./tasl sweep --status %s (writes the summary)%n", sweep.dir());
            return 0;
        }
        if (options.executor() == SweepOptions.Executor.SLURM && !wait) {
            out.printf("follow it with: ./tasl sweep --status %s (or --wait)%n", sweep.dir());
            return 0;
        }
        Map<SweepCell, CellStatus> after = status(sweep);
        summarize(sweep, after, out);
        return count(after, CellStatus.State.COMPLETED) == sweep.cells().size() ? 0 : 1;
    }

    /**
     * Every cell's status: its files, overridden by a live local process (recorded pid) or by the
     * Slurm queue while it holds the cell. Records them in sweep.json.
     */
    public static Map<SweepCell, CellStatus> status(SweepDirectory sweep) {
        Map<String, String> queue = Map.of();
        List<String> jobs = sweep.jobIds();
        if (!jobs.isEmpty()) {
            try {
                queue = Slurm.onPath().queue(jobs);
            } catch (IllegalStateException e) {
                System.err.println("warning: cannot read the Slurm queue (" + e.getMessage() + "); states from the run directories");
            }
        }
        Map<SweepCell, CellStatus> out = new LinkedHashMap<>();
        for (SweepCell c : sweep.cells()) {
            CellStatus files = sweep.fileStatus(c);
            Map<String, Object> rec = sweep.record(c);
            CellStatus s = files;
            if (!files.finished()) {
                String q = rec.get("job") == null ? null : queue.get(String.valueOf(rec.get("job")));
                if (q != null) {
                    s = files.with(q.startsWith("RUNNING") || q.startsWith("COMPLETING") ? CellStatus.State.RUNNING
                            : CellStatus.State.QUEUED);
                } else if ("running".equals(rec.get("state")) && rec.get("pid") instanceof Number pid
                        && ProcessHandle.of(pid.longValue()).map(ProcessHandle::isAlive).orElse(false)) {
                    s = files.with(CellStatus.State.RUNNING);
                }
            }
            out.put(c, s);
            sweep.setStatus(c, s, Map.of());
        }
        sweep.save();
        return out;
    }

    /** Prints one line per cell and writes the summary when any cell completed. */
    public static int printStatus(Path dir, PrintStream out) {
        SweepDirectory sweep = SweepDirectory.open(dir);
        Map<SweepCell, CellStatus> st = status(sweep);
        SweepOptions o = sweep.options();
        out.printf("sweep %s: %d cell(s), executor %s%n", dir, sweep.cells().size(), o.executor().wire());
        int width = sweep.cells().stream().mapToInt(c -> c.name().length()).max().orElse(4);
        for (SweepCell c : sweep.cells()) {
            Map<String, Object> rec = sweep.record(c);
            String where = rec.get("job") != null ? "job " + rec.get("job") : rec.get("gpu") != null ? "gpu " + rec.get("gpu") : "";
            out.printf(Locale.ROOT, "  %-" + width + "s  %-24s %s%n", c.name(), st.get(c).describe(), where);
        }
        Map<CellStatus.State, Integer> counts = new LinkedHashMap<>();
        st.values().forEach(s -> counts.merge(s.state(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k.wire()));
        out.println("  " + String.join(", ", parts));
        if (counts.getOrDefault(CellStatus.State.COMPLETED, 0) > 0) {
            summarize(sweep, st, out);
        }
        return 0;
    }

    /** Blocks until none of the sweep's cells is queued or running in Slurm, printing changes. */
    static void waitForScheduler(SweepDirectory sweep, Duration poll, PrintStream out) {
        String last = "";
        while (true) {
            Map<SweepCell, CellStatus> st = status(sweep);
            Map<CellStatus.State, Integer> counts = new LinkedHashMap<>();
            st.values().forEach(s -> counts.merge(s.state(), 1, Integer::sum));
            String line = counts.toString().toLowerCase(Locale.ROOT);
            if (!line.equals(last)) {
                out.println("waiting: " + line);
                last = line;
            }
            if (counts.getOrDefault(CellStatus.State.QUEUED, 0) + counts.getOrDefault(CellStatus.State.RUNNING, 0) == 0) {
                return;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Slurm array; the jobs keep running");
            }
        }
    }

    private static void summarize(SweepDirectory sweep, Map<SweepCell, CellStatus> st, PrintStream out) {
        Map<String, Object> s = SweepSummary.write(sweep, st);
        out.printf("summary: %s (and .csv, .md)%n", sweep.dir().resolve(SweepSummary.JSON));
        out.print(SweepSummary.methodTable(s));
    }

    private static int count(Map<SweepCell, CellStatus> st, CellStatus.State s) {
        return (int) st.values().stream().filter(x -> x.state() == s).count();
    }
}
