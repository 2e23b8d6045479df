package org.tasl.run;

import org.tasl.strategy.Method;

/** Defaults that depend on the method (TASL_SPEC §7, §10); explicit options override them. */
final class MethodDefaults {
    private MethodDefaults() {}

    static OptionPreset of(String methodName) {
        OptionPreset d = OptionPreset.none();
        Method m;
        try {
            m = Method.of(methodName);
        } catch (IllegalArgumentException e) {
            return d;
        }
        d = d.with(RunOptions.GRANULARITY, m.defaultGranularity());
        d = d.with(RunOptions.IMPORTANCE, m.defaultImportance());
        d = d.with(RunOptions.CONSOLIDATION, m.defaultConsolidation());
        d = d.with(RunOptions.WEIGHT_DECAY, m.usesLora() ? 0.0 : 0.01);
        if (m == Method.OLORA) {
            // O-LoRA's published setting: lr 1e-3 constant, alpha 32, dropout 0.1.
            d = d.with(RunOptions.LR, 1e-3);
            d = d.with(RunOptions.CONSTANT_LR, true);
            d = d.with(RunOptions.LORA_ALPHA, 32.0);
            d = d.with(RunOptions.LORA_DROPOUT, 0.1);
        }
        if (m == Method.SEQFT) {
            d = d.with(RunOptions.LR, 3e-5);
        }
        return d;
    }
}
