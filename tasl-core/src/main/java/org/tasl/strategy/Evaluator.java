package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;
import org.tasl.data.LengthBuckets;
import org.tasl.data.Task;
import org.tasl.model.LanguageModel;
import org.tasl.scoring.CandidateGroups;

/**
 * Scores the model on a task's evaluation split (TASL_SPEC §8), 0–100. Rank mode picks the
 * most likely of the task's label strings (rank classification), so a forgotten task still
 * scores about chance; generate mode decodes freely over the whole vocabulary and scores the
 * text against the gold string (exact match or ROUGE-L, the task's metric), so a forgotten task
 * can fall to 0 as in the paper.
 *
 * <p>Rows are batched by length buckets: sorted by token length, each batch pads only to its own
 * longest row; the answers are written back in row order, and a row's answer does not depend on
 * its batch (padding is masked), so the scores are those of consecutive batches.
 */
public final class Evaluator {
    /** Environment variable that turns on {@link #scoreBothModes}. */
    public static final String BOTH_MODES_ENV = "TASL_EVAL_BOTH";
    private final int batchSize;
    private final boolean generate;
    private final int maxNewTokens;
    private final boolean byLength;
    private static final int MAX_SPLITS_REMEMBERED = 256;
    /** Token lengths by evaluation split (the same list object every time a run evaluates a task). */
    private final Map<List<Example>, int[]> rowLengths = Collections.synchronizedMap(new IdentityHashMap<>());

    /** Batches by length buckets (see {@link LengthBuckets}); results come back in row order. */
    public Evaluator(int batchSize, String mode, int maxNewTokens) {
        this(batchSize, mode, maxNewTokens, true);
    }

    /**
     * @param byLength batch rows of similar token length together (each batch pads only to its
     *                 own longest row); false batches consecutive rows, the reference path
     */
    public Evaluator(int batchSize, String mode, int maxNewTokens, boolean byLength) {
        if (!mode.equals("rank") && !mode.equals("generate")) {
            throw new IllegalArgumentException("eval_mode must be 'rank' or 'generate', got '" + mode + "'");
        }
        this.batchSize = Math.max(1, batchSize);
        this.generate = mode.equals("generate");
        this.maxNewTokens = maxNewTokens;
        this.byLength = byLength;
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
        double rank = task.metric().mean(new Evaluator(batchSize, "rank", maxNewTokens, byLength).predict(model, task), references);
        long t1 = System.nanoTime();
        List<String> decoded = new Evaluator(batchSize, "generate", maxNewTokens, byLength).predict(model, task);
        double free = task.metric().mean(decoded, references);
        long t2 = System.nanoTime();
        System.err.printf("eval-both %s rank=%.1f generate=%.1f rank_s=%.2f generate_s=%.2f first=%s%n", task.name(), rank,
                free, (t1 - t0) / 1e9, (t2 - t1) / 1e9, decoded.subList(0, Math.min(6, decoded.size())));
        return generate ? free : rank;
    }

    /** One answer per evaluation row, in the rows' order. */
    public List<String> predict(LanguageModel model, Task task) {
        List<Example> rows = task.eval();
        List<String> labels = task.labels();
        boolean byRank = !generate && labels != null && !labels.isEmpty();
        String[] out = new String[rows.size()];
        NDArray[] params = model.parameters().values().toArray(NDArray[]::new);
        for (int[] batch : batches(model, rows)) {
            List<String> inputs = new ArrayList<>(batch.length);
            for (int row : batch) {
                inputs.add(rows.get(row).input());
            }
            List<String> answers;
            try (NDManager scope = model.manager().newSubManager()) {
                scope.tempAttachAll(params);
                if (byRank) {
                    answers = new ArrayList<>(batch.length);
                    for (int best : CandidateGroups.argmax(model.scoreCandidates(scope, inputs, labels))) {
                        answers.add(labels.get(best));
                    }
                } else {
                    // The labels only shape the answer (an encoder's slot count); decoding is free.
                    answers = model.generate(scope, inputs, maxNewTokens, labels == null ? List.of() : labels);
                }
            }
            if (answers.size() != batch.length) {
                throw new IllegalStateException(model.name() + " answered " + answers.size() + " of " + batch.length
                        + " inputs of task '" + task.name() + "'");
            }
            for (int k = 0; k < batch.length; k++) {
                out[batch[k]] = answers.get(k);
            }
        }
        return Arrays.asList(out);
    }

    /** Row indices per batch: by length buckets, or consecutive rows. */
    private List<int[]> batches(LanguageModel model, List<Example> rows) {
        if (!byLength) {
            return LengthBuckets.inRowOrder(rows.size(), batchSize);
        }
        // A run evaluates the same rows after every task: their lengths are measured once.
        if (rowLengths.size() > MAX_SPLITS_REMEMBERED) {
            rowLengths.clear();  // a caller that builds new splits for every evaluation
        }
        int[] lengths = rowLengths.computeIfAbsent(rows, r -> tokenLengths(model, r));
        return LengthBuckets.byLength(lengths, batchSize);
    }

    /** Every row's input length in the model's tokens (the prompt the model pads). */
    public static int[] tokenLengths(LanguageModel model, List<Example> rows) {
        List<String> inputs = new ArrayList<>(rows.size());
        for (Example e : rows) {
            inputs.add(e.input());
        }
        List<int[]> ids = model.tokenizer().encodeAll(inputs);
        int[] lengths = new int[rows.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = ids.get(i).length;
        }
        return lengths;
    }
}
