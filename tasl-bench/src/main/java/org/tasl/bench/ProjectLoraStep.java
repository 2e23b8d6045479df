package org.tasl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;
import org.tasl.lora.LoraConfig;
import org.tasl.model.LanguageModel;
import org.tasl.nn.Gradients;
import org.tasl.train.AdamW;
import org.tasl.train.GraphedForwardBackward;

/**
 * The project's LoRA training step, as the trainer runs it minus logging: the model's cloze
 * loss on one batch whose inputs fill exactly {@code seq} tokens, backward, AdamW on the
 * adapter (LoRA r=8, α=16, dropout 0.05 on the architecture's q/v), gradients zeroed. No
 * clipping and no finiteness check (each costs a host round trip the reference does not make).
 */
public final class ProjectLoraStep implements AutoCloseable {
    private final LanguageModel model;
    private final List<Example> batch;
    private final Map<String, NDArray> trainable;
    private final NDArray[] params;
    private final AdamW adamW;
    private final GraphedForwardBackward forwardBackward;

    public ProjectLoraStep(LanguageModel model, int batchSize, int seq, String filler) {
        this.model = model;
        model.lora().addAdapter("bench", LoraConfig.defaults());
        model.setMaxInputTokens(seq);
        StringBuilder input = new StringBuilder(filler);
        while (model.tokenizer().encode(input.toString()).length < seq + 16) {
            input.append(' ').append(filler);
        }
        // a one-token answer (the filler's first word): one [MASK] per row, as in the reference
        String answer = filler.split(" ")[0];
        if (model.tokenizer().encode(answer).length != 1) {
            throw new IllegalArgumentException("benchmark answer '" + answer + "' is not one token of " + model.name());
        }
        batch = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            batch.add(new Example("bench-" + i, input.toString(), answer));
        }
        trainable = model.lora().trainableParameters();
        params = model.parameters().values().toArray(NDArray[]::new);
        adamW = AdamW.withDefaults(model.manager(), 0f);
        // as the trainer does: replayed CUDA graphs inside a CudaStreamScope, unless -Dtasl.cudaGraphs=off
        forwardBackward = GraphedForwardBackward.open(model, !"off".equals(System.getProperty("tasl.cudaGraphs")));
    }

    /** What the CUDA graphs did (captures, replays, op-by-op steps). */
    public String graphSummary() {
        return forwardBackward.summary();
    }

    /** Runs {@code n} steps; returns wall seconds, the last step's device work included. */
    public double run(int n) {
        long t0 = System.nanoTime();
        float last = 0f;
        for (int s = 0; s < n; s++) {
            try (NDManager scope = model.manager().newSubManager()) {
                scope.tempAttachAll(params);
                forwardBackward(scope);
                optimizerStep(scope);
                if (s == n - 1) {
                    // one element back to the host: waits for queued device work (GPU)
                    last = trainable.values().iterator().next().get(0).getFloat(0);
                }
            }
        }
        if (Float.isNaN(last)) {
            throw new IllegalStateException("the benchmark step produced NaN parameters");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The step's first half: the loss and its backward pass (gradients accumulate on the adapter). */
    void forwardBackward(NDManager scope) {
        forwardBackward.lossAndBackward(scope, batch, (loss, sc) -> loss);
    }

    /** The step's second half: AdamW on the adapter, gradients zeroed. */
    void optimizerStep(NDManager scope) {
        adamW.step(trainable, Gradients.collect(trainable, scope), 1e-4f);
        Gradients.zero(trainable);
    }

    /**
     * Runs one step and returns the milliseconds of what the trainer reads after backward
     * ({@link org.tasl.train.StepReadout}: gradient norm and finiteness in one transfer), which
     * this benchmark's step otherwise leaves out (see {@link StepProfile}).
     */
    double readoutMillis() {
        try (NDManager scope = model.manager().newSubManager()) {
            scope.tempAttachAll(params);
            forwardBackward(scope);
            long t0 = System.nanoTime();
            org.tasl.train.StepReadout.read(Gradients.collect(trainable, scope), List.of(), scope);
            double ms = (System.nanoTime() - t0) / 1e6;
            optimizerStep(scope);
            return ms;
        }
    }

    /** Runs one step with {@code profiled} around its optimizer half only (see {@link StepProfile}). */
    void runProfilingOptimizer(Runnable start, Runnable stop) {
        try (NDManager scope = model.manager().newSubManager()) {
            scope.tempAttachAll(params);
            forwardBackward(scope);
            start.run();
            optimizerStep(scope);
            stop.run();
        }
    }

    @Override
    public void close() {
        forwardBackward.close();
        adamW.close();
        model.lora().removeAdapter("bench");
    }
}
