package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.tasl.data.Example;
import org.tasl.data.Task;
import org.tasl.model.LanguageModel;
import org.tasl.scoring.CandidateGroups;

/**
 * Scores the model on a task's evaluation split (TASL_SPEC §8), 0–100. Rank mode picks the
 * most likely of the task's label strings (rank classification), so a forgotten task still
 * scores about chance; generate mode decodes freely over the whole vocabulary and scores the
 * text against the gold string (exact match or ROUGE-L, the task's metric), so a forgotten task
 * can fall to 0 as in the paper.
 */
public final class Evaluator {
    /** Environment variable that turns on {@link #scoreBothModes}. */
    public static final String BOTH_MODES_ENV = "TASL_EVAL_BOTH";
    private final int batchSize;
    private final boolean generate;
    private final int maxNewTokens;

    public Evaluator(int batchSize, String mode, int maxNewTokens) {
        if (!mode.equals("rank") && !mode.equals("generate")) {
            throw new IllegalArgumentException("eval_mode must be 'rank' or 'generate', got '" + mode + "'");
        }
        this.batchSize = Math.max(1, batchSize);
        this.generate = mode.equals("generate");
        this.maxNewTokens = maxNewTokens;
    }

    public double score(LanguageModel model, Task task) {
        if (System.getenv(BOTH_MODES_ENV) != null) {
            return scoreBothModes(model, task);
        }
        List<String> predictions = predict(model, task);
        List<String> references = new ArrayList<>();
        for (Example e : task.eval()) {
            references.add(e.output());
        }
        return task.metric().mean(predictions, references);
    }

    /**
     * Diagnostic ({@value #BOTH_MODES_ENV}=1): scores the same weights in rank and in generate mode,
     * prints both with their wall times to stderr, and returns the configured mode's score. It
     * measures both modes from one training (e.g. the CPU proof of issue 11) and the cost of
     * free decoding against rank scoring.
     */
    private double scoreBothModes(LanguageModel model, Task task) {
        List<String> references = new ArrayList<>();
        for (Example e : task.eval()) {
            references.add(e.output());
        }
        long t0 = System.nanoTime();
        double rank = task.metric().mean(new Evaluator(batchSize, "rank", maxNewTokens).predict(model, task), references);
        long t1 = System.nanoTime();
        List<String> decoded = new Evaluator(batchSize, "generate", maxNewTokens).predict(model, task);
        double free = task.metric().mean(decoded, references);
        long t2 = System.nanoTime();
        System.err.printf("eval-both %s rank=%.1f generate=%.1f rank_s=%.2f generate_s=%.2f first=%s%n", task.name(), rank,
                free, (t1 - t0) / 1e9, (t2 - t1) / 1e9, decoded.subList(0, Math.min(6, decoded.size())));
        return generate ? free : rank;
    }

    public List<String> predict(LanguageModel model, Task task) {
        List<Example> rows = task.eval();
        List<String> labels = task.labels();
        boolean byRank = !generate && labels != null && !labels.isEmpty();
        List<String> out = new ArrayList<>(rows.size());
        NDArray[] params = model.parameters().values().toArray(NDArray[]::new);
        for (int from = 0; from < rows.size(); from += batchSize) {
            List<String> inputs = new ArrayList<>();
            for (Example e : rows.subList(from, Math.min(rows.size(), from + batchSize))) {
                inputs.add(e.input());
            }
            try (NDManager scope = model.manager().newSubManager()) {
                scope.tempAttachAll(params);
                if (byRank) {
                    for (int best : CandidateGroups.argmax(model.scoreCandidates(scope, inputs, labels))) {
                        out.add(labels.get(best));
                    }
                } else {
                    // The labels only shape the answer (an encoder's slot count); decoding is free.
                    out.addAll(model.generate(scope, inputs, maxNewTokens, labels == null ? List.of() : labels));
                }
            }
        }
        return out;
    }
}
