package org.tasl.run;

import java.util.Locale;

/**
 * An evaluation protocol preset (run option {@code protocol}). {@code paper} is the TaSL paper's:
 * free decoding scored by exact match against the gold string, so that a forgotten task falls
 * to 0 instead of to chance; its other half, the mean and spread over every task order of the
 * benchmark, is {@code tools/paper-protocol.sh}. Explicit options win over a preset.
 */
public enum Protocol {
    STANDARD(OptionPreset.none()),
    PAPER(OptionPreset.none().with(RunOptions.EVAL_MODE, "generate"));

    private final OptionPreset defaults;

    Protocol(OptionPreset defaults) {
        this.defaults = defaults;
    }

    public OptionPreset defaults() {
        return defaults;
    }

    public static Protocol parse(String s) {
        if (s != null) {
            for (Protocol p : values()) {
                if (p.name().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("protocol must be 'standard' or 'paper', got '" + s + "'");
    }
}
