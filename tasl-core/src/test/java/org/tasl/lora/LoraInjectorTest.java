package org.tasl.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tasl.nn.Gradients;
import org.tasl.nn.Weight;

class LoraInjectorTest {
    private NDManager manager;
    private TinyAttention model;
    private LoraInjector lora;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        model = new TinyAttention(4);
        model.randomize(manager);
        lora = new LoraInjector(model, "enc", manager, LoraTargets.BERT);
    }

    @AfterEach
    void tearDown() {
        lora.close();
        manager.close();
    }

    @Test
    void defaultTargetsAreQueryAndValueWithPeftNames() {
        lora.addAdapter("default", LoraConfig.defaults());
        assertEquals(List.of("enc.layer.0.attention.self.query", "enc.layer.0.attention.self.value",
                "enc.layer.1.attention.self.query", "enc.layer.1.attention.self.value"), lora.modulePaths());
        List<String> names = new ArrayList<>(lora.trainableParameters().keySet());
        assertEquals("enc.layer.0.attention.self.query.lora_A.default.weight", names.get(0));
        assertEquals("enc.layer.0.attention.self.query.lora_B.default.weight", names.get(1));
        assertEquals(8, names.size());
        assertEquals(new Shape(8, 4), lora.trainableParameters().get(names.get(0)).getShape());
        assertEquals(new Shape(4, 8), lora.trainableParameters().get(names.get(1)).getShape());
    }

    @Test
    void allAttentionOptionAndExplicitTargets() {
        lora.addAdapter("a", LoraConfig.defaults().withAllAttentionProjections());
        assertEquals(6, lora.modulePaths().size());
        lora.addAdapter("k", LoraConfig.defaults().withTargetModules(List.of("key")));
        assertEquals(2, lora.modules().stream().filter(m -> m.adapter().equals("k")).count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lora.addAdapter("x", LoraConfig.defaults().withTargetModules(List.of("q_proj"))));
        assertTrue(e.getMessage().contains("q_proj"), e.getMessage());
    }

    @Test
    void gradientsFlowOnlyToTrainableLora() {
        lora.addAdapter("old", LoraConfig.defaults().withDropout(0));
        lora.addAdapter("new", LoraConfig.defaults().withDropout(0).withSeed(7));
        lora.setTrainableAdapters(List.of("new"));
        assertEquals(List.of("old", "new"), lora.activeAdapters());
        // B starts at zero: give the frozen adapter a non-zero B so its path really contributes.
        for (LoraModuleInfo m : lora.modules()) {
            if (m.adapter().equals("old")) {
                m.b().intern(manager.randomNormal(m.b().getShape()));
            }
        }
        try (NDManager scope = manager.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = scope.randomNormal(new Shape(3, 4));
            NDArray loss = model.forward(x, true).square().sum();
            gc.backward(loss);
            for (Map.Entry<String, NDArray> e : lora.trainableParameters().entrySet()) {
                assertTrue(e.getKey().contains(".new."), e.getKey());
                float norm = Gradients.of(e.getValue(), scope).abs().sum().getFloat();
                if (e.getKey().contains("lora_B")) {
                    assertTrue(norm > 0f, "no gradient reached " + e.getKey());
                }
            }
            for (LoraModuleInfo m : lora.modules()) {
                if (m.adapter().equals("old")) {
                    assertFalse(m.a().hasGradient(), "frozen adapter " + m.nameA() + " requires a gradient");
                }
            }
            for (Map.Entry<String, Weight> w : model.namedWeights("enc").entrySet()) {
                assertFalse(w.getValue().array().hasGradient(), "base weight " + w.getKey() + " requires a gradient");
            }
        }
    }

    @Test
    void fullFineTuningMakesEveryBaseWeightTrainable() {
        lora.setFullFineTuning(true);
        Map<String, NDArray> t = lora.trainableParameters();
        assertEquals(model.namedWeights("enc").keySet(), t.keySet());
        assertTrue(t.values().stream().allMatch(NDArray::hasGradient));
        lora.setFullFineTuning(false);
        assertTrue(lora.trainableParameters().isEmpty());
    }

    @Test
    void modelMergeMatchesUnmergedForward() {
        lora.addAdapter("default", LoraConfig.defaults().withDropout(0));
        for (LoraModuleInfo m : lora.modules()) {
            m.b().intern(manager.randomNormal(m.b().getShape()));
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(3, 4));
            float[] before = model.forward(x, false).toFloatArray();
            lora.merge();
            assertArrayEquals(before, model.forward(x, false).toFloatArray(), 1e-4f);
            lora.unmerge();
            assertArrayEquals(before, model.forward(x, false).toFloatArray(), 1e-4f);
            lora.setModuleEnabled("enc.layer.0.attention.self.query", false);
            assertFalse(java.util.Arrays.equals(before, model.forward(x, false).toFloatArray()));
        }
    }

    @Test
    void removingAnAdapterRestoresTheBaseModel() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(2, 4));
            float[] base = model.forward(x, false).toFloatArray();
            lora.addAdapter("default", LoraConfig.defaults());
            for (LoraModuleInfo m : lora.modules()) {
                m.b().intern(manager.randomNormal(m.b().getShape()));
            }
            lora.removeAdapter("default");
            assertArrayEquals(base, model.forward(x, false).toFloatArray(), 1e-6f);
            assertTrue(lora.adapters().isEmpty());
        }
    }
}
