package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.strategy.StrategySettings;
import org.tasl.util.Json;

/**
 * The typed run options: one example per rule. The expected JSON and messages below were
 * printed by the string-keyed RunConfig before the options became typed (commit adf98f7), so
 * config.json and every error message are unchanged.
 */
class RunOptionsTest {

    /** config.json's option part for {@code RunConfig.defaults()}, keys sorted. */
    static final String DEFAULTS_JSON = "{\"backbone\":\"all-minilm-l6-v2\",\"batch_size\":8,\"benchmark\":\"long-sequence\","
            + "\"consolidation\":\"static\",\"constant_lr\":false,\"cuda_graphs\":\"auto\",\"cumulative_beta\":0.7,\"data_dir\":null,\"data_seed\":null,"
            + "\"device\":\"auto\",\"epochs\":1,\"eval_batch_size\":16,\"eval_mode\":\"rank\",\"eval_per_task\":100,"
            + "\"ewc_lambda\":5000.0,\"grad_accum\":1,\"granularity\":\"matrix\",\"importance\":\"first\","
            + "\"importance_beta1\":0.85,\"importance_beta2\":0.85,\"importance_permuted\":false,\"label_loss\":\"vocab\","
            + "\"lora_alpha\":16.0,\"lora_dropout\":0.05,\"lora_r\":8,\"lora_targets\":\"q,v\",\"lr\":3.0E-4,"
            + "\"max_grad_norm\":1.0,\"max_input_tokens\":128,\"method\":\"tasl\",\"olora_lambda1\":0.5,\"olora_lambda2\":0.0,"
            + "\"order\":null,\"ortho_lambda\":0.1,\"out\":null,\"percentile\":0.8,\"precision\":\"fp32\","
            + "\"protocol\":\"standard\",\"replay_fraction\":0.02,\"replay_min\":10,\"seed\":42,\"snapshot_every\":5,"
            + "\"tasks\":null,\"tau\":0.25,\"train_per_task\":200,\"warmup_ratio\":0.06,\"warmup_steps\":-1,"
            + "\"weight_both_previous\":0.7,\"weight_decay\":0.0,\"weight_shared\":0.5}";

    /** The same for O-LoRA under the paper protocol with lr, tasks and seed given as text. */
    static final String OLORA_PAPER_JSON = "{\"backbone\":\"all-minilm-l6-v2\",\"batch_size\":8,\"benchmark\":\"long-sequence\","
            + "\"consolidation\":\"none\",\"constant_lr\":true,\"cuda_graphs\":\"auto\",\"cumulative_beta\":0.7,\"data_dir\":null,\"data_seed\":null,"
            + "\"device\":\"auto\",\"epochs\":1,\"eval_batch_size\":16,\"eval_mode\":\"generate\",\"eval_per_task\":100,"
            + "\"ewc_lambda\":5000.0,\"grad_accum\":1,\"granularity\":\"matrix\",\"importance\":\"first\","
            + "\"importance_beta1\":0.85,\"importance_beta2\":0.85,\"importance_permuted\":false,\"label_loss\":\"vocab\","
            + "\"lora_alpha\":32.0,\"lora_dropout\":0.1,\"lora_r\":8,\"lora_targets\":\"q,v\",\"lr\":5.0E-4,"
            + "\"max_grad_norm\":1.0,\"max_input_tokens\":128,\"method\":\"olora\",\"olora_lambda1\":0.5,\"olora_lambda2\":0.0,"
            + "\"order\":null,\"ortho_lambda\":0.1,\"out\":null,\"percentile\":0.8,\"precision\":\"fp32\","
            + "\"protocol\":\"paper\",\"replay_fraction\":0.02,\"replay_min\":10,\"seed\":7,\"snapshot_every\":5,"
            + "\"tasks\":[\"topic\",\"sentiment\"],\"tau\":0.25,\"train_per_task\":200,\"warmup_ratio\":0.06,"
            + "\"warmup_steps\":-1,\"weight_both_previous\":0.7,\"weight_decay\":0.0,\"weight_shared\":0.5}";

    private static RunConfig oloraPaper() {
        return RunConfig.defaults().set("method", "olora").set("protocol", "paper").set("lr", "5e-4")
                .set("tasks", "topic, sentiment").set("seed", "7");
    }

    @Test
    void aValueGivenAsTextIsReadBackTyped() {
        RunConfig c = RunConfig.defaults().set("lr", "5e-4").set("--batch-size", "16").set("seed", "7")
                .set("tasks", "topic, sentiment").set("constant_lr", "yes");
        Double lr = c.get(RunOptions.LR);
        Integer batch = c.get(RunOptions.BATCH_SIZE);
        Long seed = c.get(RunOptions.SEED);
        List<String> tasks = c.get(RunOptions.TASKS);
        Boolean constant = c.get(RunOptions.CONSTANT_LR);
        assertEquals(5e-4, lr);
        assertEquals(16, batch);
        assertEquals(7L, seed);
        assertEquals(List.of("topic", "sentiment"), tasks);
        assertTrue(constant);
    }

    @Test
    void theMethodsSeeTheSameValuesThroughStrategySettings() {
        StrategySettings s = oloraPaper().set(RunOptions.TAU, 0.5).set(RunOptions.LORA_R, 4);
        assertEquals("olora", s.method());
        assertEquals(5e-4f, s.lr());
        assertEquals(7L, s.seed());
        assertEquals(0.5f, s.tau());
        assertEquals(4, s.loraR());
        assertEquals(32f, s.loraAlpha(), "O-LoRA's published alpha (method default)");
        assertTrue(s.constantLr(), "O-LoRA's constant lr (method default)");
        assertEquals("generate", s.evalMode(), "the paper protocol's preset");
        assertEquals("none", s.consolidation());
        assertEquals(0f, s.weightDecay(), "LoRA methods: no weight decay");
        assertEquals(0.01f, RunConfig.defaults().set("method", "seqft").weightDecay(), "full fine-tuning: 0.01");
        assertEquals(3e-5f, RunConfig.defaults().set("method", "seqft").lr(), "full fine-tuning's small lr");
    }

