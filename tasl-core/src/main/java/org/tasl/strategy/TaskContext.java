package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.tasl.data.Task;
import org.tasl.model.LanguageModel;

/**
 * What the loop and its plugins share while a run goes: the model, the task at hand, the
 * trainable tensors, and a place to publish events. One instance per run; {@link #taskIndex}
 * moves on with each task.
 */
public final class TaskContext {
    private final StrategySettings config;
    private final Method method;
    private final LanguageModel model;
    private final List<Task> tasks;
    private final RunEvents events;
    private final AdapterManager adapters;
    private final LearnerSink sink;
    private int taskIndex = -1;
    private final CancellationToken cancel = new CancellationToken();

    TaskContext(StrategySettings config, Method method, LanguageModel model, List<Task> tasks, RunEvents events,
            AdapterManager adapters, LearnerSink sink) {
        this.config = config;
        this.method = method;
        this.model = model;
        this.tasks = tasks;
        this.events = events;
        this.adapters = adapters;
        this.sink = sink;
    }

    /** Where what the loop produces goes (the run directory, in a run). */
    public LearnerSink sink() {
        return sink;
    }

    public StrategySettings config() {
        return config;
    }

    public Method method() {
        return method;
    }

    public LanguageModel model() {
        return model;
    }

    public List<Task> tasks() {
        return tasks;
    }

    public int taskIndex() {
        return taskIndex;
    }

    void setTaskIndex(int k) {
        this.taskIndex = k;
    }

    public Task task() {
        return tasks.get(taskIndex);
    }

    /** Stops the run at the next step boundary when cancelled. */
    public CancellationToken cancellation() {
        return cancel;
    }

    public RunEvents events() {
        return events;
    }

    public AdapterManager adapters() {
        return adapters;
    }

    /** The tensors being trained for the current task, by stable name (live arrays, not copies). */
    public Map<String, NDArray> trainable() {
        return adapters.trainable();
    }

    /** The tensors that make up the carried-over model θ̂ (all adapters of shared or incremental methods). */
    public Map<String, NDArray> state() {
        return adapters.state();
    }
}
