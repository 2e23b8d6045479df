package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.train.LearningRateSchedule;

class RecipeAndProtocolTest {

    @Test
    void bertBaseGetsItsRecipeAndExplicitValuesAndMethodsWin() {
        RunConfig c = RunConfig.defaults().set("backbone", "bert-base-uncased").set("method", "tasl");
        assertEquals(1e-3, ((Number) c.get("lr")).doubleValue(), 1e-12);
        assertEquals(3, c.epochs());
        assertEquals(256, c.require(RunOptions.MAX_INPUT_TOKENS));
        assertEquals(0.06, c.warmupRatio(), 1e-6);
        assertEquals("bert-base", c.recipe().wire());
        assertEquals(5e-4, c.copy().set("lr", 5e-4).lr(), 1e-9);
        // O-LoRA keeps its published setting, full fine-tuning its small lr
        RunConfig olora = c.copy().set("method", "olora");
        assertTrue(olora.constantLr());
        assertEquals(32.0, olora.loraAlpha(), 1e-6);
        assertEquals(3e-5, c.copy().set("method", "seqft").lr(), 1e-9);
        // recorded with every other option
        assertEquals(3, c.resolved().get("epochs"));
    }

    @Test
    void aFolderIsRecognisedByItsConfigAndToyModelsKeepTheSpecDefaults(@TempDir Path dir) throws IOException {
        Path base = Files.createDirectories(dir.resolve("bert-f16"));
        Files.writeString(base.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 768}");
        Path toy = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(toy.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 16}");
        assertEquals(BackboneRecipe.BERT_BASE, BackboneRecipe.of(base.toString()));
        assertEquals(BackboneRecipe.NONE, BackboneRecipe.of(toy.toString()));
        RunConfig c = RunConfig.defaults().set("backbone", toy.toString());
        assertEquals(3e-4, c.lr(), 1e-9);
        assertEquals(1, c.epochs());
    }

    @Test
    void thePaperProtocolDecodesFreelyUnlessTold() {
        RunConfig c = RunConfig.defaults().set("protocol", "paper");
        assertEquals("generate", c.get(RunOptions.EVAL_MODE));
        assertEquals("rank", c.copy().set("eval_mode", "rank").get(RunOptions.EVAL_MODE));
        assertEquals("rank", RunConfig.defaults().get(RunOptions.EVAL_MODE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunConfig.defaults().set("protocol", "papers"));
        assertTrue(e.getMessage().contains("'standard' or 'paper'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.defaults().set("label_loss", "all"));
        assertTrue(e.getMessage().contains("'vocab' or 'labels'"), e.getMessage());
    }

    @Test
    void warmUpIsAFractionOfTheTaskUnlessStepsAreGiven() {
        assertEquals(4, LearningRateSchedule.warmupSteps(-1, 0.06, 63)); // 3.78 rounds to 4
        assertEquals(0, LearningRateSchedule.warmupSteps(-1, 0.0, 63));
        assertEquals(10, LearningRateSchedule.warmupSteps(10, 0.06, 63));
        assertEquals(6, LearningRateSchedule.warmupSteps(100, 0.06, 63)); // longer than the task: a tenth
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupSteps(-1, 1.5, 63));
    }
}
