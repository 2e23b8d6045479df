package org.tasl.model.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;
import org.tasl.lora.LoraConfig;
import org.tasl.model.LanguageModel;
import org.tasl.model.llama.LlamaModel;

/**
 * Every array a call creates belongs to the caller's scope: after loss, backward, scoring and
 * generation the model's own manager holds exactly what it held before (no leak per step).
 */
class ScopeHygieneTest {

    private static int owned(LanguageModel m) {
        return m.manager().getManagedArrays().size();
    }

    private static void exercise(LanguageModel model, String input, String output) {
        model.lora().addAdapter("a", LoraConfig.defaults().withR(2).withDropout(0.1f));
        int before = owned(model);
        for (int round = 0; round < 2; round++) {
            try (NDManager scope = model.manager().newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(model.loss(scope, List.of(new Example("x", input, output)), true));
                }
                model.scoreCandidates(scope, List.of(input, input), List.of(output, "other"));
                model.generate(scope, List.of(input), 4);
            }
            assertEquals(before, owned(model), model.name() + " round " + round);
        }
    }

    @Test
    void t5CallsLeaveTheModelManagerAsTheyFoundIt() {
        try (T5Model model = T5Model.load(ParityData.folder("oracle:t5-tiny"), Device.cpu())) {
            exercise(model, "Translate the word to French.\nWord: house\nAnswer:", "maison");
        }
    }

    @Test
    void llamaCallsLeaveTheModelManagerAsTheyFoundIt() {
        try (LlamaModel model = LlamaModel.load(ParityData.folder("oracle:llama-tiny"), Device.cpu())) {
            exercise(model, "Translate the word to French.\nWord: house\nAnswer:", "maison");
        }
    }
}
