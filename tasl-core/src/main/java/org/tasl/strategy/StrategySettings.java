package org.tasl.strategy;

/**
 * The options a method reads, by their run-option key ({@code lr}, {@code tau}, {@code lora_r},
 * ...; docs/ARCHITECTURE.md), with the value the run resolved (set, preset, method or spec
 * default). Declared here so that the methods need nothing of the run layer; the run layer's
 * {@code RunConfig} is one, with its keys, defaults and error messages.
 */
public interface StrategySettings {
    /** The method id (tasl, taslora, olora, ...). */
    String method();

    /** The value as text; null when the option has none. */
    String getString(String key);

    int getInt(String key);

    long getLong(String key);

    float getFloat(String key);

    boolean getBoolean(String key);
}
