package org.tasl.model.llama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;
import org.tasl.lora.LoraInjector;
import org.tasl.lora.LoraTargets;
import org.tasl.model.Architecture;
import org.tasl.model.LanguageModel;
import org.tasl.nn.HostTensorSource;
import org.tasl.nn.WeightLoader;
import org.tasl.tensor.HostTensor;
import org.tasl.tokenize.TextTokenizer;
import org.tasl.tokenize.Tokenizers;
import org.tasl.weights.SafeTensors;

/**
 * LLaMA as the engine sees it (decoder only): the answer continues the prompt. A training
 * example is {@code <s>} + prompt + answer + {@code </s>} with the loss on the answer and
 * {@code </s>} only; a candidate label is scored by the same log-likelihood; generation is
 * greedy and stops at {@code </s>}. Loads a Hugging Face folder (config.json, model.safetensors
 * or a sharded index, tokenizer.json or a SentencePiece model when present). LoRA targets
 * {@code q_proj}, {@code v_proj} by default (PEFT paths {@code model.layers.N.self_attn.q_proj}).
 */
public final class LlamaModel implements LanguageModel {
    private static final int SCORE_ROWS_PER_PASS = 64;

    private final String name;
    private final Path folder;
    private final LlamaConfig config;
    private final LlamaTransformer transformer;
    private final TextTokenizer tokenizer;
    private final Device device;
    private final NDManager manager;
    private final LoraInjector lora;
    private int maxInputTokens;

    private LlamaModel(String name, Path folder, LlamaConfig config, LlamaTransformer transformer,
            TextTokenizer tokenizer, Device device, NDManager manager) {
        this.name = name;
        this.folder = folder;
        this.config = config;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.device = device;
        this.manager = manager;
        this.lora = new LoraInjector(transformer, "", manager, LoraTargets.LLAMA);
        this.maxInputTokens = Math.min(512, config.maxPositionEmbeddings());
    }

    /** Loads a Hugging Face LLaMA folder onto {@code device}. */
    public static LlamaModel load(Path folder, Device device) {
        return load(folder, folder.toAbsolutePath().normalize().getFileName().toString(), device);
    }

