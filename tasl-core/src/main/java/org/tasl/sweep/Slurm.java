package org.tasl.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Slurm client commands a sweep uses: sbatch, squeue, sacct, scancel (on PATH). */
final class Slurm {
    record Result(int code, String output) {}

    static Slurm onPath() {
        return new Slurm();
    }

    /** Submits {@code script} as a job array over {@code arraySpec} ("0,2,3%2") and returns the job id. */
    String submit(Path script, String arraySpec) {
        Result r = run(List.of("sbatch", "--parsable", "--array=" + arraySpec, script.toAbsolutePath().toString()));
        if (r.code() != 0) {
            throw new IllegalStateException("sbatch " + script + " failed (exit " + r.code() + "): " + r.output().strip());
        }
        String id = r.output().strip();
        int semi = id.indexOf(';');  // "12;cluster" on federated setups
        id = semi >= 0 ? id.substring(0, semi) : id;
        if (!id.matches("\\d+")) {
            throw new IllegalStateException("sbatch answered '" + r.output().strip() + "', expected a job id");
        }
        return id;
    }

    /**
     * The queue state (PENDING, RUNNING, ...) of every array task of these jobs still known to
     * slurmctld, keyed "JOB_TASK". An empty map when none is (finished jobs leave the queue).
     */
    Map<String, String> queue(List<String> jobIds) {
        Map<String, String> m = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return m;
        }
        Result r = run(List.of("squeue", "-h", "-r", "-o", "%i|%T"));
        if (r.code() != 0) {
            throw new IllegalStateException("squeue failed (exit " + r.code() + "): " + r.output().strip());
        }
        parseQueue(r.output(), jobIds, m);
        return m;
    }

    static void parseQueue(String output, List<String> jobIds, Map<String, String> into) {
        for (String line : output.split("\n")) {
            int bar = line.indexOf('|');
            if (bar < 0) {
                continue;
            }
            String id = line.substring(0, bar).trim();
            int us = id.indexOf('_');
            if (us > 0 && jobIds.contains(id.substring(0, us))) {
                into.put(id, line.substring(bar + 1).trim());
            }
        }
    }

    /**
     * Final states from accounting (COMPLETED, CANCELLED, FAILED, TIMEOUT, PREEMPTED, ...) keyed
     * "JOB_TASK"; empty when the cluster keeps no accounting (sacct then fails, which is fine:
     * the cell's run directory tells the rest).
     */
    Map<String, String> accounting(List<String> jobIds) {
        Map<String, String> m = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return m;
        }
        Result r = run(List.of("sacct", "-n", "-P", "-X", "-j", String.join(",", jobIds), "-o", "JobID,State"));
        if (r.code() != 0) {
            return m;
        }
        for (String line : r.output().split("\n")) {
            String[] f = line.split("\\|");
            if (f.length >= 2 && f[0].contains("_")) {
                m.put(f[0].trim(), f[1].trim().split(" ")[0]);
            }
        }
        return m;
    }

    Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, command.get(0) + " did not answer within 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " not found: is this a Slurm machine? (Slurm's client "
                    + "commands must be on PATH; tools/slurm/local-cluster.sh start makes a local cluster)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }
}
