package org.tasl.model.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;
import org.tasl.data.PromptTruncation;
import org.tasl.data.Task;
import org.tasl.lora.LoraInjector;
import org.tasl.lora.LoraModel;
import org.tasl.lora.LoraTargets;
import org.tasl.model.Architecture;
import org.tasl.model.JsonModelConfig;
import org.tasl.model.LanguageModel;
import org.tasl.model.LossInputs;
import org.tasl.model.ModelConfig;
import org.tasl.nn.HostTensorSource;
import org.tasl.nn.LoadReport;
import org.tasl.nn.TensorSource;
import org.tasl.nn.WeightLoader;
import org.tasl.scoring.AnswerSlots;
import org.tasl.scoring.ClozeBatch;
import org.tasl.scoring.LabelLoss;
import org.tasl.scoring.TokenPrediction;
import org.tasl.tokenize.SpecialTokens;
import org.tasl.tokenize.TextTokenizer;
import org.tasl.tokenize.Tokenizers;
import org.tasl.weights.SafeTensors;
import org.tasl.tensor.HostTensor;

/**
 * A BERT-family encoder as a {@link LanguageModel} (Architecture.ENCODER): every answer is a
 * cloze. The input is {@code [CLS] prompt [MASK]×S [SEP]} with S fixed per task (its longest
 * label's token length, see {@link AnswerSlots}), so the input does not reveal the answer's
 * length; the answer fills the first slots and the filler (".", see fillerFor) the rest. Training minimises
 * the cross-entropy at all S slots (over the vocabulary or the task's label tokens, {@link
 * LabelLoss}); rank classification sums each candidate's log-probs over the S slots under the
 * one shared input; free decoding takes the argmax at every slot in the same single pass.
 */
public final class BertModel implements LanguageModel {
    public static final int DEFAULT_MAX_INPUT_TOKENS = 128;
    public static final int DEFAULT_SCORING_BATCH = 32;

