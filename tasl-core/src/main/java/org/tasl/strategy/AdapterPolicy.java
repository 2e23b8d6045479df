package org.tasl.strategy;

/** What a method trains for each task. */
public enum AdapterPolicy {
    /** Every backbone weight (SeqFT). */
    FULL,
    /** One LoRA adapter trained task after task (TaSL, SeqLoRA, Replay, EWC, MTL). */
    SHARED_LORA,
    /** A new adapter per task; earlier ones frozen and kept active, outputs summed (IncLoRA, O-LoRA). */
    NEW_LORA_PER_TASK,
    /** A separate adapter per task, each task evaluated with its own (PerTask). */
    ISOLATED_LORA_PER_TASK
}
