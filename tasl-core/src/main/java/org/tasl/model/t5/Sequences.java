package org.tasl.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Ragged id rows → padded int64 batches and the mean token cross-entropy over them. */
final class Sequences {
    /** The label value the loss ignores (PyTorch's CrossEntropyLoss default). */
    static final int IGNORE = -100;

    private Sequences() {}

    /** Right-pads rows with {@code pad} into an int64 [B, maxLength] array. */
    static NDArray padded(NDManager scope, int[][] rows, long pad) {
        int width = 0;
        for (int[] r : rows) {
            width = Math.max(width, r.length);
        }
        long[] out = new long[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            for (int t = 0; t < width; t++) {
                out[i * width + t] = t < rows[i].length ? rows[i][t] : pad;
            }
        }
        return scope.create(out, new Shape(rows.length, width));
    }

    /** 1 where a row has a token, 0 in its right padding: int64 [B, maxLength]. */
    static NDArray mask(NDManager scope, int[][] rows) {
        int[][] ones = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            ones[i] = new int[rows[i].length];
            java.util.Arrays.fill(ones[i], 1);
        }
        return padded(scope, ones, 0);
    }

    /**
     * Mean cross-entropy of logits [B, T, V] against labels [B, T] over the positions whose label
     * is not {@link #IGNORE} (Transformers' seq2seq and causal-LM loss after shifting).
     */
    static NDArray meanCrossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray keep = labels.neq(IGNORE);
        NDArray safe = labels.mul(keep.toType(DataType.INT64, false)).toType(DataType.INT64, false);
        NDArray picked = logProbs.gather(safe.expandDims(-1), -1).squeeze(-1);
        NDArray weights = keep.toType(DataType.FLOAT32, false);
        return picked.mul(weights).sum().neg().div(weights.sum().maximum(1f));
    }

    /** Per-row sum of log p(label) over non-ignored positions: [B]. */
    static NDArray sumLogProbs(NDArray logits, NDArray labels) {
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray keep = labels.neq(IGNORE);
        NDArray safe = labels.mul(keep.toType(DataType.INT64, false)).toType(DataType.INT64, false);
        NDArray picked = logProbs.gather(safe.expandDims(-1), -1).squeeze(-1);
        return picked.mul(keep.toType(DataType.FLOAT32, false)).sum(new int[] {1});
    }

    /** Keeps the last {@code keep} ids (the end of a prompt holds the question and "Answer:"). */
    static int[] keepTail(int[] ids, int keep) {
        if (ids.length <= keep) {
            return ids;
        }
        return java.util.Arrays.copyOfRange(ids, ids.length - Math.max(keep, 0), ids.length);
    }

    static int[] append(int[] ids, int token) {
        int[] out = java.util.Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = token;
        return out;
    }
}