    private final String name;
    private final JsonModelConfig json;
    private final BertConfig config;
    private final TextTokenizer tokenizer;
    private final SpecialTokens specials;
    private final Device device;
    private final NDManager manager;
    private final BertForMaskedLm net;
    private final LoraInjector lora;
    private final boolean headFromEmbeddings;
    private int maxInputTokens = DEFAULT_MAX_INPUT_TOKENS;
    private org.tasl.model.Precision precision = org.tasl.model.Precision.FP32;
    private int scoringBatchSize = DEFAULT_SCORING_BATCH;
    /** Each announced task row → its task's labels (rows compare by value, so replayed copies match). */
    private final Map<Example, List<String>> taskLabels = new HashMap<>();
    /**
     * Fitted prompt ids by (token budget, input), read-only arrays: a run tokenizes each input once
     * instead of in every epoch and every evaluation after every task (what pre-tokenizing a
     * dataset does). On a GPU replaying CUDA graphs, tokenizing was the larger part of a step.
     */
    private final Map<String, int[]> promptCache = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
                    return size() > PROMPT_CACHE_ENTRIES;
                }
            });
    private static final int PROMPT_CACHE_ENTRIES = 32_768;
    private final Map<List<String>, AnswerSlots> slotCache = new HashMap<>();
    private LabelLoss labelLoss = LabelLoss.VOCAB;

    /**
     * @param weights the checkpoint's tensors (HF BertForMaskedLM or BertModel names)
     * @param weightsSource names the checkpoint in error messages
     */
    public BertModel(String name, JsonModelConfig json, TextTokenizer tokenizer, Device device, TensorSource weights,
            String weightsSource) {
        this.name = name;
        this.json = json;
        this.config = BertConfig.from(json);
        this.tokenizer = tokenizer;
        this.specials = tokenizer.specials();
        this.device = device;
        requireSpecial("[CLS]", specials.cls());
        requireSpecial("[SEP]", specials.sep());
        requireSpecial("[MASK]", specials.mask());
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new IllegalArgumentException(json.source() + ": vocab_size " + config.vocabSize()
                    + " is smaller than the tokenizer's vocabulary (" + tokenizer.vocabSize() + ")");
        }
        TensorSource view = BertForMaskedLm.checkpointView(weights);
        boolean withTransform = BertForMaskedLm.hasTransform(view.names());
        this.headFromEmbeddings = !withTransform;
        this.net = new BertForMaskedLm(config, withTransform);
        this.manager = NDManager.newBaseManager(device);
        try {
            LoadReport report = WeightLoader.load(net, "", view, manager);
            if (headFromEmbeddings && report.missing().equals(List.of("cls.predictions.bias"))) {
                // Encoder-only checkpoint: the scoring head is the tied word embeddings, bias 0.
                net.cls().bias().set("cls.predictions.bias", manager.zeros(new Shape(config.vocabSize())));
            } else {
                report.requireNoMissing(weightsSource);
            }
            report.requireNoUnexpected(weightsSource);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.lora = new LoraInjector(net, "", manager, LoraTargets.BERT);
    }

    /** Loads a Hugging Face BERT-family folder: config.json, model.safetensors (or sharded), tokenizer files. */
    public static BertModel load(Path folder, String name, Device device) {
        JsonModelConfig json = JsonModelConfig.read(folder);
        TextTokenizer tokenizer = Tokenizers.load(folder);
        Map<String, HostTensor> tensors = SafeTensors.readFolder(folder);
        return new BertModel(name, json, tokenizer, device, new HostTensorSource(tensors),
                folder.resolve(SafeTensors.MODEL_FILE).toString());
    }

    private void requireSpecial(String token, int id) {
        if (id < 0) {
            throw new IllegalArgumentException("tokenizer of " + name + " has no " + token
                    + " token, which the cloze formulation needs");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Architecture architecture() {
        return Architecture.ENCODER;
    }

    @Override
    public ModelConfig config() {
        return json;
    }

    public BertConfig bertConfig() {
        return config;
    }

    /** True for encoders shipped without an MLM head (see {@link BertMlmHead}). */
    public boolean headFromEmbeddings() {
        return headFromEmbeddings;
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    public BertForMaskedLm network() {
        return net;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return net.namedArrays("", lora.loraParameters());
    }

    @Override
    public LoraModel lora() {
        return lora;
    }

    /** The injector itself (adds adapters from tensors, lists linear paths). */
    public LoraInjector loraInjector() {
        return lora;
    }

    /**
     * Frozen weights to {@code p}'s type; LoRA matrices stay float32 (LoraLinear casts the
     * activation into the adapter and back), and the head's logits are taken back to float32
     * before every log-softmax. Going back to FP32 widens the (already rounded) weights again.
     */
    @Override
    public void setPrecision(org.tasl.model.Precision p) {
        if (p != org.tasl.model.Precision.FP32 && !org.tasl.nn.TaslNative.loaded()) {
            // DJL 0.36's official natives have no bfloat16 mapping and abort the whole JVM on one
            throw new IllegalStateException("precision " + p.id() + " needs the project's native library (./tasl native"
                    + " build, or the GPU bundle); DJL's official CPU natives cannot run bfloat16");
        }
        for (org.tasl.nn.Weight w : net.namedWeights("").values()) {
            if (w.isSet() && !w.isTrainable()) {
                w.convert(p.frozenType());
            }
        }
        this.precision = p;
    }

    @Override
    public org.tasl.model.Precision precision() {
        return precision;
    }

    @Override
    public int maxInputTokens() {
        return maxInputTokens;
    }

    @Override
    public void setMaxInputTokens(int tokens) {
        if (tokens < 3 || tokens > config.maxPositions()) {
            throw new IllegalArgumentException("maxInputTokens must be in [3, " + config.maxPositions() + "], got "
                    + tokens);
        }
        this.maxInputTokens = tokens;
        slotCache.clear(); // the slot cap follows the budget
    }

    /** How many inputs one scoring/generation forward pass holds. */
    public void setScoringBatchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("scoring batch size must be positive, got " + rows);
        }
        this.scoringBatchSize = rows;
    }

    /**
     * The caller's scope when it is on this model's device, else a child of it that is: inputs
     * must live where the weights live, and a child closes with its parent.
     */
    private NDManager onDevice(NDManager scope) {
        return scope.getDevice().equals(device) ? scope : scope.newSubManager(device);
    }

    private int[] tokens(String text) {
        return tokenizer.encode(text);
    }

    private ClozeBatch cloze(List<int[]> prompts, int[] counts) {
        return ClozeBatch.build(prompts, counts, specials.cls(), specials.sep(), specials.mask(), padId(),
                maxInputTokens);
    }

    private int padId() {
        return specials.pad() >= 0 ? specials.pad() : config.padTokenId();
    }

    private NDArray encode(NDManager scope, ClozeBatch batch, boolean training) {
        return net.bert().forward(batch.ids(scope), batch.attentionMask(scope), training);
    }

    /**
     * The filler of a task's unused answer slots: ".", unless one of the task's labels contains
     * that token, then [PAD]. "." is what BERT's pre-trained head already predicts at the end of
     * an answer (p ≈ 0.66 at the last of three slots after "Answer:" in BERT-base, its output
     * bias +2.0), so the slots after a short label are learnt in a few steps and the gradient
     * goes to the label's own tokens. [PAD] (bias −0.42, p ≈ 1e-9 there) was measured to start
     * at a cross-entropy of ~20 per filler slot and dominated the first steps: PerTask agnews
     * reached 23 (rank) after 75 steps. A label containing "." keeps [PAD] so that stripping the
     * filler never eats a label's own token; the tokenizer never produces [PAD] from text.
     */
    private int fillerFor(List<int[]> labels) {
        int dot = tokenizer.tokenToId(".");
        if (dot < 0) {
            return padId();
        }
        for (int[] l : labels) {
            for (int id : l) {
                if (id == dot) {
                    return padId();
                }
            }
        }
        return dot;
    }

    /** At most a quarter of the input budget goes to answer slots (long generation outputs are cut). */
    private int maxSlots() {
        return Math.max(1, maxInputTokens / 4);
    }

    @Override
    public void prepareTasks(List<Task> tasks, LabelLoss loss) {
        taskLabels.clear();
        for (Task t : tasks) {
            for (Example e : t.train()) {
                taskLabels.put(e, t.labels());
            }
            for (Example e : t.eval()) {
                taskLabels.put(e, t.labels());
            }
        }
        this.labelLoss = loss;
        prefitPrompts(tasks);
    }

    /**
     * Fits the prompt of every announced row of a task with labels once, before training (its
     * budget is known: the task's answer slots), the tokenizer encoding them in batches on all
     * cores: one-by-one tokenizing was a tenth of a Standard CL run on the H200. Up to the
     * cache's capacity; the rest are fitted when first used.
     */
    private void prefitPrompts(List<Task> tasks) {
        int room = PROMPT_CACHE_ENTRIES;
        for (Task t : tasks) {
            if (room <= 0) {
                break;
            }
            if (t.labels() == null || t.labels().isEmpty()) {
                continue;
            }
            int budget = maxInputTokens - 2 - answerSlots(t.labels()).slots();
            LinkedHashSet<String> inputs = new LinkedHashSet<>();
            for (List<Example> rows : List.of(t.train(), t.eval())) {
                for (Example e : rows) {
                    if (inputs.size() < room && !promptCache.containsKey(promptKey(e.input(), budget))) {
                        inputs.add(e.input());
                    }
                }
            }
            List<String> pending = new ArrayList<>(inputs);
            List<int[]> fitted = PromptTruncation.fitAll(pending, budget, tokenizer::encodeAll);
            for (int i = 0; i < pending.size(); i++) {
                promptCache.put(promptKey(pending.get(i), budget), fitted.get(i));
            }
            room -= pending.size();
        }
    }

    private static String promptKey(String input, int budget) {
        return budget + "\u0000" + input;
    }

    public LabelLoss labelLoss() {
        return labelLoss;
    }

    /** The answer slots of a task with these labels (see {@link AnswerSlots}). */
    public AnswerSlots answerSlots(List<String> labels) {
        return slotCache.computeIfAbsent(List.copyOf(labels), ls -> {
            List<int[]> ids = new ArrayList<>(ls.size());
            for (String l : ls) {
                int[] t = tokens(l);
                if (t.length == 0) {
                    throw new IllegalArgumentException("label '" + l + "' has no tokens in " + name + "'s vocabulary");
                }
                ids.add(t);
            }
            return AnswerSlots.forLabels(ids, fillerFor(ids), maxSlots());
        });
    }

    /** The prompt's tokens, fitted so that [CLS], the prompt, {@code slots} masks and [SEP] fit the budget. */
    private int[] prompt(String input, int slots) {
        int budget = maxInputTokens - 2 - slots;
        String key = promptKey(input, budget);
        int[] ids = promptCache.get(key);
        if (ids == null) {
            ids = PromptTruncation.fit(input, budget, this::tokens);
            promptCache.put(key, ids);
        }
        return ids;
    }

    /** {@code [CLS] prompt [MASK]×slots [SEP]} for every input, the prompts fitted to the budget. */
    private ClozeBatch slotBatch(List<String> inputs, int slots) {
        List<int[]> prompts = new ArrayList<>(inputs.size());
        for (String in : inputs) {
            prompts.add(prompt(in, slots));
        }
        int[] counts = new int[inputs.size()];
        Arrays.fill(counts, slots);
        return cloze(prompts, counts);
    }

    /**
     * Mean cross-entropy over every answer slot of the batch (filler slots included). A row of a
     * task announced by {@link #prepareTasks} gets its task's S slots and the target label +
     * fillers; any other row (a direct call) gets exactly its answer's length, the fill-mask view.
     */
    @Override
    public NDArray loss(NDManager scope, List<Example> batch, boolean training) {
        ClozeTargets prepared = clozeTargets(batch);
        ClozeBatch cb = prepared.batch();
        NDManager m = onDevice(scope);
        NDArray logits = fp32(net.logitsAt(encode(m, cb, training), cb.maskPositions(m), training));
        if (labelLoss == LabelLoss.LABELS) {
            return labelTokenLoss(m, logits, prepared.targets(), prepared.vocabularies());
        }
        long[] flat = prepared.flatTargets();
        return vocabularyLoss(logits, m.create(flat, new Shape(flat.length, 1)));
    }

    /** The cloze batch and its targets; with label_loss=labels only the one-piece loss applies. */
    @Override
    public LossInputs lossInputs(List<Example> batch) {
        if (labelLoss == LabelLoss.LABELS) {
            return null;
        }
        ClozeTargets prepared = clozeTargets(batch);
        return new BertLossInputs(this, prepared.batch(), prepared.flatTargets(), padId(), config.maxPositions());
    }

    /** The device half ({@link BertLossInputs}): ids [B, T], attention mask [B, T], flat mask positions [M], target ids [M, 1]. */
    NDArray deviceLoss(NDList inputs, boolean training) {
        NDArray hidden = net.bert().forward(inputs.get(0), inputs.get(1), training);
        return vocabularyLoss(fp32(net.logitsAt(hidden, inputs.get(2), training)), inputs.get(3));
    }

    /** Mean cross-entropy over the whole vocabulary at every slot: logits [M, V], targets [M, 1]. */
    private static NDArray vocabularyLoss(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets, 1).mean().neg();
    }

    /** A batch's cloze inputs and, per row, its slot targets (and task vocabulary when it has a task). */
    private record ClozeTargets(ClozeBatch batch, List<int[]> targets, List<int[]> vocabularies) {
        long[] flatTargets() {
            long[] flat = new long[targets.stream().mapToInt(t -> t.length).sum()];
            int p = 0;
            for (int[] t : targets) {
                for (int id : t) {
                    flat[p++] = id;
                }
            }
            return flat;
        }
    }

    /**
     * Every answer slot of the batch (filler slots included): a row of a task announced by
     * {@link #prepareTasks} gets its task's S slots and the target label + fillers; any other row
     * (a direct call) gets exactly its answer's length, the fill-mask view.
     */
    private ClozeTargets clozeTargets(List<Example> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("loss of an empty batch");
        }
        List<int[]> prompts = new ArrayList<>(batch.size());
        List<int[]> targets = new ArrayList<>(batch.size());
        List<int[]> vocabularies = new ArrayList<>(batch.size());
        int[] counts = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Example ex = batch.get(i);
            String where = "example " + (ex.id() == null ? "#" + i : "'" + ex.id() + "'");
            int[] answer = tokens(ex.output());
            if (answer.length == 0) {
                throw new IllegalArgumentException(where + ": output '" + ex.output() + "' has no tokens to predict");
            }
            List<String> labels = taskLabels.get(ex);
            int[] target;
            if (labels != null) {
                AnswerSlots slots = answerSlots(labels);
                target = slots.target(answer);
                vocabularies.add(slots.labelTokens());
            } else {
                if (labelLoss == LabelLoss.LABELS) {
                    throw new IllegalArgumentException(where + ": label_loss=labels needs the example's task "
                            + "(prepareTasks was not given a task holding it)");
                }
                target = answer;
            }
            if (target.length + 2 > Math.min(maxInputTokens, config.maxPositions())) {
                throw new IllegalArgumentException(where + ": output of " + target.length + " tokens does not fit "
                        + name + "'s input budget of " + maxInputTokens + " tokens");
            }
            prompts.add(prompt(ex.input(), target.length));
            targets.add(target);
            counts[i] = target.length;
        }
        return new ClozeTargets(cloze(prompts, counts), targets, vocabularies);
    }

    /**
     * Cross-entropy at every slot normalised over the row's task vocabulary only (its label
     * tokens and the filler): the slot's logits are gathered at those W ids (rows with fewer
     * ids are padded with a −10⁴ offset that takes them out of the softmax).
     */
    private NDArray labelTokenLoss(NDManager m, NDArray logits, List<int[]> targets, List<int[]> vocabularies) {
        int width = vocabularies.stream().mapToInt(v -> v.length).max().orElse(1);
        int rows = targets.stream().mapToInt(t -> t.length).sum();
        long[] index = new long[rows * width];
        float[] offset = new float[rows * width];
        long[] position = new long[rows];
        int r = 0;
        for (int i = 0; i < targets.size(); i++) {
            int[] vocab = vocabularies.get(i);
            for (int id : targets.get(i)) {
                for (int w = 0; w < width; w++) {
                    index[r * width + w] = vocab[Math.min(w, vocab.length - 1)];
                    offset[r * width + w] = w < vocab.length ? 0f : -1e4f;
                }
                position[r] = Arrays.binarySearch(vocab, id);
                r++;
            }
        }
        Shape shape = new Shape(rows, width);
        NDArray restricted = logits.gather(m.create(index, shape), 1)
                .add(m.create(offset, shape).toType(logits.getDataType(), false));
        return restricted.logSoftmax(-1).gather(m.create(position, new Shape(rows, 1)), 1).mean().neg();
    }

    /**
     * Every candidate under the same input {@code [CLS] prompt [MASK]×S [SEP]} (S = the longest
     * candidate's length): score = Σ over the S slots of log p(candidate token, or the filler
     * after its end). One forward pass per batch of inputs serves all candidates.
     */
    @Override
    public float[][] scoreCandidates(NDManager scope, List<String> inputs, List<String> candidates) {
        float[][] out = new float[inputs.size()][candidates.size()];
        if (inputs.isEmpty() || candidates.isEmpty()) {
            return out;
        }
        AnswerSlots slots = answerSlots(candidates);
        int s = slots.slots();
        int c = candidates.size();
        long[] perCandidate = new long[s * c];
        for (int k = 0; k < c; k++) {
            int[] target = slots.target(tokens(candidates.get(k)));
            for (int j = 0; j < s; j++) {
                perCandidate[j * c + k] = target[j];
            }
        }
        for (int start = 0; start < inputs.size(); start += scoringBatchSize) {
            int end = Math.min(inputs.size(), start + scoringBatchSize);
            int b = end - start;
            long[] index = new long[b * s * c];
            for (int r = 0; r < b; r++) {
                System.arraycopy(perCandidate, 0, index, r * s * c, s * c);
            }
            try (NDManager sub = scope.newSubManager(device)) {
                ClozeBatch cb = slotBatch(inputs.subList(start, end), s);
                NDArray logProbs = fp32(net.logitsAt(encode(sub, cb, false), cb.maskPositions(sub), false)).logSoftmax(-1);
                long vocab = logProbs.getShape().get(1);
                float[] scores = logProbs.reshape(b, s, vocab)
                        .gather(sub.create(index, new Shape(b, s, c)), 2)
                        .sum(new int[] {1})
                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .toFloatArray();
                for (int r = 0; r < b; r++) {
                    System.arraycopy(scores, r * c, out[start + r], 0, c);
                }
            }
        }
        return out;
    }

    @Override
    public List<String> generate(NDManager scope, List<String> inputs, int maxNewTokens) {
        return generate(scope, inputs, maxNewTokens, List.of());
    }

    /**
     * Free decoding in one forward pass: the S answer slots (the labels' S, else
     * {@code maxNewTokens}) are filled by the argmax over the whole vocabulary, fillers and
     * special tokens are dropped, and the rest is detokenized. A token sequence identical to a
     * label's tokens is written as that label (an uncased WordPiece vocabulary cannot restore
     * "Natural Place" from "natural place", nor "Science & Mathematics" from its pieces); any
     * other sequence stays as decoded and matches no label.
     */
    @Override
    public List<String> generate(NDManager scope, List<String> inputs, int maxNewTokens, List<String> labels) {
        List<String> out = new ArrayList<>(inputs.size());
        boolean known = labels != null && !labels.isEmpty();
        if (!known && maxNewTokens < 1) {
            inputs.forEach(i -> out.add(""));
            return out;
        }
        AnswerSlots slots = known ? answerSlots(labels)
                : new AnswerSlots(Math.min(maxNewTokens, maxSlots()), fillerFor(List.of()), new int[] {fillerFor(List.of())});
        Map<String, String> surface = new HashMap<>();
        if (known) {
            for (String l : labels) {
                surface.putIfAbsent(Arrays.toString(tokens(l)), l);
            }
        }
        int s = slots.slots();
        for (int start = 0; start < inputs.size(); start += scoringBatchSize) {
            int end = Math.min(inputs.size(), start + scoringBatchSize);
            int b = end - start;
            long[] best;
            try (NDManager sub = scope.newSubManager(device)) {
                ClozeBatch cb = slotBatch(inputs.subList(start, end), s);
                best = net.logitsAt(encode(sub, cb, false), cb.maskPositions(sub), false).argMax(1).toLongArray();
            }
            for (int r = 0; r < b; r++) {
                int[] filled = new int[s];
                for (int j = 0; j < s; j++) {
                    filled[j] = (int) best[r * s + j];
                }
                int[] answer = Arrays.stream(slots.strip(filled)).filter(id -> !isSpecial(id)).toArray();
                String label = surface.get(Arrays.toString(answer));
                out.add(label != null ? label : tokenizer.decode(answer).trim());
            }
        }
        return out;
    }

    /** Log-probabilities are taken in float32 whatever the compute precision. */
    private static NDArray fp32(NDArray logits) {
        return logits.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? logits
                : logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    private boolean isSpecial(int id) {
        return id == specials.sep() || id == specials.cls() || id == specials.pad() || id == specials.mask();
    }

    /**
     * Token ids with special tokens for a text that contains literal "[MASK]" markers:
     * {@code [CLS] … [MASK] … [SEP]}. The markers are replaced by the mask id rather than left
     * to the tokenizer, so any vocabulary format works.
     */
    public int[] idsWithMasks(String text) {
        List<Integer> ids = new ArrayList<>();
        ids.add(specials.cls());
        String[] pieces = text.split("\\[MASK\\]", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                ids.add(specials.mask());
            }
            for (int id : tokens(pieces[i])) {
                ids.add(id);
            }
        }
        ids.add(specials.sep());
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Last hidden states [B, T, H] of complete id rows (special tokens included), padded. */
    public NDArray hiddenStates(NDManager scope, List<int[]> rows) {
        int t = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("input of " + t + " tokens exceeds " + config.maxPositions());
        }
        long[] ids = new long[rows.size() * t];
        long[] mask = new long[rows.size() * t];
        Arrays.fill(ids, padId());
        boolean padded = false;
        for (int r = 0; r < rows.size(); r++) {
            int[] row = rows.get(r);
            for (int j = 0; j < row.length; j++) {
                ids[r * t + j] = row[j];
                mask[r * t + j] = 1;
            }
            padded |= row.length < t;
        }
        Shape shape = new Shape(rows.size(), t);
        NDManager m = onDevice(scope);
        return net.bert().forward(m.create(ids, shape), padded ? m.create(mask, shape) : null, false);
    }

    /**
     * Sentence embeddings as sentence-transformers computes them: mean of the last hidden
     * state over real tokens of {@code [CLS] text [SEP]}, optionally L2-normalised.
     */
    public float[][] meanPooled(NDManager scope, List<String> texts, boolean normalize) {
        List<int[]> rows = new ArrayList<>();
        for (String text : texts) {
            int[] body = tokens(text);
            int keep = Math.min(body.length, maxInputTokens - 2);
            int[] row = new int[keep + 2];
            row[0] = specials.cls();
            System.arraycopy(body, 0, row, 1, keep);
            row[keep + 1] = specials.sep();
            rows.add(row);
        }
        float[][] out = new float[texts.size()][];
        try (NDManager sub = scope.newSubManager(device)) {
            NDArray hidden = hiddenStates(sub, rows);
            for (int r = 0; r < rows.size(); r++) {
                NDArray mean = hidden.get(r).get("0:" + rows.get(r).length).mean(new int[] {0});
                if (normalize) {
                    mean = mean.div(mean.square().sum().sqrt().maximum(1e-12f));
                }
                out[r] = fp32(mean).toFloatArray();
            }
        }
        return out;
    }

    /**
     * The HF fill-mask pipeline: for each [MASK] in {@code text}, the {@code topK} tokens by
     * softmax probability (score) with their logits.
     */
    public List<List<TokenPrediction>> fillMask(NDManager scope, String text, int topK) {
        int[] ids = idsWithMasks(text);
        List<Integer> maskAt = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == specials.mask()) {
                maskAt.add(i);
            }
        }
        if (maskAt.isEmpty()) {
            throw new IllegalArgumentException("fill-mask: the text contains no [MASK]: '" + text + "'");
        }
        List<List<TokenPrediction>> out = new ArrayList<>();
        try (NDManager sub = scope.newSubManager(device)) {
            NDArray hidden = hiddenStates(sub, List.of(ids));
            long[] positions = maskAt.stream().mapToLong(Integer::longValue).toArray();
            NDArray logits = fp32(net.logitsAt(hidden, sub.create(positions), false));
            int vocab = (int) logits.getShape().get(1);
            float[] all = logits.toFloatArray();
            for (int m = 0; m < positions.length; m++) {
                out.add(topK(all, m * vocab, vocab, Math.min(topK, vocab)));
            }
        }
        return out;
    }

    private List<TokenPrediction> topK(float[] logits, int offset, int vocab, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += Math.exp(logits[offset + i] - max);
        }
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[offset + b], logits[offset + a]));
        List<TokenPrediction> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int id = order[i];
            double logit = logits[offset + id];
            out.add(new TokenPrediction(tokenizer.idToToken(id), id, Math.exp(logit - max) / sum, logit));
        }
        return out;
    }

    @Override
    public void close() {
        lora.close();
        manager.close();
    }
}
