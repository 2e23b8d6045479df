package org.tasl.cl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tasl.data.Example;

/**
 * Episodic memory for replay (TASL_SPEC §7): after each task keep M random training examples of
 * it, M = 2 % of the task's training set but at least 10 (all of them when the task has fewer),
 * and mix the memory of every earlier task into each later task's training data.
 *
 * <p>The sample of a task depends only on the seed, the task name and its training list, so a
 * resumed run rebuilds the same memory by remembering its completed tasks again.
 */
public final class ReplayMemory {

    public static final double DEFAULT_FRACTION = 0.02;
    public static final int DEFAULT_MINIMUM = 10;

    private final double fraction;
    private final int minimum;
    private final long seed;
    private final Map<String, List<Example>> byTask = new LinkedHashMap<>();

    /** 2 % of each task, at least 10. */
    public ReplayMemory(long seed) {
        this(DEFAULT_FRACTION, DEFAULT_MINIMUM, seed);
    }

    public ReplayMemory(double fraction, int minimum, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("replay memory fraction must be in [0, 1], got " + fraction);
        }
        if (minimum < 0) {
            throw new IllegalArgumentException("replay memory minimum must be >= 0, got " + minimum);
        }
        this.fraction = fraction;
        this.minimum = minimum;
        this.seed = seed;
    }

    /** M for a training set of n examples: max(minimum, floor(fraction·n)), at most n. */
    public int sizeFor(int n) {
        return Math.min(n, Math.max(minimum, (int) Math.floor(fraction * n + 1e-9)));
    }

    /**
     * Samples and keeps M examples of a finished task (without replacement, kept in their
     * original order). Remembering a task again replaces its sample.
     */
    public List<Example> remember(String task, List<Example> train) {
        int m = sizeFor(train.size());
        // Partial Fisher–Yates over the indices: the first m are a uniform sample.
        int[] idx = new int[train.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + task.hashCode());
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, m);
        Arrays.sort(chosen);
        List<Example> sample = new ArrayList<>(m);
        for (int i : chosen) {
            sample.add(train.get(i));
        }
        List<Example> kept = Collections.unmodifiableList(sample);
        byTask.put(task, kept);
        return kept;
    }

    /** The kept examples by task, in the order the tasks were remembered. */
    public Map<String, List<Example>> byTask() {
        return Collections.unmodifiableMap(byTask);
    }

    /** Every kept example, task after task. */
    public List<Example> examples() {
        List<Example> all = new ArrayList<>();
        byTask.values().forEach(all::addAll);
        return all;
    }

    public int size() {
        return byTask.values().stream().mapToInt(List::size).sum();
    }

    /**
     * A later task's training data with the memory mixed in: {@code train} followed by every kept
     * example (the trainer's per-epoch shuffle interleaves them).
     */
    public List<Example> mixInto(List<Example> train) {
        List<Example> mixed = new ArrayList<>(train);
        mixed.addAll(examples());
        return mixed;
    }
}
