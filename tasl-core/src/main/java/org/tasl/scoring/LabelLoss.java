package org.tasl.scoring;

import java.util.Locale;

/**
 * Over which tokens an encoder's training cross-entropy normalises at each answer slot:
 * the whole vocabulary ({@code vocab}), or only the task's label tokens and the filler
 * ({@code labels}). Rank scoring ranks the same way under both (at one slot every candidate
 * shares the normaliser), but free decoding takes the argmax over the whole vocabulary, which
 * only the vocab loss trains directly. Measured (PerTask agnews, BERT-base, held-apart train
 * rows, docs/results/fidelity-cpu-agnews): vocab 88 rank / 67 generate, labels 86 / 0; vocab is
 * the default.
 */
public enum LabelLoss {
    VOCAB, LABELS;

    /** "vocab" or "labels" (the value of the run option label_loss). */
    public static LabelLoss parse(String s) {
        if (s != null) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "vocab":
                    return VOCAB;
                case "labels":
                    return LABELS;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("label_loss must be 'vocab' or 'labels', got '" + s + "'");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
