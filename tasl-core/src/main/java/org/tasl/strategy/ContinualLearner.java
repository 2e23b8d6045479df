package org.tasl.strategy;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;
import org.tasl.data.Task;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.eval.ContinualMetrics;
import org.tasl.event.RunEvent;
import org.tasl.model.LanguageModel;
import org.tasl.scoring.LabelLoss;

/**
 * The continual-learning loop of TASL_SPEC §1 and §8: for each task, set up the adapters,
 * train (plugins track importance and add regularizers), consolidate, evaluate on every task,
 * and save everything a resumed run or a later what-if needs. The loop knows the rules only
 * through its plugins, and its watchers only through events.
 */
public final class ContinualLearner {
    private final StrategySettings config;
    private final Method method;
    private final LanguageModel model;
    private final List<Task> tasks;
    private final LearnerSink sink;
    private final RunEvents events;
    private final List<TrainingPlugin> plugins;
    private final CancellationToken cancel;
    private final TaskContext ctx;
    private final Evaluator evaluator;

    public ContinualLearner(StrategySettings config, LanguageModel model, List<Task> tasks, LearnerSink sink,
            RunEvents events, List<TrainingPlugin> plugins) {
        this.config = config;
        this.method = Method.of(config.method());
        this.model = model;
        this.tasks = tasks;
        this.sink = sink;
        this.events = events;
        this.plugins = plugins;
        this.ctx = new TaskContext(config, method, model, tasks, events, new AdapterManager(model, method, config), sink);
        this.cancel = ctx.cancellation();
        this.evaluator = new Evaluator(config.evalBatchSize(), config.evalMode(), 32);
        model.prepareTasks(tasks, LabelLoss.parse(config.labelLoss()));
    }

    public TaskContext context() {
        return ctx;
    }

    /** Runs (or resumes) every task; returns the accuracy matrix, baseline and timings. */
    public Outcome run(double secondsBefore) throws IOException {
        long t0 = System.nanoTime();
        List<String> names = tasks.stream().map(Task::name).toList();
        AccuracyMatrix matrix = new AccuracyMatrix(names);
        int start = restore(matrix);
        double[] baseline = sink.savedBaseline();
        if (baseline == null) {
            baseline = baselineScores();
            sink.baseline(baseline);
        }
        if (method.joint()) {
            if (start == 0) {
                trainJointly(matrix);
            }
        } else {
            for (int k = start; k < tasks.size(); k++) {
                runTask(k, matrix);
            }
        }
        double seconds = secondsBefore + (System.nanoTime() - t0) / 1e9;
        return new Outcome(matrix, baseline, seconds);
    }

    /** Result of a finished loop. */
    public record Outcome(AccuracyMatrix matrix, double[] baseline, double seconds) {
        public ContinualMetrics metrics() {
            return ContinualMetrics.of(matrix, baseline);
        }
    }

