package org.tasl.run;

import java.util.HashMap;
import java.util.Map;
import org.tasl.strategy.Method;

/** Defaults that depend on the method (TASL_SPEC §7, §10); explicit options override them. */
final class MethodDefaults {
    private MethodDefaults() {}

    static Map<String, Object> of(String methodName) {
        Map<String, Object> d = new HashMap<>();
        Method m;
        try {
            m = Method.of(methodName);
        } catch (IllegalArgumentException e) {
            return d;
        }
        d.put("granularity", m.defaultGranularity());
        d.put("importance", m.defaultImportance());
        d.put("consolidation", m.defaultConsolidation());
        d.put("weight_decay", m.usesLora() ? 0.0 : 0.01);
        if (m == Method.OLORA) {
            // O-LoRA's published setting: lr 1e-3 constant, alpha 32, dropout 0.1.
            d.put("lr", 1e-3);
            d.put("constant_lr", true);
            d.put("lora_alpha", 32.0);
            d.put("lora_dropout", 0.1);
        }
        if (m == Method.SEQFT) {
            d.put("lr", 3e-5);
        }
        return d;
    }
}