    /** Loads a Hugging Face LLaMA folder under a given name (the catalog name, for instance). */
    public static LlamaModel load(Path folder, String name, Device device) {
        LlamaConfig config = LlamaConfig.read(folder.resolve("config.json"));
        Map<String, HostTensor> tensors = SafeTensors.readFolder(folder);
        boolean separateHead = tensors.containsKey("lm_head.weight");
        if (!separateHead && !config.tieWordEmbeddings()) {
            throw new IllegalArgumentException(folder.resolve("config.json") + ": tie_word_embeddings is false but the"
                    + " checkpoint in " + folder + " has no lm_head.weight");
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            LlamaTransformer transformer = new LlamaTransformer(config, separateHead);
            String where = "checkpoint in " + folder;
            WeightLoader.load(transformer, "", new HostTensorSource(tensors)
                            .renamed(n -> n.endsWith(".rotary_emb.inv_freq") ? null : n), manager)
                    .requireNoMissing(where).requireNoUnexpected(where);
            TextTokenizer tokenizer = Files.isRegularFile(folder.resolve(Tokenizers.TOKENIZER_JSON))
                    ? Tokenizers.load(folder) : null;
            return new LlamaModel(name, folder, config, transformer, tokenizer, device, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    // ---- LanguageModel ------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public Architecture architecture() {
        return Architecture.DECODER;
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public TextTokenizer tokenizer() {
        if (tokenizer == null) {
            throw new IllegalStateException(folder + " has no tokenizer (expected " + Tokenizers.TOKENIZER_JSON
                    + "); use the id-level methods");
        }
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

    public LlamaTransformer transformer() {
        return transformer;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return transformer.namedArrays("", lora.loraParameters());
    }

    @Override
    public LoraInjector lora() {
        return lora;
    }

    @Override
    public int maxInputTokens() {
        return maxInputTokens;
    }

    @Override
    public void setMaxInputTokens(int tokens) {
        if (tokens < 2) {
            throw new IllegalArgumentException("maxInputTokens must be at least 2, got " + tokens);
        }
        this.maxInputTokens = tokens;
    }

    @Override
    public NDArray loss(NDManager scope, List<Example> batch, boolean training) {
        int[][] prompts = new int[batch.size()][];
        int[][] answers = new int[batch.size()][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = promptIds(batch.get(i).input());
            answers[i] = answerIds(batch.get(i).output());
        }
        return loss(scope, prompts, answers, training);
    }

    @Override
    public float[][] scoreCandidates(NDManager scope, List<String> inputs, List<String> candidates) {
        int[][] prompts = new int[inputs.size()][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = promptIds(inputs.get(i));
        }
        int[][] cands = new int[candidates.size()][];
        for (int c = 0; c < cands.length; c++) {
            cands[c] = answerIds(candidates.get(c));
        }
        return scoreIds(scope, prompts, cands);
    }

    @Override
    public List<String> generate(NDManager scope, List<String> inputs, int maxNewTokens) {
        int[][] prompts = new int[inputs.size()][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = promptIds(inputs.get(i));
        }
        List<int[]> rows = greedyIds(scope, prompts, maxNewTokens, 0);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            int[] row = rows.get(i);
            int end = prompts[i].length;
            while (end < row.length && row[end] != config.eosTokenId()) {
                end++;
            }
            out.add(tokenizer().decode(Arrays.copyOfRange(row, prompts[i].length, end)).trim());
        }
        return out;
    }

    @Override
    public void close() {
        lora.close();
        if (tokenizer instanceof AutoCloseable) {
            try {
                ((AutoCloseable) tokenizer).close();
            } catch (Exception e) {
                // a tokenizer that fails to close holds no model memory
            }
        }
        manager.close();
    }

    // ---- ids ------------------------------------------------------------------------------------

    /** {@code <s>} + the prompt's pieces (the tail kept when too long). */
    public int[] promptIds(String text) {
        int[] body = keepTail(tokenizer().encode(text), maxInputTokens - 1);
        int[] out = new int[body.length + 1];
        out[0] = config.bosTokenId();
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** The answer's pieces + {@code </s>}. */
    public int[] answerIds(String text) {
        int[] body = tokenizer().encode(text);
        int[] out = Arrays.copyOf(body, body.length + 1);
        out[body.length] = config.eosTokenId();
        return out;
    }

    /** Logits [B, T, V] of right-padded rows. */
    public NDArray logits(NDManager scope, int[][] rows, boolean training) {
        return transformer.forward(padded(scope, rows), mask(scope, rows), training);
    }

    /** Mean cross-entropy of every next token of each row (Transformers' causal-LM loss with labels = input). */
    public NDArray lossAllTokens(NDManager scope, int[][] rows, boolean training) {
        int[] promptLengths = new int[rows.length];
        Arrays.fill(promptLengths, 1);
        return lossFrom(scope, rows, promptLengths, training);
    }

    /** Mean cross-entropy of the answer tokens (ignoring the prompts) over the batch. */
    public NDArray loss(NDManager scope, int[][] prompts, int[][] answers, boolean training) {
        int[][] rows = new int[prompts.length][];
        int[] promptLengths = new int[prompts.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = concat(prompts[i], answers[i]);
            promptLengths[i] = prompts[i].length;
        }
        return lossFrom(scope, rows, promptLengths, training);
    }

    private NDArray lossFrom(NDManager scope, int[][] rows, int[] firstTarget, boolean training) {
        NDArray logits = logits(scope, rows, training);
        return meanCrossEntropy(logits, scope.create(nextTokenTargets(rows, firstTarget), logits.getShape().slice(0, 2)));
    }

    /**
     * Sum of log-probabilities of each candidate (ids, {@code </s>} included) after each prompt:
     * result[i][c]; rows of prompt × candidate go through the model in batches.
     */
    public float[][] scoreIds(NDManager scope, int[][] prompts, int[][] candidates) {
        int n = prompts.length;
        int c = candidates.length;
        float[][] out = new float[n][c];
        List<int[]> rows = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int[] p : prompts) {
            for (int[] cand : candidates) {
                rows.add(concat(p, cand));
                starts.add(p.length);
            }
        }
        for (int from = 0; from < rows.size(); from += SCORE_ROWS_PER_PASS) {
            int to = Math.min(rows.size(), from + SCORE_ROWS_PER_PASS);
            try (NDManager pass = scope.newSubManager()) {
                int[][] chunk = rows.subList(from, to).toArray(new int[0][]);
                int[] first = starts.subList(from, to).stream().mapToInt(Integer::intValue).toArray();
                NDArray logits = logits(pass, chunk, false);
                NDArray targets = pass.create(nextTokenTargets(chunk, first), logits.getShape().slice(0, 2));
                NDArray keep = targets.neq(-100);
                NDArray safe = targets.mul(keep.toType(DataType.INT64, false));
                float[] sums = logits.logSoftmax(-1).gather(safe.expandDims(-1), -1).squeeze(-1)
                        .mul(keep.toType(DataType.FLOAT32, false)).sum(new int[] {1}).toFloatArray();
                for (int r = from; r < to; r++) {
                    out[r / c][r % c] = sums[r - from];
                }
            }
        }
        return out;
    }

    /**
     * Greedy continuation like Transformers' {@code generate}: prompts are left-padded, every
     * step appends the arg-max token (with {@code </s>} forbidden during the first
     * {@code minNewTokens} steps), a row stops after {@code </s>}. Returns prompt + new ids per row.
     */
    public List<int[]> greedyIds(NDManager scope, int[][] prompts, int maxNewTokens, int minNewTokens) {
        int n = prompts.length;
        int width = 0;
        for (int[] p : prompts) {
            width = Math.max(width, p.length);
        }
        int[][] rows = new int[n][];
        boolean[] done = new boolean[n];
        long[] nextPosition = new long[n];
        List<long[]> keyMask = new ArrayList<>(); // one column per cached position
        long[] ids = new long[n * width];
        long[][] positions = new long[n][width];
        for (int i = 0; i < n; i++) {
            rows[i] = prompts[i].clone();
            int pad = width - prompts[i].length;
            for (int t = 0; t < width; t++) {
                ids[i * width + t] = t < pad ? padId() : prompts[i][t - pad];
                positions[i][t] = Math.max(0, t - pad);
            }
            nextPosition[i] = prompts[i].length;
        }
        for (int t = 0; t < width; t++) {
            long[] col = new long[n];
            for (int i = 0; i < n; i++) {
                col[i] = t < width - prompts[i].length ? 0 : 1;
            }
            keyMask.add(col);
        }
        try (NDManager run = scope.newSubManager()) {
            LlamaKvCache cache = new LlamaKvCache(run, config.numHiddenLayers());
            NDArray stepIds = run.create(ids, new Shape(n, width));
            for (int step = 0; step < maxNewTokens; step++) {
                long[] next;
                try (NDManager s = run.newSubManager()) {
                    NDArray mask = s.create(columns(keyMask, n), new Shape(n, keyMask.size()));
                    NDArray hidden = transformer.hidden(stepIds, positions, mask, cache, false);
                    NDArray logits = transformer.logits(hidden.get(new NDIndex(":, -1:, :")), false).squeeze(1);
                    if (step < minNewTokens) {
                        logits.set(new NDIndex(":, " + config.eosTokenId()), Float.NEGATIVE_INFINITY);
                    }
                    next = logits.argMax(-1).toLongArray();
                }
                boolean all = true;
                long[] col = new long[n];
                long[][] stepPositions = new long[n][1];
                for (int i = 0; i < n; i++) {
                    if (!done[i]) {
                        rows[i] = Arrays.copyOf(rows[i], rows[i].length + 1);
                        rows[i][rows[i].length - 1] = (int) next[i];
                        done[i] = next[i] == config.eosTokenId();
                    } else {
                        next[i] = padId();
                    }
                    col[i] = 1;
                    stepPositions[i][0] = nextPosition[i]++;
                    all &= done[i];
                }
                positions = stepPositions;
                if (all) {
                    break;
                }
                keyMask.add(col);
                stepIds.close();
                stepIds = run.create(next, new Shape(n, 1));
            }
        }
        return Arrays.asList(rows);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private long padId() {
        return config.padTokenId() >= 0 ? config.padTokenId() : config.eosTokenId();
    }

    private NDArray padded(NDManager scope, int[][] rows) {
        int width = 0;
        for (int[] r : rows) {
            width = Math.max(width, r.length);
        }
        long[] out = new long[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            for (int t = 0; t < width; t++) {
                out[i * width + t] = t < rows[i].length ? rows[i][t] : padId();
            }
        }
        return scope.create(out, new Shape(rows.length, width));
    }

    private static NDArray mask(NDManager scope, int[][] rows) {
        int width = 0;
        for (int[] r : rows) {
            width = Math.max(width, r.length);
        }
        long[] m = new long[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            for (int t = 0; t < rows[i].length; t++) {
                m[i * width + t] = 1;
            }
        }
        return scope.create(m, new Shape(rows.length, width));
    }

    /** targets[i][t] = rows[i][t+1] for t+1 ≥ firstTarget[i], else −100 (right padding included). */
    private static long[] nextTokenTargets(int[][] rows, int[] firstTarget) {
        int width = 0;
        for (int[] r : rows) {
            width = Math.max(width, r.length);
        }
        long[] out = new long[rows.length * width];
        Arrays.fill(out, -100);
        for (int i = 0; i < rows.length; i++) {
            for (int t = Math.max(0, firstTarget[i] - 1); t + 1 < rows[i].length; t++) {
                out[i * width + t] = rows[i][t + 1];
            }
        }
        return out;
    }

    private static NDArray meanCrossEntropy(NDArray logits, NDArray targets) {
        NDArray keep = targets.neq(-100);
        NDArray safe = targets.mul(keep.toType(DataType.INT64, false));
        NDArray picked = logits.logSoftmax(-1).gather(safe.expandDims(-1), -1).squeeze(-1);
        NDArray weights = keep.toType(DataType.FLOAT32, false);
        return picked.mul(weights).sum().neg().div(weights.sum().maximum(1f));
    }

    private static long[] columns(List<long[]> cols, int n) {
        long[] out = new long[n * cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            for (int i = 0; i < n; i++) {
                out[i * cols.size() + c] = cols.get(c)[i];
            }
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] keepTail(int[] ids, int keep) {
        return ids.length <= keep ? ids : Arrays.copyOfRange(ids, ids.length - Math.max(0, keep), ids.length);
    }
}
