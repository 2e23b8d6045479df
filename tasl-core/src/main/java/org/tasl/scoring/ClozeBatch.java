package org.tasl.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of cloze inputs for an encoder: per row {@code [CLS] prompt [MASK]×n [SEP]},
 * dynamically padded to the longest row. Encoders hand in prompts already fitted by
 * {@code PromptTruncation} (passage cut, instruction + options and answer cue kept); a prompt
 * still longer than the budget keeps its END (the answer cue): {@code [CLS]} + last tokens +
 * masks + {@code [SEP]} fit in {@code maxTokens}. Built on the heap in one pass and shipped to the device as three
 * arrays (ids, attention mask, flat mask positions), so no per-token work happens in NDArrays.
 */
public final class ClozeBatch {
    private final int rows;
    private final int length;
    private final long[] ids;
    private final long[] attention;
    private final long[] maskPositions;
    private final int[] maskCounts;
    private final boolean padded;

    private ClozeBatch(int rows, int length, long[] ids, long[] attention, long[] maskPositions, int[] maskCounts,
            boolean padded) {
        this.rows = rows;
        this.length = length;
        this.ids = ids;
        this.attention = attention;
        this.maskPositions = maskPositions;
        this.maskCounts = maskCounts;
        this.padded = padded;
    }

    /**
     * @param prompts token ids of each prompt (no special tokens)
     * @param maskCounts the number of [MASK] tokens after each prompt (the answer's length)
     * @param maxTokens the length budget of a row, special tokens and masks included
     */
    public static ClozeBatch build(List<int[]> prompts, int[] maskCounts, int cls, int sep, int mask, int pad,
            int maxTokens) {
        int b = prompts.size();
        if (maskCounts.length != b) {
            throw new IllegalArgumentException(b + " prompts but " + maskCounts.length + " mask counts");
        }
        int[] keep = new int[b];
        int length = 0;
        int totalMasks = 0;
        for (int i = 0; i < b; i++) {
            int n = maskCounts[i];
            keep[i] = Math.min(prompts.get(i).length, Math.max(0, maxTokens - 2 - n));
            length = Math.max(length, keep[i] + n + 2);
            totalMasks += n;
        }
        long[] ids = new long[b * length];
        long[] attention = new long[b * length];
        long[] positions = new long[totalMasks];
        Arrays.fill(ids, pad);
        boolean padded = false;
        int p = 0;
        for (int i = 0; i < b; i++) {
            int[] prompt = prompts.get(i);
            int base = i * length;
            int t = 0;
            ids[base + t++] = cls;
            for (int j = prompt.length - keep[i]; j < prompt.length; j++) {
                ids[base + t++] = prompt[j];
            }
            for (int j = 0; j < maskCounts[i]; j++) {
                positions[p++] = base + t;
                ids[base + t++] = mask;
            }
            ids[base + t++] = sep;
            Arrays.fill(attention, base, base + t, 1L);
            padded |= t < length;
        }
        return new ClozeBatch(b, length, ids, attention, positions, maskCounts.clone(), padded);
    }

    /**
     * This batch with every row padded to {@code newLength} tokens (at least {@link #length()}):
     * the same tokens and masks, mask positions re-based to the new row length, and an attention
     * mask always present (all ones where nothing is padded, which adds 0 to every score).
     */
    public ClozeBatch paddedTo(int newLength, int pad) {
        if (newLength < length) {
            throw new IllegalArgumentException("cannot pad a batch of length " + length + " to " + newLength);
        }
        long[] newIds = new long[rows * newLength];
        long[] newAttention = new long[rows * newLength];
        Arrays.fill(newIds, pad);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ids, r * length, newIds, r * newLength, length);
            System.arraycopy(attention, r * length, newAttention, r * newLength, length);
        }
        long[] newPositions = new long[maskPositions.length];
        for (int i = 0; i < maskPositions.length; i++) {
            newPositions[i] = maskPositions[i] / length * newLength + maskPositions[i] % length;
        }
        return new ClozeBatch(rows, newLength, newIds, newAttention, newPositions, maskCounts.clone(), true);
    }

    public int rows() {
        return rows;
    }

    /** The padded sequence length T. */
    public int length() {
        return length;
    }

    public int[] maskCounts() {
        return maskCounts.clone();
    }

    public int totalMasks() {
        return maskPositions.length;
    }

    /** Number of real (non-padding) tokens. */
    public long tokenCount() {
        long n = 0;
        for (long a : attention) {
            n += a;
        }
        return n;
    }

    /** Replaces the token at mask number {@code maskIndex} (flat, in row order) — greedy filling. */
    public void fill(int maskIndex, int tokenId) {
        ids[(int) maskPositions[maskIndex]] = tokenId;
    }

    /** The token id at a position of the flat [B·T] layout. */
    public long tokenAt(int flatPosition) {
        return ids[flatPosition];
    }

    /** Flat positions b·T + t of the masks, in row order. */
    public long[] maskPositionArray() {
        return maskPositions.clone();
    }

    /** [B, T] int64. */
    public NDArray ids(NDManager manager) {
        return manager.create(ids, new Shape(rows, length));
    }

    /** [B, T] int64 of 1 (token) / 0 (padding), or null when no row is padded. */
    public NDArray attentionMask(NDManager manager) {
        return padded ? manager.create(attention, new Shape(rows, length)) : null;
    }

    /** [B, T] int64 of 1 (token) / 0 (padding), also when no row is padded. */
    public NDArray attentionMaskAlways(NDManager manager) {
        return manager.create(attention, new Shape(rows, length));
    }

    /** [M] int64 flat positions of the masks into the [B·T] rows of the hidden state. */
    public NDArray maskPositions(NDManager manager) {
        return manager.create(maskPositions, new Shape(maskPositions.length));
    }
}
