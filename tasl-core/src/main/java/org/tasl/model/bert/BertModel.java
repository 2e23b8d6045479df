package org.tasl.model.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;
import org.tasl.lora.LoraInjector;
import org.tasl.lora.LoraModel;
import org.tasl.lora.LoraTargets;
import org.tasl.model.Architecture;
import org.tasl.model.JsonModelConfig;
import org.tasl.model.LanguageModel;
import org.tasl.model.ModelConfig;
import org.tasl.nn.HostTensorSource;
import org.tasl.nn.LoadReport;
import org.tasl.nn.TensorSource;
import org.tasl.nn.WeightLoader;
import org.tasl.scoring.CandidateGroups;
import org.tasl.scoring.ClozeBatch;
import org.tasl.scoring.TokenPrediction;
import org.tasl.tokenize.SpecialTokens;
import org.tasl.tokenize.TextTokenizer;
import org.tasl.tokenize.Tokenizers;
import org.tasl.weights.SafeTensors;
import org.tasl.tensor.HostTensor;

/**
 * A BERT-family encoder as a {@link LanguageModel} (Architecture.ENCODER): every answer is a
 * cloze. The input becomes {@code [CLS] input [MASK]×n [SEP]} with n the answer's token count;
 * training minimises the mean cross-entropy of the answer tokens at the masks, rank
 * classification sums each candidate's log-probabilities at its masks.
 *
 * <p>Generation is the weak spot of an encoder: {@link #generate} fills a fixed number of masks
 * ({@code maxNewTokens}) left to right, one forward pass per mask with the earlier masks
 * replaced by their argmax, and stops a row at the first special token. It cannot produce
 * answers longer than that fixed count, and because the mask count is part of the input, a
 * shorter answer is produced only when the model predicts a special token or punctuation at the
 * end. Use rank classification (scoreCandidates) wherever a task has candidate labels.
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

    @Override
    public NDArray loss(NDManager scope, List<Example> batch, boolean training) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("loss of an empty batch");
        }
        List<int[]> prompts = new ArrayList<>(batch.size());
        int[] counts = new int[batch.size()];
        List<int[]> answers = new ArrayList<>(batch.size());
        int total = 0;
        for (int i = 0; i < batch.size(); i++) {
            Example ex = batch.get(i);
            int[] answer = tokens(ex.output());
            if (answer.length == 0) {
                throw new IllegalArgumentException("example " + (ex.id() == null ? "#" + i : "'" + ex.id() + "'")
                        + ": output '" + ex.output() + "' has no tokens to predict");
            }
            if (answer.length + 2 > config.maxPositions()) {
                throw new IllegalArgumentException("example " + ex.id() + ": output of " + answer.length
                        + " tokens does not fit " + name + "'s " + config.maxPositions() + " positions");
            }
            prompts.add(tokens(ex.input()));
            answers.add(answer);
            counts[i] = answer.length;
            total += answer.length;
        }
        long[] targets = new long[total];
        int p = 0;
        for (int[] a : answers) {
            for (int id : a) {
                targets[p++] = id;
            }
        }
        ClozeBatch cb = cloze(prompts, counts);
        NDManager m = onDevice(scope);
        NDArray hidden = encode(m, cb, training);
        NDArray logProbs = fp32(net.logitsAt(hidden, cb.maskPositions(m), training)).logSoftmax(-1);
        NDArray picked = logProbs.gather(m.create(targets, new Shape(total, 1)), 1);
        return picked.mean().neg();
    }

    @Override
    public float[][] scoreCandidates(NDManager scope, List<String> inputs, List<String> candidates) {
        float[][] out = new float[inputs.size()][candidates.size()];
        if (inputs.isEmpty() || candidates.isEmpty()) {
            return out;
        }
        List<int[]> cand = new ArrayList<>(candidates.size());
        for (String c : candidates) {
            int[] t = tokens(c);
            if (t.length == 0) {
                throw new IllegalArgumentException("candidate '" + c + "' has no tokens");
            }
            cand.add(t);
        }
        List<int[]> prompts = new ArrayList<>(inputs.size());
        for (String in : inputs) {
            prompts.add(tokens(in));
        }
        for (Map.Entry<Integer, List<Integer>> group : CandidateGroups.byLength(cand).entrySet()) {
            int len = group.getKey();
            List<Integer> members = group.getValue();
            int c = members.size();
            for (int start = 0; start < prompts.size(); start += scoringBatchSize) {
                int end = Math.min(prompts.size(), start + scoringBatchSize);
                int b = end - start;
                int[] counts = new int[b];
                Arrays.fill(counts, len);
                try (NDManager sub = scope.newSubManager(device)) {
                    ClozeBatch cb = cloze(prompts.subList(start, end), counts);
                    NDArray logProbs = fp32(net.logitsAt(encode(sub, cb, false), cb.maskPositions(sub), false))
                            .logSoftmax(-1);
                    long vocab = logProbs.getShape().get(1);
                    long[] index = new long[b * len * c];
                    for (int r = 0; r < b; r++) {
                        for (int j = 0; j < len; j++) {
                            int base = (r * len + j) * c;
                            for (int k = 0; k < c; k++) {
                                index[base + k] = cand.get(members.get(k))[j];
                            }
                        }
                    }
                    float[] scores = logProbs.reshape(b, len, vocab)
                            .gather(sub.create(index, new Shape(b, len, c)), 2)
                            .sum(new int[] {1})
                            .toFloatArray();
                    for (int r = 0; r < b; r++) {
                        for (int k = 0; k < c; k++) {
                            out[start + r][members.get(k)] = scores[r * c + k];
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<String> generate(NDManager scope, List<String> inputs, int maxNewTokens) {
        List<String> out = new ArrayList<>(inputs.size());
        if (maxNewTokens < 1) {
            inputs.forEach(i -> out.add(""));
            return out;
        }
        for (int start = 0; start < inputs.size(); start += scoringBatchSize) {
            int end = Math.min(inputs.size(), start + scoringBatchSize);
            int b = end - start;
            List<int[]> prompts = new ArrayList<>(b);
            for (String in : inputs.subList(start, end)) {
                prompts.add(tokens(in));
            }
            int[] counts = new int[b];
            Arrays.fill(counts, maxNewTokens);
            ClozeBatch cb = cloze(prompts, counts);
            int[][] filled = new int[b][maxNewTokens];
            for (int step = 0; step < maxNewTokens; step++) {
                long[] positions = new long[b];
                long[] all = cb.maskPositionArray();
                for (int r = 0; r < b; r++) {
                    positions[r] = all[r * maxNewTokens + step];
                }
                try (NDManager sub = scope.newSubManager(device)) {
                    NDArray logits = net.logitsAt(encode(sub, cb, false), sub.create(positions), false);
                    long[] best = logits.argMax(1).toLongArray();
                    for (int r = 0; r < b; r++) {
                        filled[r][step] = (int) best[r];
                        cb.fill(r * maxNewTokens + step, (int) best[r]);
                    }
                }
            }
            for (int r = 0; r < b; r++) {
                int n = 0;
                while (n < maxNewTokens && !isSpecial(filled[r][n])) {
                    n++;
                }
                out.add(tokenizer.decode(Arrays.copyOf(filled[r], n)).trim());
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
