package org.tasl.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options of one run. Only explicitly set values are stored; {@link #resolved()} fills in
 * the method's and the spec's defaults — that map is what config.json records. Java code reads
 * an option typed, {@code get(RunOptions.LR)}; the methods see the typed getters of
 * {@link org.tasl.strategy.StrategySettings}; the command line and scripts set options by key.
 */
public final class RunConfig implements org.tasl.strategy.StrategySettings {
    private static final java.util.Set<String> SELECTORS = java.util.Set.of(RunOptions.PROTOCOL.key(),
            RunOptions.BACKBONE.key(), RunOptions.METHOD.key());
    private final Map<String, Object> values = new LinkedHashMap<>();

    public static RunConfig defaults() {
        return new RunConfig();
    }

    /** Sets an option by its key (snake_case) or command-line name; null clears it. */
    public RunConfig set(String key, Object value) {
        String k = key.startsWith("--") ? key.substring(2).replace('-', '_') : key.replace('-', '_');
        RunOption<?> o = RunOptions.get(k);
        if (o == RunOptions.METHOD && value != null) {
            org.tasl.strategy.Method.of(value.toString());
        }
        if (o == RunOptions.PROTOCOL && value != null) {
            Protocol.parse(value.toString());
        }
        if (o == RunOptions.LABEL_LOSS && value != null) {
            org.tasl.scoring.LabelLoss.parse(value.toString());
        }
        if (value == null) {
            values.remove(k);
        } else {
            Object parsed = o.parse(value);
            if (o == RunOptions.TASKS && value instanceof CharSequence && ((List<?>) parsed).isEmpty()) {
                // `--tasks ""` (an unset shell variable) must not silently mean the benchmark's order
                throw new IllegalArgumentException("tasks: no task name in '" + value
                        + "'; give names separated by commas, or leave the option out for the task order");
            }
            checkValue(o, parsed);
            values.put(k, parsed);
        }
        return this;
    }

    /**
     * The value checks that otherwise fail only once the run is under way (after its directory
     * was written, or in one sweep cell of many): a misspelt eval_mode or precision, a warm-up
     * share outside [0, 1]. Same messages as the places that use the values.
     */
    private static void checkValue(RunOption<?> o, Object v) {
        if (o == RunOptions.EVAL_MODE && !v.equals("rank") && !v.equals("generate")) {
            throw new IllegalArgumentException("eval_mode must be 'rank' or 'generate', got '" + v + "'");
        }
        if (o == RunOptions.CUDA_GRAPHS && !v.equals("auto") && !v.equals("off")) {
            throw new IllegalArgumentException("cuda_graphs must be 'auto' or 'off', got '" + v + "'");
        }
        if (o == RunOptions.PRECISION) {
            org.tasl.model.Precision.parse(v.toString());
        }
        if (o == RunOptions.WARMUP_RATIO && !(((Number) v).doubleValue() >= 0 && ((Number) v).doubleValue() <= 1)) {
            throw new IllegalArgumentException("warmup_ratio must be in [0, 1], got " + v);
        }
    }

    public RunConfig setAll(Map<String, ?> m) {
        m.forEach(this::set);
        return this;
    }

    public RunConfig copy() {
        RunConfig c = new RunConfig();
        c.values.putAll(values);
        return c;
    }

    /**
     * The value of the option with key {@code key}, as config.json records it: the value set,
     * else the protocol preset's, else the method's default, else the backbone recipe's, else
     * the spec's default. By key for scripts and generic code (sweeps, config.json); Java code
     * reads {@link #get(RunOption)}, typed.
     */
    public Object get(String key) {
        if (values.containsKey(key)) {
            return values.get(key);
        }
        boolean selector = SELECTORS.contains(key); // the keys that choose presets take none
        if (!selector) {
            Object preset = protocol().defaults().get(key);
            if (preset != null) {
                return preset;
            }
        }
        Object methodDefault = MethodDefaults.of(method()).get(key);
        if (methodDefault != null) {
            return methodDefault;
        }
        if (!selector) {
            Object recipe = recipe().defaults().get(key);
            if (recipe != null) {
                return recipe;
            }
        }
        return RunOptions.get(key).defaultValue();
    }

    /** The evaluation protocol preset (option protocol). */
    public Protocol protocol() {
        return Protocol.parse(get(RunOptions.PROTOCOL));
    }

    /** The training recipe of the backbone (see {@link BackboneRecipe}). */
    public BackboneRecipe recipe() {
        return BackboneRecipe.of(get(RunOptions.BACKBONE));
    }

    public String method() {
        Object m = values.getOrDefault(RunOptions.METHOD.key(), RunOptions.METHOD.defaultValue());
        return m.toString();
    }

    /** The resolved value of {@code option} (see {@link #get(String)}), typed; null when it has none. */
    public <T> T get(RunOption<T> option) {
        return option.cast(get(option.key()));
    }

    /** The resolved value of {@code option}; fails naming the option when it has none. */
    public <T> T require(RunOption<T> option) {
        T v = get(option);
        if (v == null) {
            throw new IllegalArgumentException("option " + option.key() + " has no value");
        }
        return v;
    }

    /** Sets {@code option} (null clears it), checked as {@link #set(String, Object)} checks. */
    public <T> RunConfig set(RunOption<T> option, T value) {
        return set(option.key(), value);
    }

    /** Whether {@code option} was set explicitly (not by a preset or a default). */
    public boolean isSet(RunOption<?> option) {
        return values.containsKey(option.key());
    }

    // ---- StrategySettings: the options the methods read ----

    @Override
    public long seed() {
        return require(RunOptions.SEED);
    }

    @Override
    public int batchSize() {
        return require(RunOptions.BATCH_SIZE);
    }

    @Override
    public int gradAccum() {
        return require(RunOptions.GRAD_ACCUM);
    }

    @Override
    public int epochs() {
        return require(RunOptions.EPOCHS);
    }

    @Override
    public float lr() {
        return require(RunOptions.LR).floatValue();
    }

    @Override
    public int warmupSteps() {
        return require(RunOptions.WARMUP_STEPS);
    }

    @Override
    public float warmupRatio() {
        return require(RunOptions.WARMUP_RATIO).floatValue();
    }

    @Override
    public boolean constantLr() {
        return require(RunOptions.CONSTANT_LR);
    }

    @Override
    public float maxGradNorm() {
        return require(RunOptions.MAX_GRAD_NORM).floatValue();
    }

    @Override
    public float weightDecay() {
        return require(RunOptions.WEIGHT_DECAY).floatValue();
    }

    @Override
    public int evalBatchSize() {
        return require(RunOptions.EVAL_BATCH_SIZE);
    }

    @Override
    public boolean cudaGraphs() {
        return !"off".equals(get(RunOptions.CUDA_GRAPHS));
    }

    @Override
    public String evalMode() {
        return get(RunOptions.EVAL_MODE);
    }

    @Override
    public String labelLoss() {
        return get(RunOptions.LABEL_LOSS);
    }

    @Override
    public int loraR() {
        return require(RunOptions.LORA_R);
    }

    @Override
    public float loraAlpha() {
        return require(RunOptions.LORA_ALPHA).floatValue();
    }

    @Override
    public float loraDropout() {
        return require(RunOptions.LORA_DROPOUT).floatValue();
    }

    @Override
    public String loraTargets() {
        return get(RunOptions.LORA_TARGETS);
    }

    @Override
    public String granularity() {
        return get(RunOptions.GRANULARITY);
    }

    @Override
    public String importance() {
        return get(RunOptions.IMPORTANCE);
    }

    @Override
    public float importanceBeta1() {
        return require(RunOptions.IMPORTANCE_BETA1).floatValue();
    }

    @Override
    public float importanceBeta2() {
        return require(RunOptions.IMPORTANCE_BETA2).floatValue();
    }

    @Override
    public boolean importancePermuted() {
        return require(RunOptions.IMPORTANCE_PERMUTED);
    }

    @Override
    public int snapshotEvery() {
        return require(RunOptions.SNAPSHOT_EVERY);
    }

    @Override
    public float cumulativeBeta() {
        return require(RunOptions.CUMULATIVE_BETA).floatValue();
    }

    @Override
    public String consolidation() {
        return get(RunOptions.CONSOLIDATION);
    }

    @Override
    public float percentile() {
        return require(RunOptions.PERCENTILE).floatValue();
    }

    @Override
    public float weightBothPrevious() {
        return require(RunOptions.WEIGHT_BOTH_PREVIOUS).floatValue();
    }

    @Override
    public float weightShared() {
        return require(RunOptions.WEIGHT_SHARED).floatValue();
    }

    @Override
    public float tau() {
        return require(RunOptions.TAU).floatValue();
    }

    @Override
    public float orthoLambda() {
        return require(RunOptions.ORTHO_LAMBDA).floatValue();
    }

    @Override
    public float oloraLambda1() {
        return require(RunOptions.OLORA_LAMBDA1).floatValue();
    }

    @Override
    public float oloraLambda2() {
        return require(RunOptions.OLORA_LAMBDA2).floatValue();
    }

    @Override
    public float replayFraction() {
        return require(RunOptions.REPLAY_FRACTION).floatValue();
    }

    @Override
    public int replayMin() {
        return require(RunOptions.REPLAY_MIN);
    }

    @Override
    public float ewcLambda() {
        return require(RunOptions.EWC_LAMBDA).floatValue();
    }

    /** Every option with its effective value, sorted by key: what config.json records. */
    public Map<String, Object> resolved() {
        Map<String, Object> m = new TreeMap<>();
        for (RunOption<?> o : RunOptions.all()) {
            m.put(o.key(), get(o.key()));
        }
        return m;
    }

    public Map<String, Object> explicit() {
        return Map.copyOf(values);
    }

    static List<String> asList(Object raw) {
        if (raw instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            l.forEach(x -> out.add(x.toString().trim()));
            return out;
        }
        if (raw instanceof Object[] a) {
            return asList(Arrays.asList(a));
        }
        List<String> out = new ArrayList<>();
        for (String s : raw.toString().split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "RunConfig" + values;
    }
}
