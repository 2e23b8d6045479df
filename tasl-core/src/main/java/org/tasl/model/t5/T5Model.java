package org.tasl.model.t5;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Files;
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
import org.tasl.model.LanguageModel;
import org.tasl.nn.HostTensorSource;
import org.tasl.nn.TensorSource;
import org.tasl.nn.WeightLoader;
import org.tasl.tensor.HostTensor;
import org.tasl.tokenize.TextTokenizer;
import org.tasl.tokenize.Tokenizers;
import org.tasl.weights.SafeTensors;

/**
 * T5 as the engine sees it (encoder-decoder): the encoder reads the prompt + {@code </s>}, the
 * decoder produces the answer + {@code </s>} starting from the decoder start token (pad, id 0).
 * Loads a Hugging Face folder (config.json, model.safetensors or a sharded index, and
 * tokenizer.json or spiece.model). LoRA attaches through {@link #lora()} (targets {@code q},
 * {@code v} by default, PEFT module paths such as {@code encoder.block.0.layer.0.SelfAttention.q}).
 *
 * <p>Besides the text API of {@link LanguageModel}, id-level methods ({@link #logits},
 * {@link #loss(NDManager, int[][], int[][], boolean)}, {@link #greedyIds}) serve parity tests
 * and callers that tokenize themselves.
 */
public final class T5Model implements LanguageModel {
    /** How many decoder rows (inputs × candidates) one scoring forward pass takes at most. */
    private static final int SCORE_ROWS_PER_PASS = 64;

    private final String name;
    private final T5Config config;
    private final T5Transformer transformer;
    private final TextTokenizer tokenizer;
    private final Path folder;
    private final Device device;
    private final NDManager manager;
    private final LoraInjector lora;
    private int maxInputTokens = 512;

    private T5Model(String name, Path folder, T5Config config, T5Transformer transformer, TextTokenizer tokenizer,
            Device device, NDManager manager) {
        this.name = name;
        this.folder = folder;
        this.config = config;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.device = device;
        this.manager = manager;
        this.lora = new LoraInjector(transformer, "", manager, LoraTargets.T5);
    }

    /** Loads a Hugging Face T5 / T5 v1.1 / Flan-T5 folder onto {@code device}. */
    public static T5Model load(Path folder, Device device) {
        return load(folder, folder.toAbsolutePath().normalize().getFileName().toString(), device);
    }

