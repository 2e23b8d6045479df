package org.tasl.lora;

/** The LoRA adapters injected into a backbone (PEFT's LoraModel). Its owner fills it in. */
public interface LoraModel {
}
