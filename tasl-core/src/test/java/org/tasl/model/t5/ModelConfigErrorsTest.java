package org.tasl.model.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.model.llama.LlamaConfig;

/** A config.json that cannot describe the model is an error naming the file and the key. */
class ModelConfigErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path edited(Path dir, String oracle, String removeKey, String setKey, Object value) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(ParityData.folder(oracle).resolve("config.json").toFile());
        if (removeKey != null) {
            n.remove(removeKey);
        }
        if (setKey != null) {
            n.set(setKey, JSON.valueToTree(value));
        }
        Path file = dir.resolve("config.json");
        Files.writeString(file, JSON.writeValueAsString(n));
        return file;
    }

    @Test
    void t5ConfigMissingDModelNamesFileAndKey(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "oracle:t5-tiny", "d_model", null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> T5Config.read(file));
        assertTrue(e.getMessage().startsWith(file + ": missing required key 'd_model'"), e.getMessage());
    }

    @Test
    void t5ConfigWithATextLayerCountNamesTheKey(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "oracle:t5-tiny", null, "num_layers", "two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> T5Config.read(file));
        assertTrue(e.getMessage().startsWith(file + ": key 'num_layers' is two, expected an integer"), e.getMessage());
    }

    @Test
    void t5ConfigWithAnUnknownFeedForwardNamesIt(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "oracle:t5-tiny", null, "feed_forward_proj", "gated-mish");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> T5Config.read(file));
        assertTrue(e.getMessage().contains("'mish' is not supported"), e.getMessage());
    }

    @Test
    void t5DefaultsFollowTransformers(@TempDir Path dir) throws IOException {
        // no num_decoder_layers → num_layers; no scale_decoder_outputs → tie_word_embeddings
        Path file = edited(dir, "oracle:t5-tiny", "num_decoder_layers", null, null);
        ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
        n.remove("scale_decoder_outputs");
        Files.writeString(file, JSON.writeValueAsString(n));
        T5Config c = T5Config.read(file);
        assertEquals(2, c.numDecoderLayers());
        assertTrue(c.scaleDecoderOutputs());
        assertEquals("relu", c.denseActivation());
        assertEquals("gelu_new", T5Config.read(ParityData.folder("oracle:flan-t5-tiny").resolve("config.json"))
                .denseActivation());
    }

    @Test
    void llamaConfigMissingHiddenSizeNamesFileAndKey(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "oracle:llama-tiny", "hidden_size", null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlamaConfig.read(file));
        assertTrue(e.getMessage().startsWith(file + ": missing required key 'hidden_size'"), e.getMessage());
    }

    @Test
    void llamaConfigReadsRopeThetaAndEpsAndRejectsScaledRope(@TempDir Path dir) throws IOException {
        LlamaConfig c = LlamaConfig.read(ParityData.folder("oracle:llama-tiny").resolve("config.json"));
        assertEquals(1000.0, c.ropeTheta());
        assertEquals(1e-5f, c.rmsNormEps());
        assertEquals(2, c.groups());
        Path file = edited(dir, "oracle:llama-tiny", "rope_theta", "rope_parameters",
                java.util.Map.of("rope_type", "yarn", "rope_theta", 1000.0, "factor", 4.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlamaConfig.read(file));
        assertTrue(e.getMessage().startsWith(file + ": rope type 'yarn' is not supported"), e.getMessage());
    }

    @Test
    void llamaHeadsMustBeAMultipleOfKeyValueHeads(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "oracle:llama-tiny", null, "num_key_value_heads", 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlamaConfig.read(file));
        assertTrue(e.getMessage().contains("num_attention_heads (4) must be a multiple of num_key_value_heads (3)"),
                e.getMessage());
    }

    @Test
    void backbonesDispatchesT5AndLlamaFoldersByModelType() {
        try (org.tasl.model.LanguageModel t5 = org.tasl.model.Backbones.loadFolder(
                ParityData.folder("oracle:flan-t5-tiny"), "flan", ai.djl.Device.cpu());
                org.tasl.model.LanguageModel llama = org.tasl.model.Backbones.loadFolder(
                        ParityData.folder("oracle:llama-tiny"), "llama", ai.djl.Device.cpu())) {
            assertTrue(t5 instanceof T5Model);
            assertEquals("flan", t5.name());
            assertEquals(org.tasl.model.Architecture.ENCODER_DECODER, t5.architecture());
            assertTrue(llama instanceof org.tasl.model.llama.LlamaModel);
            assertEquals(org.tasl.model.Architecture.DECODER, llama.architecture());
            // HF names, LoRA-free until an adapter is added; the untied Flan head is its own tensor
            assertTrue(t5.parameters().containsKey("lm_head.weight"));
            assertTrue(t5.parameters().containsKey("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"));
            assertTrue(llama.parameters().containsKey("model.layers.1.self_attn.k_proj.weight"));
            assertEquals(64, llama.config().hiddenSize());
        }
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> T5Model.load(dir, ai.djl.Device.cpu()));
        assertTrue(e.getMessage().contains(dir.resolve("config.json").toString()), e.getMessage());
    }
}
