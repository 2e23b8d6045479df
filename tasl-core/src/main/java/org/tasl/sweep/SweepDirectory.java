package org.tasl.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tasl.util.Json;

/**
 * A sweep directory: {@code sweep.json} (the grid, the executor, per cell its state and run
 * directory), {@code runs/<cell>/} (one run directory per cell, the usual layout),
 * {@code logs/<cell>.log} (each cell's output) and, once cells completed,
 * {@code summary.json|csv|md}. sweep.json is rewritten atomically; one process at a time
 * writes it (the local executor's threads go through this object's lock).
 *
 * <pre>
 * sweep.json: {"version": 1, "created": ISO-8601, "grid": {"axes": {key: [values]}, "fixed": {key: value}},
 *              "executor": {"name", "parallel", "per_gpu", "gpus", "partition", "time", "gres", "mem",
 *                           "cpus_per_task", "sbatch"},
 *              "launcher": [the command a cell's arguments follow], "jobs": [{"id", "cells", "submitted"}],
 *              "cells": [{"index", "name", "values", "dir", "log", "state", "tasks_done", "tasks_total",
 *                         "exit_code", "job", "gpu", "updated"}]}
 * </pre>
 */
public final class SweepDirectory {
    public static final String SWEEP_JSON = "sweep.json";
    public static final String RUNS = "runs";
    public static final String LOGS = "logs";
    static final int VERSION = 1;

    private final Path dir;
    private final SweepGrid grid;
    private final List<SweepCell> cells;
    private final Map<String, Object> json;

    private SweepDirectory(Path dir, SweepGrid grid, Map<String, Object> json) {
        this.dir = dir;
        this.grid = grid;
        this.cells = grid.cells();
        this.json = json;
    }

