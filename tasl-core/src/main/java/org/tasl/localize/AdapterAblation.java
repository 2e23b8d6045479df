package org.tasl.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tasl.cl.SkillUnit;
import org.tasl.cl.SkillUnits;
import org.tasl.cl.UnitMask;
import org.tasl.data.Task;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.nn.Devices;
import org.tasl.run.RunConfig;
import org.tasl.run.RunOptions;
import org.tasl.strategy.AdapterManager;
import org.tasl.strategy.Evaluator;
import org.tasl.strategy.ImportancePlugin;
import org.tasl.strategy.TensorFiles;

/**
 * A trained LoRA adapter θ on its backbone, evaluated on one task with some skill units zeroed:
 * before every evaluation θ is written back in full, then the masked units' LoRA parameters
 * (a whole A or B matrix, or row i of A with column i of B for a rank unit) are set to zero.
 */
public final class AdapterAblation implements UnitAblation, AutoCloseable {
    private final LanguageModel model;
    private final Task task;
    private final Evaluator evaluator;
    private final Map<String, NDArray> live;
    private final NDManager thetaScope;
    private final Map<String, NDArray> theta;
    private final List<SkillUnit> units;
    private final Set<String> names = new HashSet<>();

    /**
     * Loads the run's backbone, adds the run's adapter (one shared adapter, as TaSL and SeqLoRA
     * train it) and reads θ from {@code thetaFile}.
     */
    public static AdapterAblation open(RunConfig cfg, Path thetaFile, Task task) {
        LanguageModel model = Backbones.load(cfg.get(RunOptions.BACKBONE), Devices.parse(cfg.get(RunOptions.DEVICE)));
        try {
            model.setMaxInputTokens(cfg.require(RunOptions.MAX_INPUT_TOKENS));
            model.lora().addAdapter(AdapterManager.SHARED, AdapterManager.loraConfig(cfg));
            model.lora().setActiveAdapters(List.of(AdapterManager.SHARED));
            return new AdapterAblation(model, cfg, thetaFile, task);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private AdapterAblation(LanguageModel model, RunConfig cfg, Path thetaFile, Task task) {
        this.model = model;
        this.task = task;
        this.evaluator = new Evaluator(cfg.require(RunOptions.EVAL_BATCH_SIZE), cfg.get(RunOptions.EVAL_MODE), 32);
        this.live = model.lora().loraParameters();
        this.thetaScope = model.manager().newSubManager();
        this.theta = TensorFiles.read(thetaFile, thetaScope);
        for (Map.Entry<String, NDArray> e : live.entrySet()) {
            NDArray saved = theta.get(e.getKey());
            if (saved == null || !saved.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException(thetaFile + ": tensor " + e.getKey() + " is "
                        + (saved == null ? "missing" : "of shape " + saved.getShape()) + " but the adapter of "
                        + cfg.get(RunOptions.BACKBONE) + " (lora_r " + cfg.get(RunOptions.LORA_R) + ", lora_targets "
                        + cfg.get(RunOptions.LORA_TARGETS) + ") has shape " + e.getValue().getShape());
            }
        }
        this.units = SkillUnits.of(ImportancePlugin.granularity(cfg.get(RunOptions.GRANULARITY)), live);
        units.forEach(u -> names.add(u.name()));
    }

    /** The skill units of the adapter, in model order. */
    public List<SkillUnit> units() {
        return units;
    }

    @Override
    public double score(Set<String> zeroed) {
        List<String> unknown = new ArrayList<>();
        for (String u : zeroed) {
            if (!names.contains(u)) {
                unknown.add(u);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no skill unit named " + unknown.get(0) + " in the adapter ("
                    + unknown.size() + " unknown)");
        }
        theta.forEach((name, value) -> {
            NDArray target = live.get(name);
            if (target != null) {
                AdapterManager.assign(target, value);
            }
        });
        if (!zeroed.isEmpty()) {
            Set<String> keep = new HashSet<>(names);
            keep.removeAll(zeroed);
            try (NDManager scope = model.manager().newSubManager()) {
                UnitMask.of(units, keep, live, scope).forEach((name, mask) -> live.get(name).muli(mask));
            }
        }
        return evaluator.score(model, task);
    }

    @Override
    public void close() {
        thetaScope.close();
        model.close();
    }
}