    @Test
    void anOptionWithoutValueIsNullOrNamedWhenRequired() {
        RunConfig c = RunConfig.defaults();
        assertNull(c.get(RunOptions.ORDER));
        assertNull(c.get(RunOptions.DATA_SEED));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.require(RunOptions.ORDER));
        assertEquals("option order has no value", e.getMessage());
    }

    @Test
    void aBadValueNamesTheOptionAndTheValue() {
        assertEquals("option lr: 'fast' is not a valid float (peak learning rate (bert-base recipe: 1e-3; "
                + "O-LoRA: 1e-3 constant))", message("lr", "fast"));
        assertEquals("option epochs: '2.5' is not a valid int (epochs per task (bert-base recipe: 3))",
                message("epochs", "2.5"));
        assertEquals("option seed: 'x' is not a valid long (seed for sampling, shuffling, initialisation and dropout)",
                message("seed", "x"));
        assertEquals("option constant_lr: 'maybe' is not true/false", message("constant_lr", "maybe"));
        assertEquals("unknown method 'nope'; known methods: tasl, taslora, tasl-replay, seqft, seqlora, inclora, olora, "
                + "replay, ewc, mtl, pertask", message("method", "nope"));
        assertEquals("protocol must be 'standard' or 'paper', got 'x'", message("protocol", "x"));
        assertEquals("label_loss must be 'vocab' or 'labels', got 'x'", message("label_loss", "x"));
        // checked when set, so a typo fails before a run directory or a sweep cell exists
        assertEquals("eval_mode must be 'rank' or 'generate', got 'gen'", message("eval_mode", "gen"));
        assertEquals("cuda_graphs must be 'auto' or 'off', got 'on'", message("cuda_graphs", "on"));
        assertEquals("precision must be fp32 or bf16, got 'fp16'", message("precision", "fp16"));
        assertEquals("warmup_ratio must be in [0, 1], got 1.5", message("warmup_ratio", "1.5"));
        assertEquals("tasks: no task name in ' , '; give names separated by commas, or leave the option out for the "
                + "task order", message("tasks", " , "));
        assertTrue(message("lrr", "1").startsWith("unknown run option 'lrr'; known: method, backbone, benchmark, order, "),
                message("lrr", "1"));
        assertEquals("option lr: 'fast' is not a valid float (peak learning rate (bert-base recipe: 1e-3; "
                + "O-LoRA: 1e-3 constant))", assertThrows(IllegalArgumentException.class,
                        () -> RunOptions.LR.parse("fast")).getMessage(), "the option parses as the config does");
    }

    private static String message(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> RunConfig.defaults().set(key, value)).getMessage();
    }

    @Test
    void theResolvedOptionsAreWhatConfigJsonRecordedBefore() {
        assertEquals(DEFAULTS_JSON, Json.compact(RunConfig.defaults().resolved()));
        assertEquals(OLORA_PAPER_JSON, Json.compact(oloraPaper().resolved()));
    }

    @Test
    void configJsonReadBackGivesTheSameConfigJson(@TempDir Path tmp) throws Exception {
        RunConfig original = oloraPaper().set(RunOptions.ORDER, 3).set(RunOptions.DATA_SEED, 11L)
                .set(RunOptions.IMPORTANCE_PERMUTED, true).set(RunOptions.OUT, tmp.resolve("run").toString());
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
        dir.writeConfig(original.resolved());
        String written = Files.readString(tmp.resolve("run").resolve("config.json"));

        RunConfig again = RunConfig.defaults();
        dir.readConfig().forEach((k, v) -> {
            if (v != null) {
                again.set(k, v); // what resume and ./tasl consolidate do with a saved config.json
            }
        });
        assertEquals(original.resolved(), again.resolved());
        dir.writeConfig(again.resolved());
        assertEquals(written, Files.readString(tmp.resolve("run").resolve("config.json")));
        assertEquals(3, again.get(RunOptions.ORDER));
        assertEquals(11L, again.get(RunOptions.DATA_SEED));
    }

    @Test
    void everyConstantIsTheRegisteredOptionOfItsKey() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Field f : RunOptions.class.getDeclaredFields()) {
            if (f.getType() == RunOption.class && Modifier.isPublic(f.getModifiers())) {
                RunOption<?> o = (RunOption<?>) f.get(null);
                assertEquals(f.getName(), o.key().toUpperCase(), "constant name = key in upper case");
                assertSame(o, RunOptions.get(o.key()));
                keys.add(o.key());
            }
        }
        assertEquals(RunOptions.all().stream().map(RunOption::key).toList(), keys, "one constant per option, in order");
    }

    @Test
    void aDefaultOfTheWrongTypeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunOption<Object>("epochs", RunOption.Type.INT, 1.5, "epochs"));
        assertEquals("option epochs: default 1.5 is not a int", e.getMessage());
    }

    @Test
    void aPresetHoldsTypedValuesByKey() {
        OptionPreset p = OptionPreset.none().with(RunOptions.LR, 1e-3).with(RunOptions.EPOCHS, 3);
        assertEquals(Map.of("lr", 1e-3, "epochs", 3), p.asMap());
        assertEquals(Map.of("epochs", 3), p.with(RunOptions.LR, null).asMap(), "null takes the value out");
        assertEquals(Map.of("eval_mode", "generate"), Protocol.PAPER.defaults().asMap());
    }
}