    /** True when {@code dir} holds a sweep.json. */
    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(SWEEP_JSON));
    }

    /**
     * A new sweep in {@code dir}, which must not exist or be empty: an existing sweep is
     * continued with --resume, never overwritten.
     */
    public static SweepDirectory create(Path dir, SweepGrid grid, SweepOptions options) {
        if (isSweep(dir)) {
            throw new IllegalArgumentException(dir + " already holds a sweep (" + SWEEP_JSON
                    + "): continue it with --resume " + dir + ", or choose another --out; nothing was written");
        }
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not an empty folder or a sweep directory; "
                    + "choose another --out; nothing was written");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("created", Instant.now().toString());
        m.put("grid", grid.toJson());
        m.put("executor", options.toJson());
        m.put("launcher", List.of());
        m.put("jobs", new ArrayList<>());
        List<Object> cellJson = new ArrayList<>();
        for (SweepCell c : grid.cells()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", c.index());
            r.put("name", c.name());
            r.put("values", c.values());
            r.put("dir", RUNS + "/" + c.name());
            r.put("log", LOGS + "/" + c.name() + ".log");
            r.put("state", CellStatus.State.PENDING.wire());
            r.put("tasks_done", 0);
            r.put("tasks_total", 0);
            r.put("exit_code", null);
            r.put("job", null);
            r.put("gpu", null);
            r.put("updated", null);
            cellJson.add(r);
        }
        m.put("cells", cellJson);
        SweepDirectory s = new SweepDirectory(dir, grid, m);
        try {
            Files.createDirectories(dir.resolve(RUNS));
            Files.createDirectories(dir.resolve(LOGS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create sweep directory " + dir + ": " + e.getMessage(), e);
        }
        s.save();
        return s;
    }

    /** An existing sweep; its sweep.json must describe the same cells the grid expands to. */
    public static SweepDirectory open(Path dir) {
        if (!isSweep(dir)) {
            throw new IllegalArgumentException(dir + ": not a sweep directory (no " + SWEEP_JSON + ")");
        }
        Path f = dir.resolve(SWEEP_JSON);
        Map<String, Object> m = Json.readObject(f);
        SweepGrid grid = SweepGrid.fromJson(m.get("grid"), f.toString());
        if (!(m.get("cells") instanceof List<?> cells) || !(m.get("executor") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(f + ": fields 'cells' (a list) and 'executor' (an object) are required");
        }
        List<SweepCell> expected = grid.cells();
        if (cells.size() != expected.size()) {
            throw new IllegalArgumentException(f + ": " + cells.size() + " cells but the grid has " + expected.size());
        }
        for (int i = 0; i < cells.size(); i++) {
            if (!(cells.get(i) instanceof Map<?, ?> c) || !expected.get(i).name().equals(c.get("name"))) {
                throw new IllegalArgumentException(f + ": cells[" + i + "] is not the grid's cell '"
                        + expected.get(i).name() + "'");
            }
        }
        if (!(m.get("jobs") instanceof List<?>)) {
            m.put("jobs", new ArrayList<>());
        }
        return new SweepDirectory(dir, grid, m);
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public SweepGrid grid() {
        return grid;
    }

    public List<SweepCell> cells() {
        return cells;
    }

    public Path runDir(SweepCell c) {
        return dir.resolve(RUNS).resolve(c.name());
    }

    public Path logFile(SweepCell c) {
        return dir.resolve(LOGS).resolve(c.name() + ".log");
    }

    public synchronized SweepOptions options() {
        return SweepOptions.fromJson((Map<?, ?>) json.get("executor"), dir.resolve(SWEEP_JSON).toString());
    }

    public synchronized void setOptions(SweepOptions o) {
        json.put("executor", o.toJson());
    }

    public synchronized void setLauncher(List<String> command) {
        json.put("launcher", List.copyOf(command));
    }

    /** The recorded entry of a cell (a copy): state, exit_code, job, gpu, ... */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> record(SweepCell c) {
        return new LinkedHashMap<>((Map<String, Object>) ((List<?>) json.get("cells")).get(c.index()));
    }

    /** Records a cell's status and any extra keys (exit_code, job, gpu, pid), then saves sweep.json. */
    public synchronized void update(SweepCell c, CellStatus status, Map<String, Object> extra) {
        setStatus(c, status, extra);
        save();
    }

    /** Records a cell's status and extra keys without saving (call {@link #save()} after a batch). */
    @SuppressWarnings("unchecked")
    public synchronized void setStatus(SweepCell c, CellStatus status, Map<String, Object> extra) {
        Map<String, Object> r = (Map<String, Object>) ((List<?>) json.get("cells")).get(c.index());
        r.put("state", status.state().wire());
        r.put("tasks_done", status.tasksDone());
        r.put("tasks_total", status.tasksTotal());
        r.putAll(extra);
        r.put("updated", Instant.now().toString());
    }

    /** Records a submitted scheduler job and which cells it runs. */
    @SuppressWarnings("unchecked")
    public synchronized void addJob(String id, List<Integer> cellIndexes) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", id);
        j.put("cells", List.copyOf(cellIndexes));
        j.put("submitted", Instant.now().toString());
        ((List<Object>) json.get("jobs")).add(j);
        save();
    }

    public synchronized List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        for (Object j : (List<?>) json.get("jobs")) {
            if (j instanceof Map<?, ?> m && m.get("id") != null) {
                ids.add(String.valueOf(m.get("id")));
            }
        }
        return ids;
    }

    /** Every cell's state as its files show it (read-only: no scheduler asked, nothing written). */
    public Map<SweepCell, CellStatus> fileStatuses() {
        Map<SweepCell, CellStatus> m = new LinkedHashMap<>();
        cells.forEach(c -> m.put(c, fileStatus(c)));
        return m;
    }

    /** The state a cell's files show. */
    public CellStatus fileStatus(SweepCell c) {
        return CellStatus.of(runDir(c));
    }

    public synchronized void save() {
        Json.writeAtomically(dir.resolve(SWEEP_JSON), json);
    }
}
