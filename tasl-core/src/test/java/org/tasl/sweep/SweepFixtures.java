package org.tasl.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The grid the sweep tests run: 2 methods × 2 seeds on the built-in stream with a tiny random BERT. */
final class SweepFixtures {
    private SweepFixtures() {}

    static SweepGrid grid(Path backbone, int epochs) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("method", List.of("tasl", "seqlora"));
        axes.put("seed", List.of("1", "2"));
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("backbone", backbone.toString());
        fixed.put("benchmark", "builtin");
        fixed.put("tasks", "sentiment,negation,parity");
        fixed.put("train_per_task", "16");
        fixed.put("eval_per_task", "8");
        fixed.put("batch_size", "4");
        fixed.put("lr", "0.01");
        fixed.put("warmup_steps", "1");
        fixed.put("epochs", String.valueOf(epochs));
        fixed.put("max_input_tokens", "48");
        fixed.put("device", "cpu");
        return SweepGrid.of(axes, fixed);
    }
}
