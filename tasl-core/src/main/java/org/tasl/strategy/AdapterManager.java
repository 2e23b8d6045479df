package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.lora.LoraConfig;
import org.tasl.lora.LoraModel;
import org.tasl.model.LanguageModel;

/**
 * Puts the right adapters in place for each task, per the method's {@link AdapterPolicy}:
 * one shared adapter, a new adapter per task with the earlier ones frozen but active, an
 * isolated adapter per task, or every backbone weight (full fine-tuning).
 */
public final class AdapterManager {
    /** The adapter name of methods that train one shared adapter. */
    public static final String SHARED = "default";

    private final LanguageModel model;
    private final Method method;
    private final LoraConfig lora;
    private final List<String> taskAdapters = new ArrayList<>();

    AdapterManager(LanguageModel model, Method method, StrategySettings cfg) {
        this.model = model;
        this.method = method;
        this.lora = loraConfig(cfg);
    }

    /** The LoRA adapter a run's options describe (rank, alpha, dropout, seed, target projections). */
    public static LoraConfig loraConfig(StrategySettings cfg) {
        LoraConfig c = LoraConfig.defaults().withR(cfg.loraR()).withAlpha(cfg.loraAlpha())
                .withDropout(cfg.loraDropout()).withSeed(cfg.seed());
        String targets = cfg.loraTargets().trim();
        if (targets.equalsIgnoreCase("all")) {
            c = c.withAllAttentionProjections();
        } else if (!targets.equalsIgnoreCase("q,v") && !targets.isEmpty()) {
            c = c.withTargetModules(List.of(targets.split("\\s*,\\s*")));
        }
        return c;
    }

    public static String adapterForTask(int k) {
        return "task" + k;
    }

    private LoraModel loraModel() {
        return model.lora();
    }

    /** Makes the adapters and trainable set of task k. Idempotent for a task already prepared. */
    void prepareTask(int k) {
        LoraModel l = loraModel();
        switch (method.adapters()) {
            case FULL -> l.setFullFineTuning(true);
            case SHARED_LORA -> {
                if (!l.adapters().contains(SHARED)) {
                    l.addAdapter(SHARED, lora);
                }
                l.setActiveAdapters(List.of(SHARED));
                l.setTrainableAdapters(List.of(SHARED));
            }
            case NEW_LORA_PER_TASK -> {
                String name = adapterForTask(k);
                if (!l.adapters().contains(name)) {
                    l.addAdapter(name, lora.withSeed(lora.seed() + k));
                    taskAdapters.add(name);
                }
                l.setActiveAdapters(upTo(k));
                l.setTrainableAdapters(List.of(name));
            }
            case ISOLATED_LORA_PER_TASK -> {
                String name = adapterForTask(k);
                if (!l.adapters().contains(name)) {
                    l.addAdapter(name, lora.withSeed(lora.seed() + k));
                    taskAdapters.add(name);
                }
                l.setActiveAdapters(List.of(name));
                l.setTrainableAdapters(List.of(name));
            }
        }
    }

    /** The starting backbone for b_i: no adapter in forward (a fresh one has B = 0 anyway). */
    void prepareBaseline() {
        loraModel().setActiveAdapters(List.of());
    }

    /** Before evaluating task i after training task k: PerTask answers with task i's own adapter. */
    void activateForEvaluation(int evalTask, int trainedUpTo) {
        LoraModel l = loraModel();
        switch (method.adapters()) {
            case ISOLATED_LORA_PER_TASK -> l.setActiveAdapters(evalTask <= trainedUpTo
                    ? List.of(adapterForTask(evalTask)) : List.of());
            case NEW_LORA_PER_TASK -> l.setActiveAdapters(upTo(trainedUpTo));
            case SHARED_LORA -> l.setActiveAdapters(List.of(SHARED));
            case FULL -> { }
        }
    }

    void activateForTraining() {
        LoraModel l = loraModel();
        List<String> trainable = l.trainableAdapters();
        if (method.adapters() == AdapterPolicy.ISOLATED_LORA_PER_TASK) {
            l.setActiveAdapters(trainable);
        } else if (method.adapters() == AdapterPolicy.NEW_LORA_PER_TASK) {
            l.setActiveAdapters(taskAdapters);
        }
    }

    private List<String> upTo(int k) {
        List<String> names = new ArrayList<>();
        for (String a : taskAdapters) {
            int idx = Integer.parseInt(a.substring(4));
            if (idx <= k) {
                names.add(a);
            }
        }
        return names;
    }

    /** Tensors trained for the current task (live arrays). */
    public Map<String, NDArray> trainable() {
        return loraModel().trainableParameters();
    }

    /**
     * The tensors that define the carried-over model θ̂: every LoRA tensor of every adapter, or
     * every backbone weight under full fine-tuning.
     */
    public Map<String, NDArray> state() {
        if (method.adapters() == AdapterPolicy.FULL) {
            return loraModel().trainableParameters();
        }
        return loraModel().loraParameters();
    }

    /** Copies saved values into the live tensors of {@link #state()} (resume, what-if consolidation). */
    public void load(Map<String, NDArray> values) {
        Map<String, NDArray> live = state();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : live.entrySet()) {
            NDArray v = values.get(e.getKey());
            if (v == null) {
                missing.add(e.getKey());
                continue;
            }
            if (!v.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("saved tensor '" + e.getKey() + "' has shape " + v.getShape()
                        + " but the model expects " + e.getValue().getShape());
            }
            assign(e.getValue(), v);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("saved state lacks " + missing.size() + " tensors, e.g. " + missing.get(0));
        }
    }

    /**
     * Writes {@code value} into {@code target}'s own storage. DJL's {@code copyTo} instead
     * re-points the tensor at a fresh Java buffer; kernels then see other memory alignment and
     * may round differently, which a long high-lr run amplifies — and a resumed run would drift
     * from the uninterrupted one. (Parameters are finite: non-finite steps are never applied.)
     */
    public static void assign(NDArray target, NDArray value) {
        NDArray v = value.toDevice(target.getDevice(), false).toType(target.getDataType(), false);
        target.muli(0f).addi(v);
        if (v != value) {
            v.close();
        }
    }

    static Map<String, NDArray> copyOf(Map<String, NDArray> live) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        live.forEach((k, v) -> out.put(k, v.duplicate()));
        return out;
    }
}
