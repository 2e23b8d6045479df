package org.tasl.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.tensor.HostTensor;
import org.tasl.weights.SafeTensors;

class PeftAdapterFilesTest {
    @TempDir
    Path dir;

    private NDManager manager;
    private TinyAttention model;
    private LoraInjector lora;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        model = new TinyAttention(4);
        model.randomize(manager);
        lora = new LoraInjector(model, "bert", manager, LoraTargets.BERT);
    }

    @AfterEach
    void tearDown() {
        lora.close();
        manager.close();
    }

    @Test
    void namesConvertBothWays() {
        String path = "bert.encoder.layer.0.attention.self.query";
        assertEquals("bert.encoder.layer.0.attention.self.query.lora_A.task3.weight",
                PeftNames.modelName(path, "lora_A", "task3"));
        assertEquals("base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight",
                PeftNames.fileName(path, "lora_B"));
        assertEquals(new PeftNames.Parsed(path, "lora_B"), PeftNames.parse(PeftNames.fileName(path, "lora_B")));
        assertEquals(new PeftNames.Parsed(path, "lora_A"),
                PeftNames.parse(PeftNames.modelName(path, "lora_A", "task3")));
        assertNull(PeftNames.parse("bert.encoder.layer.0.attention.self.query.weight"));
    }

    @Test
    void saveWritesPeftFileNamesAndLoadRestoresTheSameTensors() throws Exception {
        lora.addAdapter("task0", LoraConfig.defaults().withR(2).withAlpha(4));
        for (LoraModuleInfo m : lora.modules()) {
            m.b().intern(manager.randomNormal(m.b().getShape()));
        }
        PeftAdapterFiles.save(lora, "task0", dir.resolve("adapter"), "tiny");

        Map<String, HostTensor> file = SafeTensors.read(dir.resolve("adapter").resolve(PeftAdapterFiles.WEIGHTS_FILE));
        assertEquals(List.of(
                "base_model.model.bert.layer.0.attention.self.query.lora_A.weight",
                "base_model.model.bert.layer.0.attention.self.query.lora_B.weight",
                "base_model.model.bert.layer.0.attention.self.value.lora_A.weight",
                "base_model.model.bert.layer.0.attention.self.value.lora_B.weight",
                "base_model.model.bert.layer.1.attention.self.query.lora_A.weight",
                "base_model.model.bert.layer.1.attention.self.query.lora_B.weight",
                "base_model.model.bert.layer.1.attention.self.value.lora_A.weight",
                "base_model.model.bert.layer.1.attention.self.value.lora_B.weight"),
                List.copyOf(file.keySet()));
        JsonNode cfg = new ObjectMapper().readTree(dir.resolve("adapter").resolve(PeftAdapterFiles.CONFIG_FILE).toFile());
        assertEquals(2, cfg.get("r").asInt());
        assertEquals(4.0, cfg.get("lora_alpha").asDouble());
        assertEquals("[\"query\",\"value\"]", cfg.get("target_modules").toString());

        Map<String, NDArray> before = new LinkedHashMap<>(lora.loraParameters());
        try (NDManager scope = manager.newSubManager()) {
            PeftAdapterFiles.load(lora, "copy", dir.resolve("adapter"), LoraConfig.defaults(), scope);
        }
        assertEquals(2f, lora.adapterConfig("copy").scaling(), 0f);
        for (Map.Entry<String, NDArray> e : before.entrySet()) {
            NDArray copy = lora.loraParameters().get(e.getKey().replace(".task0.", ".copy."));
            assertArrayEquals(e.getValue().toFloatArray(), copy.toFloatArray(), 0f, e.getKey());
        }
    }

    @Test
    void loadsAPeftFileOfAModelWithoutTheMaskedLmPrefix() {
        // PEFT on AutoModel (no "bert." prefix): module "layer.1.attention.self.value".
        Map<String, HostTensor> file = new LinkedHashMap<>();
        file.put("base_model.model.layer.1.attention.self.value.lora_A.weight",
                HostTensor.fromFloats(new float[] {1, 0, 0, 0}, 1, 4));
        file.put("base_model.model.layer.1.attention.self.value.lora_B.weight",
                HostTensor.fromFloats(new float[] {1, 2, 3, 4}, 4, 1));
        Path f = dir.resolve("peft.safetensors");
        SafeTensors.write(f, file);
        try (NDManager scope = manager.newSubManager()) {
            PeftAdapterFiles.load(lora, "peft", f, LoraConfig.defaults().withAlpha(1), scope);
        }
        assertEquals(List.of("bert.layer.1.attention.self.value"), lora.modulePaths());
        assertArrayEquals(new float[] {1, 2, 3, 4},
                lora.module("bert.layer.1.attention.self.value").adapter("peft").b().toFloatArray(), 0f);
    }

    @Test
    void foreignTensorIsANamedError() {
        Path f = dir.resolve("bad.safetensors");
        SafeTensors.write(f, Map.of("base_model.model.classifier.weight", HostTensor.fromFloats(new float[] {1}, 1)));
        try (NDManager scope = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PeftAdapterFiles.load(lora, "x", f, LoraConfig.defaults(), scope));
            assertTrue(e.getMessage().contains("classifier.weight") && e.getMessage().contains("bad.safetensors"),
                    e.getMessage());
        }
    }
}
