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
        List<String> predictions = predict(model, task);
        List<String> references = new ArrayList<>();
        for (Example e : task.eval()) {
            references.add(e.output());
        }
        return task.metric().mean(predictions, references);
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
