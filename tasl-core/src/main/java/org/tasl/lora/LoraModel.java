package org.tasl.lora;

import ai.djl.ndarray.NDArray;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The LoRA adapters injected into a backbone (PEFT's {@code LoraModel}): which linear modules
 * are wrapped, which named adapters exist, which are active (take part in forward) and which
 * are trainable (receive gradients). Implemented by {@link LoraInjector}.
 *
 * <p>Names follow PEFT: in the model {@code <module path>.lora_A.<adapter>.weight} [r, in] and
 * {@code .lora_B.<adapter>.weight} [out, r]; in files see {@link PeftAdapterFiles}.
 */
public interface LoraModel {

    /** Wraps every module matching the config's targets with a new adapter {@code name}, which becomes active and trainable. */
    void addAdapter(String name, LoraConfig config);

    /**
     * Adds an adapter with given tensors (e.g. read from a PEFT file): module path → {A [r,in],
     * B [out,r]}; it becomes active and trainable. Every path must be a linear module.
     */
    void addAdapter(String name, LoraConfig config, Map<String, NDArray[]> tensors);

    /** Every linear module path of the model (what target names are matched against). */
    List<String> linearPaths();

    /** Removes an adapter everywhere (unmerging it first). */
    void removeAdapter(String name);

    /** Adapter names in creation order. */
    List<String> adapters();

    /** The config an adapter was created (or loaded) with. */
    LoraConfig adapterConfig(String name);

    /** The adapters that take part in forward. */
    List<String> activeAdapters();

    void setActiveAdapters(Collection<String> names);

    /** The adapters whose A and B receive gradients; the others are frozen. */
    List<String> trainableAdapters();

    void setTrainableAdapters(Collection<String> names);

    /** Turns LoRA on/off for one wrapped module (by module path). */
    void setModuleEnabled(String modulePath, boolean enabled);

    /** Wrapped module paths, in model order. */
    List<String> modulePaths();

    /** Every (module, adapter) pair with its A, B and scaling, in model order. */
    List<LoraModuleInfo> modules();

    /** The wrapper of one module, or null. */
    LoraLinear module(String modulePath);

    /**
     * What an optimizer updates, in a deterministic order: LoRA tensors of the trainable
     * adapters by PEFT model name, and in full fine-tuning mode every base parameter by its HF name
     * first. Exactly these arrays require gradients.
     */
    Map<String, NDArray> trainableParameters();

    /** Every LoRA tensor (any adapter, trainable or not) by PEFT model name. */
    Map<String, NDArray> loraParameters();

    /** Full fine-tuning: every base parameter trainable (adapters keep their own trainable flags). */
    void setFullFineTuning(boolean on);

    boolean isFullFineTuning();

    /** Folds the active adapters into the base weights (inference speed). */
    void merge();

    /** Undoes {@link #merge} exactly. */
    void unmerge();
}
