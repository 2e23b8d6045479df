package org.tasl.eval;

import java.util.Arrays;
import java.util.List;

/**
 * How a task's predictions are scored (TASL_SPEC §8): exact match of the label string for the
 * classification benchmarks, ROUGE-L F1 for SuperNI generation. Both are reported ×100.
 */
public enum MetricKind {
    EXACT_MATCH("exact_match"),
    ROUGE_L("rouge_l");

    private final String wire;

    MetricKind(String wire) {
        this.wire = wire;
    }

    /** The name in config.json, results.json and events ("exact_match", "rouge_l"). */
    public String wire() {
        return wire;
    }

    public static MetricKind fromWire(String s) {
        for (MetricKind k : values()) {
            if (k.wire.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + s + "'; known: "
                + Arrays.stream(values()).map(MetricKind::wire).toList());
    }

    /** Score of one prediction against its reference, in [0, 100]. */
    public double score(String prediction, String reference) {
        return switch (this) {
            case EXACT_MATCH -> ExactMatch.score(prediction, reference) * 100.0;
            // stemmed, as the reference SuperNI evaluation (rouge_score, use_stemmer=True)
            case ROUGE_L -> RougeL.f1(prediction, reference, true) * 100.0;
        };
    }

    /** Mean score over a task's evaluation rows, in [0, 100]; NaN for no rows. */
    public double mean(List<String> predictions, List<String> references) {
        if (predictions.size() != references.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions for "
                    + references.size() + " references");
        }
        if (predictions.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < predictions.size(); i++) {
            sum += score(predictions.get(i), references.get(i));
        }
        return sum / predictions.size();
    }
}
