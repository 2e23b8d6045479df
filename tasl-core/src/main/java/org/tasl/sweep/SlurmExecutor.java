package org.tasl.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.util.AtomicFiles;

/**
 * {@code --executor slurm}: the cells as one {@code sbatch} job array. The array index is the
 * cell's index in sweep.json; the script (SWEEP/sweep.sbatch) maps it to the cell's command,
 * which always resumes: a preempted and requeued task, or one resubmitted by
 * {@code --resume}, loses at most the task it was in. Each cell's output goes to
 * SWEEP/logs/CELL.log, Slurm's own messages to SWEEP/logs/slurm-JOB_TASK.out.
 */
final class SlurmExecutor implements SweepExecutor {
    static final String SCRIPT = "sweep.sbatch";

    private final SweepOptions options;
    private final Slurm slurm;

    SlurmExecutor(SweepOptions options, Slurm slurm) {
        this.options = options;
        this.slurm = slurm;
    }

    @Override
    public void launch(SweepDirectory sweep, List<SweepCell> cells, CellLauncher launcher, PrintStream out) {
        if (cells.isEmpty()) {
            return;
        }
        Path script = sweep.dir().resolve(SCRIPT);
        AtomicFiles.writeString(script, script(sweep, launcher, options, Path.of("").toAbsolutePath()));
        List<Integer> indexes = new ArrayList<>();
        cells.forEach(c -> indexes.add(c.index()));
        String spec = String.join(",", indexes.stream().map(String::valueOf).toList())
                + (options.parallel() > 0 ? "%" + options.parallel() : "");
        String job = slurm.submit(script, spec);
        sweep.addJob(job, indexes);
        for (SweepCell c : cells) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("job", job + "_" + c.index());
            extra.put("exit_code", null);
            sweep.update(c, sweep.fileStatus(c).with(CellStatus.State.QUEUED), extra);
        }
        out.printf("submitted job array %s (%d task(s), array %s): %s%n", job, cells.size(), spec, script);
    }

    /** The batch script: #SBATCH options, then one case branch per cell of the grid. */
    static String script(SweepDirectory sweep, CellLauncher launcher, SweepOptions o, Path workDir) {
        Path logs = sweep.dir().resolve(SweepDirectory.LOGS).toAbsolutePath();
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("#SBATCH --job-name=tasl-sweep-").append(jobName(sweep.dir())).append('\n');
        sb.append("#SBATCH --output=").append(logs.resolve("slurm-%A_%a.out")).append('\n');
        sb.append("#SBATCH --open-mode=append\n");
        sb.append("#SBATCH --requeue\n");
        if (o.partition() != null) {
            sb.append("#SBATCH --partition=").append(o.partition()).append('\n');
        }
        if (o.time() != null) {
            sb.append("#SBATCH --time=").append(o.time()).append('\n');
        }
        if (o.gres() != null) {
            sb.append("#SBATCH --gres=").append(o.gres()).append('\n');
        }
        if (o.mem() != null) {
            sb.append("#SBATCH --mem=").append(o.mem()).append('\n');
        }
        if (o.cpusPerTask() > 0) {
            sb.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
        }
        for (String line : o.sbatchLines()) {
            String l = line.strip();
            sb.append(l.startsWith("#SBATCH") ? l : "#SBATCH " + l).append('\n');
        }
        sb.append("# TaSL Studio sweep ").append(sweep.dir().toAbsolutePath()).append(": one array task per cell of sweep.json.\n");
        sb.append("# Every cell runs with resume: a requeued or resubmitted task continues after its last completed task.\n");
        sb.append("set -u\n");
        sb.append("cd ").append(CellLauncher.quote(workDir.toString())).append('\n');
        sb.append("case \"${SLURM_ARRAY_TASK_ID:-}\" in\n");
        for (SweepCell c : sweep.cells()) {
            sb.append("  ").append(c.index()).append(") # ").append(c.name()).append('\n');
            sb.append("    exec ").append(PrintExecutor.line(sweep, c, launcher)).append(" ;;\n");
        }
        sb.append("  *) echo \"tasl sweep: no cell with array index ${SLURM_ARRAY_TASK_ID:-(none)}\" >&2; exit 2 ;;\n");
        sb.append("esac\n");
        return sb.toString();
    }

    private static String jobName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "sweep" : name.toString().replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
