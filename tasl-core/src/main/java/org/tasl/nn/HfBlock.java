package org.tasl.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A DJL block whose sub-modules and weights carry their Hugging Face names, so the full name
 * of every tensor ("bert.encoder.layer.0.attention.self.query.weight") is the path of modules
 * joined by dots, exactly as in a PyTorch {@code state_dict}. Checkpoints load by name, LoRA
 * targets are matched by module path, and adapters are saved under PEFT's names.
 *
 * <p>DJL's own naming (numbered children) is left untouched; {@link #namedWeights} and
 * {@link #walk} are the HF view. Blocks compute with their weights' arrays directly (no
 * {@link ParameterStore} copies): activations always come first in an op so results belong to
 * the caller's NDManager, never to the model's.
 */
public abstract class HfBlock extends AbstractBlock {
    private final Map<String, HfBlock> modules = new LinkedHashMap<>();
    private final Map<String, Weight> weights = new LinkedHashMap<>();

    /** Declares a sub-module under its HF name (e.g. "query", "layer.3" is declared as "3" in a list). */
    protected final <B extends HfBlock> B module(String hfName, B block) {
        if (modules.containsKey(hfName)) {
            throw new IllegalStateException("module '" + hfName + "' declared twice");
        }
        modules.put(hfName, block);
        addChildBlock(hfName.replace('.', '_'), block);
        return block;
    }

    /** Declares a weight under its HF local name with the shape a checkpoint must have. */
    protected final Weight weight(String hfName, Shape shape, Parameter.Type type) {
        if (weights.containsKey(hfName)) {
            throw new IllegalStateException("weight '" + hfName + "' declared twice");
        }
        Weight w = new Weight(hfName, shape, type);
        weights.put(hfName, w);
        addParameter(w.parameter());
        return w;
    }

    /** Direct sub-modules by HF name, in declaration order. */
    public final Map<String, HfBlock> modules() {
        return Collections.unmodifiableMap(modules);
    }

    /** Direct weights by HF local name, in declaration order. */
    public final Map<String, Weight> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /** Visits this block and every descendant with its dotted path (the root gets {@code prefix}). */
    public final void walk(String prefix, BiConsumer<String, HfBlock> visitor) {
        visitor.accept(prefix, this);
        for (Map.Entry<String, HfBlock> e : modules.entrySet()) {
            e.getValue().walk(join(prefix, e.getKey()), visitor);
        }
    }

    /** Every weight of this block and its descendants by full HF name, in a deterministic order. */
    public final Map<String, Weight> namedWeights(String prefix) {
        Map<String, Weight> out = new LinkedHashMap<>();
        walk(prefix, (path, block) -> {
            for (Map.Entry<String, Weight> w : block.weights.entrySet()) {
                out.put(join(path, w.getKey()), w.getValue());
            }
        });
        return out;
    }

    /**
     * Every weight's array by full HF name, followed by {@code extra} (a model's LoRA tensors):
     * what {@code LanguageModel.parameters()} returns for each architecture.
     */
    public final Map<String, ai.djl.ndarray.NDArray> namedArrays(String prefix,
            Map<String, ai.djl.ndarray.NDArray> extra) {
        Map<String, ai.djl.ndarray.NDArray> out = new LinkedHashMap<>();
        namedWeights(prefix).forEach((name, w) -> out.put(name, w.array()));
        out.putAll(extra);
        return out;
    }

    /** Makes every weight of this subtree trainable or frozen. */
    public final void setTrainable(boolean trainable) {
        namedWeights("").values().forEach(w -> w.setTrainable(trainable));
    }

    public static String join(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * DJL entry point; HF blocks are called through their typed {@code forward} methods, so this
     * only serves generic DJL callers with a single-input block.
     */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return forwardList(inputs, training);
    }

    /** Generic list form of the block's computation. */
    protected NDList forwardList(NDList inputs, boolean training) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " is called through its typed forward method");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not infer shapes");
    }
}
