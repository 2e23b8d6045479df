package org.tasl.bench;

/**
 * Floating-point operations of one cloze LoRA step of a BERT encoder, counted from the matrix
 * products (elementwise work is a few percent and not counted):
 * <pre>
 *   forward  = L · (2·N·(4H² + 2HF) + 4·B·T²·H + 2 adapters · 2·N·2Hr)   encoder, N = B·T tokens
 *            + 2·M·(H² + H·V)                                          MLM head on the M mask rows
 *   step     = 2 · forward
 * </pre>
 * Backward costs one forward, not two: frozen weights get no weight gradient, only the input
 * gradients flow (the LoRA weight gradients are inside the adapters' small term).
 */
public final class LoraStepFlops {
    private LoraStepFlops() {}

    public static double bertStep(int batch, int seq, int layers, int hidden, int ffn, int vocab, int rank, int maskRows) {
        double n = (double) batch * seq;
        double encoder = layers * (2 * n * (4.0 * hidden * hidden + 2.0 * hidden * ffn)
                + 4.0 * batch * (double) seq * seq * hidden + 2 * 2 * n * 2.0 * hidden * rank);
        double head = 2.0 * maskRows * ((double) hidden * hidden + (double) hidden * vocab);
        return 2 * (encoder + head);
    }
}
