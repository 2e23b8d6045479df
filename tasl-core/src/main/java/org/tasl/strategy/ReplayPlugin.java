package org.tasl.strategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tasl.cl.ReplayMemory;
import org.tasl.data.Example;

/**
 * Experience replay (TASL_SPEC §7): remembers a small random sample of every finished task and
 * mixes the memory into each later task's training data. The memory is a deterministic
 * function of the seed and the tasks, so a resumed run rebuilds it instead of storing it.
 */
public final class ReplayPlugin implements TrainingPlugin {
    private final ReplayMemory memory;
    private final boolean mix;

    /** {@code mix}: Replay mixes the memory in; TaSL+Replay only keeps it for its skill pass. */
    public ReplayPlugin(StrategySettings cfg, boolean mix) {
        this.memory = new ReplayMemory(cfg.replayFraction(), cfg.replayMin(), cfg.seed());
        this.mix = mix;
    }

    public ReplayMemory memory() {
        return memory;
    }

    @Override
    public List<Example> trainingData(TaskContext ctx, List<Example> data) {
        return mix && memory.size() > 0 ? memory.mixInto(data) : data;
    }

    @Override
    public void afterTask(TaskContext ctx) {
        memory.remember(ctx.task().name(), ctx.task().train());
    }

    @Override
    public void restore(TaskContext ctx, Path taskDir) throws IOException {
        for (int k = 0; k <= ctx.taskIndex(); k++) {
            memory.remember(ctx.tasks().get(k).name(), ctx.tasks().get(k).train());
        }
    }
}