    private void runTask(int k, AccuracyMatrix matrix) throws IOException {
        long t0 = System.nanoTime();
        Task task = tasks.get(k);
        ctx.setTaskIndex(k);
        reseed(k);
        ctx.adapters().prepareTask(k);
        for (TrainingPlugin p : plugins) {
            p.beforeTask(ctx);
        }
        List<Example> data = task.train();
        for (TrainingPlugin p : plugins) {
            data = p.trainingData(ctx, data);
        }
        int steps = stepsFor(data.size());
        events.publish(RunEvent.Type.TASK_STARTED, "task", k, "task_name", task.name(), "train_size", data.size(),
                "steps", steps);
        int[] trained = new TaskTrainer(ctx, plugins, cancel).train(data, seedFor(k));
        events.publish(RunEvent.Type.TASK_TRAINED, "task", k, "task_name", task.name(), "steps", trained[0],
                "skipped_steps", trained[1], "seconds", (System.nanoTime() - t0) / 1e9);
        Path taskDir = sink.pluginDir(k, task.name());
        sink.adapters(k, task.name(), LearnerSink.Stage.THETA, ctx.state());
        for (TrainingPlugin p : plugins) {
            p.afterTraining(ctx);
        }
        sink.adapters(k, task.name(), LearnerSink.Stage.THETA_HAT, ctx.state());
        double[] row = evaluateAll(k);
        matrix.setRow(k, row);
        events.publish(RunEvent.Type.TASK_EVALUATED, "task", k, "task_name", task.name(), "row", toList(row),
                "tasks", matrix.tasks(), "metric", task.metric().wire());
        for (TrainingPlugin p : plugins) {
            p.save(ctx, taskDir);
            p.afterTask(ctx);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the record goes last: a completed task is what --resume continues after
        sink.taskCompleted(new TaskRecord(k, task.name(), row, seconds, trained[0], trained[1]), matrix);
        events.publish(RunEvent.Type.TASK_COMPLETED, "task", k, "task_name", task.name(), "seconds", seconds);
    }

    /** MTL: one training stage on the union of all tasks, evaluated once (the last row). */
    private void trainJointly(AccuracyMatrix matrix) throws IOException {
        long t0 = System.nanoTime();
        int last = tasks.size() - 1;
        ctx.setTaskIndex(last);
        reseed(0);
        ctx.adapters().prepareTask(0);
        for (TrainingPlugin p : plugins) {
            p.beforeTask(ctx);
        }
        List<Example> all = new ArrayList<>();
        for (Task t : tasks) {
            all.addAll(t.train());
        }
        events.publish(RunEvent.Type.TASK_STARTED, "task", last, "task_name", "all tasks (joint)",
                "train_size", all.size(), "steps", stepsFor(all.size()));
        int[] trained = new TaskTrainer(ctx, plugins, cancel).train(all, seedFor(0));
        for (TrainingPlugin p : plugins) {
            p.afterTraining(ctx);
        }
        double[] row = evaluateAll(last);
        matrix.setRow(last, row);
        sink.adapters(last, tasks.get(last).name(), LearnerSink.Stage.THETA_HAT, ctx.state());
        events.publish(RunEvent.Type.TASK_EVALUATED, "task", last, "task_name", "all tasks (joint)",
                "row", toList(row), "tasks", matrix.tasks(), "metric", tasks.get(last).metric().wire());
        for (TrainingPlugin p : plugins) {
            p.afterTask(ctx);
        }
        sink.taskCompleted(new TaskRecord(last, tasks.get(last).name(), row, (System.nanoTime() - t0) / 1e9,
                trained[0], trained[1]), matrix);
    }

    /** b_i: the starting backbone (fresh adapters, B = 0, change nothing) on every task. */
    private double[] baselineScores() {
        double[] b = new double[tasks.size()];
        ctx.adapters().prepareBaseline();
        for (int i = 0; i < tasks.size(); i++) {
            cancel.check();
            b[i] = evaluator.score(model, tasks.get(i));
        }
        events.log("info", "baseline scores of the starting backbone: " + toList(b));
        return b;
    }

    private double[] evaluateAll(int k) {
        double[] row = new double[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            cancel.check();
            ctx.adapters().activateForEvaluation(i, k);
            row[i] = evaluator.score(model, tasks.get(i));
        }
        ctx.adapters().activateForTraining();
        return row;
    }

    /** Loads θ̂ of the last completed task and the plugins' state; returns the next task index. */
    private int restore(AccuracyMatrix matrix) throws IOException {
        List<TaskRecord> done = sink.completed(tasks.stream().map(Task::name).toList());
        if (done.isEmpty()) {
            return 0;
        }
        int last = -1;
        for (TaskRecord r : done) {
            matrix.setRow(r.task(), r.row());
            last = Math.max(last, r.task());
        }
        if (method.joint()) {
            return tasks.size();
        }
        for (int k = 0; k <= last; k++) {
            ctx.setTaskIndex(k);
            reseed(k);
            ctx.adapters().prepareTask(k);
        }
        Path lastDir = sink.pluginDir(last, tasks.get(last).name());
        try (ai.djl.ndarray.NDManager scope = model.manager().newSubManager()) {
            ctx.adapters().load(sink.loadAdapters(last, tasks.get(last).name(), LearnerSink.Stage.THETA_HAT, scope));
        }
        for (TrainingPlugin p : plugins) {
            p.restore(ctx, lastDir);
        }
        events.log("info", "resuming after task " + last + " (" + tasks.get(last).name() + ")");
        return last + 1;
    }

    private int stepsFor(int n) {
        int batch = config.batchSize();
        int accum = Math.max(1, config.gradAccum());
        int micro = (n + batch - 1) / batch;
        return Math.max(1, (micro + accum - 1) / accum) * Math.max(1, config.epochs());
    }

    private long seedFor(int k) {
        return config.seed() * 1_000_003L + k;
    }

    /** Per-task reseeding makes a resumed run draw the same initialisations and dropout masks. */
    private void reseed(int k) {
        Engine.getInstance().setRandomSeed((int) (seedFor(k) & 0x7fffffff));
    }

    static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double d : a) {
            l.add(Double.isFinite(d) ? d : null);
        }
        return l;
    }
}
