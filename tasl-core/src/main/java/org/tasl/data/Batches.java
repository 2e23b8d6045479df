package org.tasl.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Splits rows into mini-batches. Training batches are shuffled with a generator seeded from
 * the run seed, the task and the epoch, so that a resumed run sees the same batches.
 */
public final class Batches {
    private Batches() {}

    /** Consecutive batches in the given order; the last one may be smaller. */
    public static <T> List<List<T>> inOrder(List<T> rows, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += batchSize) {
            out.add(List.copyOf(rows.subList(i, Math.min(rows.size(), i + batchSize))));
        }
        return out;
    }

    /** Batches of a shuffled copy of the rows (the input list is not changed). */
    public static <T> List<List<T>> shuffled(List<T> rows, int batchSize, Random rng) {
        List<T> copy = new ArrayList<>(rows);
        Collections.shuffle(copy, rng);
        return inOrder(copy, batchSize);
    }

    /** Shuffled batches for one epoch of one task; same arguments, same batches. */
    public static <T> List<List<T>> forEpoch(List<T> rows, int batchSize, long seed, int taskIndex, int epoch) {
        long s = seed * 0x9E3779B97F4A7C15L + taskIndex * 1_000_003L + epoch;
        return shuffled(rows, batchSize, new Random(s));
    }

    /** Number of batches an epoch has. */
    public static int count(int rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }
}