    /** Loads a Hugging Face T5 / T5 v1.1 / Flan-T5 folder under a given name (the catalog name, for instance). */
    public static T5Model load(Path folder, String name, Device device) {
        T5Config config = T5Config.read(folder.resolve("config.json"));
        Map<String, HostTensor> tensors = SafeTensors.readFolder(folder);
        boolean separateHead = tensors.containsKey("lm_head.weight");
        if (!separateHead && !config.tieWordEmbeddings()) {
            throw new IllegalArgumentException(folder.resolve("config.json") + ": tie_word_embeddings is false but the"
                    + " checkpoint in " + folder + " has no lm_head.weight");
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            T5Transformer transformer = new T5Transformer(config, separateHead);
            // encoder/decoder.embed_tokens are the shared table under other names.
            TensorSource source = new HostTensorSource(tensors)
                    .renamed(n -> n.equals("encoder.embed_tokens.weight") || n.equals("decoder.embed_tokens.weight") ? null : n);
            String where = "checkpoint in " + folder;
            WeightLoader.load(transformer, "", source, manager).requireNoMissing(where).requireNoUnexpected(where);
            TextTokenizer tokenizer = hasTokenizer(folder) ? Tokenizers.load(folder) : null;
            return new T5Model(name, folder, config, transformer, tokenizer, device, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static boolean hasTokenizer(Path folder) {
        return Files.isRegularFile(folder.resolve(Tokenizers.TOKENIZER_JSON))
                || Files.isRegularFile(folder.resolve(Tokenizers.SPIECE_MODEL));
    }

    // ---- LanguageModel ------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public Architecture architecture() {
        return Architecture.ENCODER_DECODER;
    }

    @Override
    public T5Config config() {
        return config;
    }

    @Override
    public TextTokenizer tokenizer() {
        if (tokenizer == null) {
            throw new IllegalStateException(folder + " has no tokenizer (expected " + Tokenizers.TOKENIZER_JSON
                    + " or " + Tokenizers.SPIECE_MODEL + "); use the id-level methods");
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

    /** The module tree (for LoRA, importance and custom forward passes). */
    public T5Transformer transformer() {
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
        int[][] inputs = new int[batch.size()][];
        int[][] labels = new int[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            inputs[i] = inputIds(batch.get(i).input());
            labels[i] = targetIds(batch.get(i).output());
        }
        return loss(scope, inputs, labels, training);
    }

    @Override
    public float[][] scoreCandidates(NDManager scope, List<String> inputs, List<String> candidates) {
        int[][] in = new int[inputs.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = inputIds(inputs.get(i));
        }
        int[][] cand = new int[candidates.size()][];
        for (int c = 0; c < cand.length; c++) {
            cand[c] = targetIds(candidates.get(c));
        }
        return scoreIds(scope, in, cand);
    }

    @Override
    public List<String> generate(NDManager scope, List<String> inputs, int maxNewTokens) {
        int[][] in = new int[inputs.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = inputIds(inputs.get(i));
        }
        List<String> out = new ArrayList<>();
        for (int[] ids : greedyIds(scope, in, maxNewTokens)) {
            // drop the decoder start token and everything from </s> on
            int end = 1;
            while (end < ids.length && ids[end] != config.eosTokenId()) {
                end++;
            }
            out.add(tokenizer().decode(Arrays.copyOfRange(ids, 1, end)).trim());
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

    /** Prompt ids: the tokenizer's pieces (tail kept when too long) + {@code </s>}. */
    public int[] inputIds(String text) {
        return Sequences.append(Sequences.keepTail(tokenizer().encode(text), maxInputTokens - 1), config.eosTokenId());
    }

    /** Answer ids: pieces + {@code </s>}. */
    public int[] targetIds(String text) {
        return Sequences.append(tokenizer().encode(text), config.eosTokenId());
    }

    /** Encoder output [B, S, d_model] of right-padded input rows. */
    public NDArray encoderStates(NDManager scope, int[][] inputIds) {
        return transformer.encode(Sequences.padded(scope, inputIds, config.padTokenId()), Sequences.mask(scope, inputIds),
                false);
    }

    /** Teacher-forced logits [B, T, V] for right-padded inputs and labels (labels padded with −100). */
    public NDArray logits(NDManager scope, int[][] inputIds, int[][] labels, boolean training) {
        NDArray ids = Sequences.padded(scope, inputIds, config.padTokenId());
        NDArray mask = Sequences.mask(scope, inputIds);
        NDArray lab = Sequences.padded(scope, labels, Sequences.IGNORE);
        return transformer.forward(ids, mask, transformer.shiftRight(lab), training);
    }

    /** Mean token cross-entropy over every non-padding label of the batch (Transformers' loss). */
    public NDArray loss(NDManager scope, int[][] inputIds, int[][] labels, boolean training) {
        NDArray logits = logits(scope, inputIds, labels, training);
        return Sequences.meanCrossEntropy(logits, Sequences.padded(scope, labels, Sequences.IGNORE));
    }

    /**
     * Sum of log-probabilities of every candidate (ids, {@code </s>} included) after every input:
     * result[i][c]. Each input is encoded once; the decoder runs on input × candidate rows.
     */
    public float[][] scoreIds(NDManager scope, int[][] inputIds, int[][] candidateIds) {
        int n = inputIds.length;
        int c = candidateIds.length;
        float[][] out = new float[n][c];
        if (n == 0 || c == 0) {
            return out;
        }
        int inputsPerPass = Math.max(1, SCORE_ROWS_PER_PASS / c);
        for (int start = 0; start < n; start += inputsPerPass) {
            int count = Math.min(inputsPerPass, n - start);
            try (NDManager pass = scope.newSubManager()) {
                int[][] chunk = Arrays.copyOfRange(inputIds, start, start + count);
                NDArray mask = Sequences.mask(pass, chunk);
                NDArray enc = transformer.encode(Sequences.padded(pass, chunk, config.padTokenId()), mask, false);
                int[][] labels = new int[count * c][];
                for (int i = 0; i < count; i++) {
                    for (int j = 0; j < c; j++) {
                        labels[i * c + j] = candidateIds[j];
                    }
                }
                NDArray lab = Sequences.padded(pass, labels, Sequences.IGNORE);
                // repeat each input's encoder rows once per candidate (row i·c + j)
                NDArray hidden = transformer.decode(transformer.shiftRight(lab), enc.repeat(0, c), mask.repeat(0, c), false);
                float[] scores = Sequences.sumLogProbs(transformer.logits(hidden, false), lab).toFloatArray();
                for (int i = 0; i < count; i++) {
                    System.arraycopy(scores, i * c, out[start + i], 0, c);
                }
            }
        }
        return out;
    }

    /**
     * Greedy decoding like Transformers' {@code generate}: each row starts with the decoder start
     * token, takes the arg-max token at every step and stops after {@code </s>}; at most
     * {@code maxNewTokens} new tokens. Each returned row is start token + generated ids.
     */
    public List<int[]> greedyIds(NDManager scope, int[][] inputIds, int maxNewTokens) {
        int n = inputIds.length;
        int[][] rows = new int[n][];
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            rows[i] = new int[] {config.decoderStartTokenId()};
        }
        try (NDManager run = scope.newSubManager()) {
            NDArray mask = Sequences.mask(run, inputIds);
            NDArray enc = transformer.encode(Sequences.padded(run, inputIds, config.padTokenId()), mask, false);
            T5DecoderCache cache = new T5DecoderCache(transformer, enc, mask);
            for (int step = 0; step < maxNewTokens; step++) {
                long[] next;
                try (NDManager stepScope = run.newSubManager()) {
                    long[] last = new long[n];
                    for (int i = 0; i < n; i++) {
                        last[i] = done[i] ? config.padTokenId() : rows[i][rows[i].length - 1];
                    }
                    NDArray hidden = cache.step(stepScope.create(last, new ai.djl.ndarray.types.Shape(n, 1)));
                    next = transformer.logits(hidden, false).get(new NDIndex(":, -1, :")).argMax(-1).toLongArray();
                }
                boolean all = true;
                for (int i = 0; i < n; i++) {
                    if (!done[i]) {
                        rows[i] = Sequences.append(rows[i], (int) next[i]);
                        done[i] = next[i] == config.eosTokenId();
                    }
                    all &= done[i];
                }
                if (all) {
                    break;
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int[] r : rows) {
            out.add(r);
        }
        return out;
    }
}
