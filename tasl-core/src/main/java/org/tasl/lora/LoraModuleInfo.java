package org.tasl.lora;

import ai.djl.ndarray.NDArray;

/** One adapter in one wrapped module, as {@link LoraModel#modules()} lists them. */
public record LoraModuleInfo(String path, String adapter, NDArray a, NDArray b, float scaling, int r,
        boolean active, boolean trainable, boolean enabled, boolean merged) {

    /** PEFT's in-model name of A: {@code <path>.lora_A.<adapter>.weight}. */
    public String nameA() {
        return PeftNames.modelName(path, "lora_A", adapter);
    }

    public String nameB() {
        return PeftNames.modelName(path, "lora_B", adapter);
    }
}
