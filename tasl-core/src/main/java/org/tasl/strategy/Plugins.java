package org.tasl.strategy;

import java.util.ArrayList;
import java.util.List;
import org.tasl.cl.ImportanceMetric;

/** The plugins that make up each method (TASL_SPEC §7), in hook order. */
public final class Plugins {
    private Plugins() {}

    public static List<TrainingPlugin> forMethod(StrategySettings cfg, ImportanceMetric customMetric) {
        Method m = Method.of(cfg.method());
        List<TrainingPlugin> plugins = new ArrayList<>();
        ImportancePlugin importance = new ImportancePlugin(cfg, customMetric);
        plugins.add(importance);
        String consolidation = cfg.consolidation();
        if (!consolidation.equals("none")) {
            if (!m.usesLora() && !consolidation.equals("static") && !consolidation.equals("adaptive")) {
                throw new IllegalArgumentException("consolidation must be static, adaptive or none, got '" + consolidation + "'");
            }
            plugins.add(new ConsolidationPlugin(cfg, importance));
        }
        if (m.orthogonality()) {
            plugins.add(RegularizerPlugin.tasLora(cfg));
        }
        if (m.oloraRegularizer()) {
            plugins.add(RegularizerPlugin.oLora(cfg));
        }
        if (m.ewc()) {
            plugins.add(new EwcPlugin(cfg));
        }
        switch (m.replay()) {
            case MIXED -> plugins.add(new ReplayPlugin(cfg, true));
            case SKILL_PASS -> {
                ReplayPlugin memory = new ReplayPlugin(cfg, false);
                plugins.add(new SkillReplayPlugin(cfg, importance, memory));
                plugins.add(memory);
            }
            case NONE -> { }
        }
        return plugins;
    }
}
