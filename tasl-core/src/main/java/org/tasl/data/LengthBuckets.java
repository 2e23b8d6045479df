package org.tasl.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluation batches by length: the rows are ordered by token length, longest first (equal
 * lengths keep their row order), and cut into consecutive batches of {@code batchSize}, so a
 * batch pads only to its own longest row instead of to the longest of rows that happen to sit
 * next to it. Batches hold row indices; a caller writes each batch's per-row results back at
 * those indices, so the results come out in row order whatever the batching.
 *
 * <p>Longest first: the batch that needs the most memory runs first, so a budget that does not
 * fit fails at once rather than after the cheap batches.
 */
public final class LengthBuckets {
    private LengthBuckets() {}

    /**
     * @param lengths token length of every row
     * @return row indices per batch, longest rows first; every row appears exactly once
     */
    public static List<int[]> byLength(int[] lengths, int batchSize) {
        requirePositive(batchSize);
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Arrays.sort on objects is stable: rows of equal length stay in row order.
        Arrays.sort(order, (a, b) -> Integer.compare(lengths[b], lengths[a]));
        return cut(Arrays.stream(order).mapToInt(Integer::intValue).toArray(), batchSize);
    }

    /** Consecutive batches in row order (no bucketing): the reference the bucketed path must match. */
    public static List<int[]> inRowOrder(int rows, int batchSize) {
        requirePositive(batchSize);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        return cut(order, batchSize);
    }

    /**
     * Token positions the batches occupy once each is padded to its longest row (Σ rows × longest),
     * against Σ lengths for no padding at all: the work that bucketing saves.
     */
    public static long paddedPositions(List<int[]> batches, int[] lengths) {
        long total = 0;
        for (int[] batch : batches) {
            int longest = 0;
            for (int row : batch) {
                longest = Math.max(longest, lengths[row]);
            }
            total += (long) longest * batch.length;
        }
        return total;
    }

    private static List<int[]> cut(int[] order, int batchSize) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            out.add(Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
        }
        return out;
    }

    private static void requirePositive(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
    }
}
