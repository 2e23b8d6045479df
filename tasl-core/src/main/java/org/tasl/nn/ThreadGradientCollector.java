package org.tasl.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * A gradient collector confined to the calling thread, so that several runs can train at once in
 * one JVM (the {@code threads} sweep executor: one CUDA context shared by many runs instead of one
 * process, and one context, per run).
 *
 * <p>Why not DJL's own: {@code PtGradientCollector} guards a process-wide flag ("only one can be
 * collecting at a time"), so a second thread's training step throws. PyTorch's grad mode is
 * thread-local, and a backward pass only touches the graph of the tensor it starts from, so the
 * flag protects nothing a run of ours needs. This collector sets and restores grad mode for its
 * own thread and runs the backward pass from the loss; it never clears gradients (the trainer
 * clears exactly its own parameters' with {@link Gradients#zero}). On another engine it delegates
 * to that engine's collector.
 *
 * <p>Outside a collector a thread records nothing: PyTorch starts every new thread with grad mode
 * on, and DJL turns it off only on the thread that loaded the engine, so a run on any other
 * thread calls {@link #recordNothingOnThisThread()} first (or its forward passes would build
 * graphs and its optimizer's in-place updates of leaf tensors would fail).
 */
public final class ThreadGradientCollector implements GradientCollector {
    private final GradientCollector delegate;

    private ThreadGradientCollector(GradientCollector delegate) {
        this.delegate = delegate;
    }

    /** Turns PyTorch's grad mode off for the calling thread (a no-op on other engines). */
    public static void recordNothingOnThisThread() {
        if (isPyTorch()) {
            JniUtils.setGradMode(false);
        }
    }

    private static boolean isPyTorch() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }

    /** Starts recording on this thread. */
    public static GradientCollector open() {
        if (!isPyTorch()) {
            return new ThreadGradientCollector(Engine.getInstance().newGradientCollector());
        }
        JniUtils.setGradMode(true);
        return new ThreadGradientCollector(null);
    }

    @Override
    public void backward(NDArray target) {
        if (delegate != null) {
            delegate.backward(target);
            return;
        }
        // d target / d target = 1, on the target's device and in its type (a scalar loss)
        try (NDArray seed = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
        }
    }

    /** Not supported: clear gradients of known parameters with {@link Gradients#zero}. */
    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException(
                "ThreadGradientCollector clears no gradients: use Gradients.zero on the parameters you own");
    }

    @Override
    public void close() {
        if (delegate != null) {
            delegate.close();
        } else {
            JniUtils.setGradMode(false); // the state outside a collector, whatever the thread began with
        }
    }
}
