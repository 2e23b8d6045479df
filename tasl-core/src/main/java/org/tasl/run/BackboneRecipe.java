package org.tasl.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tasl.model.JsonModelConfig;
import org.tasl.weights.BackboneSpec;

/**
 * Training defaults that depend on the backbone: a recipe per family, recognised from the
 * backbone's catalog entry or its folder's config.json (so a GPU bundle's renamed folder gets
 * the same recipe as the catalog name). Method defaults (O-LoRA's published settings, full
 * fine-tuning's small lr) and explicit options win over a recipe; a toy model (hidden size
 * below 128, as in the tests) gets none and keeps the spec's defaults. Every value ends up in
 * config.json like any other option.
 */
public enum BackboneRecipe {
    /**
     * BERT-base-sized encoders with an MLM head (hidden ≥ 768): LoRA r 8 on q,v with a frozen
     * head, 3 epochs, lr 1e-3 with 6 % linear warm-up (a fixed 50 steps was 79 % of a 63-step
     * task), 256 tokens (every Long Sequence instruction + option line and most passages fit;
     * longer passages are cut, see PromptTruncation). Provisional: the CPU tuning runs (agnews,
     * rows of the train split held apart from the fitted rows) were at lr 1e-3 only; the GPU
     * sweep native/bench/engine/fidelity-tune.sh compares 5e-4 / 1e-3 / 2e-3 on held-apart rows.
     */
    BERT_BASE(OptionPreset.none().with(RunOptions.LR, 1e-3).with(RunOptions.EPOCHS, 3)
            .with(RunOptions.WARMUP_RATIO, 0.06).with(RunOptions.MAX_INPUT_TOKENS, 256)),
    /**
     * Small sentence encoders (MiniLM, bge-small, e5-small: hidden 384, no MLM head): no
     * measured recipe, the spec's defaults (their head of tied embeddings barely learns the
     * cloze, issue 11; they are teaching backbones, not research ones).
     */
    SMALL_ENCODER(OptionPreset.none()),
    /** T5 / Flan-T5: the reference's lr 3e-4 (the spec default) and its 512-token inputs. */
    T5(OptionPreset.none().with(RunOptions.WARMUP_RATIO, 0.06).with(RunOptions.MAX_INPUT_TOKENS, 512)),
    /** LLaMA-family decoders: as T5. */
    LLAMA(OptionPreset.none().with(RunOptions.WARMUP_RATIO, 0.06).with(RunOptions.MAX_INPUT_TOKENS, 512)),
    /** Unknown or toy backbones: the spec's defaults. */
    NONE(OptionPreset.none());

    private static final Map<String, BackboneRecipe> CACHE = new ConcurrentHashMap<>();

    private final OptionPreset defaults;

    BackboneRecipe(OptionPreset defaults) {
        this.defaults = defaults;
    }

    /** The option values this recipe sets. */
    public OptionPreset defaults() {
        return defaults;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The recipe of a catalog name or a Hugging Face folder (NONE when neither says what it is). */
    public static BackboneRecipe of(String backbone) {
        if (backbone == null || backbone.isBlank()) {
            return NONE;
        }
        return CACHE.computeIfAbsent(backbone, BackboneRecipe::detect);
    }

    private static BackboneRecipe detect(String backbone) {
        Path folder = Path.of(backbone);
        if (Files.isRegularFile(folder.resolve("config.json"))) {
            try {
                JsonModelConfig c = JsonModelConfig.read(folder);
                return byType(c.modelType(), c.hiddenSize());
            } catch (RuntimeException e) {
                return NONE; // loading the backbone reports a bad config.json properly
            }
        }
        for (BackboneSpec s : BackboneSpec.KNOWN) {
            if (s.name().equalsIgnoreCase(backbone)) {
                return byType("bert", s.hidden());
            }
        }
        String n = backbone.toLowerCase(Locale.ROOT);
        return n.contains("t5") ? T5 : n.contains("llama") ? LLAMA : NONE;
    }

    static BackboneRecipe byType(String modelType, int hidden) {
        switch (modelType.toLowerCase(Locale.ROOT)) {
            case "bert":
                return hidden >= 768 ? BERT_BASE : hidden >= 128 ? SMALL_ENCODER : NONE;
            case "t5":
                return hidden >= 128 ? T5 : NONE;
            case "llama":
                return hidden >= 128 ? LLAMA : NONE;
            default:
                return NONE;
        }
    }
}
