package org.tasl.model;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.tasl.model.bert.BertModel;
import org.tasl.model.llama.LlamaModel;
import org.tasl.model.t5.T5Model;
import org.tasl.weights.BackboneCatalog;

/**
 * Name or folder → the right {@link LanguageModel}, chosen by config.json's {@code model_type}.
 *
 * <p>T5 (t5: ReLU and gated-GELU v1.1/Flan) is {@link T5Model}, LLaMA {@link LlamaModel}.
 */
public final class Backbones {
    /** BERT-architecture model types this implementation reads (same tensors, same names). */
    private static final Set<String> BERT_TYPES = Set.of("bert");

    private Backbones() {}

    /** Loads a catalog backbone ("bert-base-uncased", "all-minilm-l6-v2", …) or a Hugging Face folder. */
    public static LanguageModel load(String nameOrPath, Device device) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new IllegalArgumentException("backbone: expected a catalog name or a model folder, got nothing");
        }
        Path folder = resolveFolder(nameOrPath);
        String name = Files.isDirectory(Path.of(nameOrPath)) ? Path.of(nameOrPath).toAbsolutePath().normalize()
                .getFileName().toString() : nameOrPath;
        return loadFolder(folder, name, device);
    }

    /** The Hugging Face folder a name or path stands for (the catalog converts and caches catalog names). */
    public static Path resolveFolder(String nameOrPath) {
        return BackboneCatalog.resolve(nameOrPath);
    }

    /** Loads a Hugging Face folder by its config.json model_type. */
    public static LanguageModel loadFolder(Path folder, String name, Device device) {
        JsonModelConfig config = JsonModelConfig.read(folder);
        String type = config.modelType().toLowerCase(Locale.ROOT);
        if (BERT_TYPES.contains(type)) {
            return BertModel.load(folder, name, device);
        }
        switch (type) {
            case "t5":
                return T5Model.load(folder, name, device);
            case "llama":
                return LlamaModel.load(folder, name, device);
            default:
                throw new IllegalArgumentException(config.source() + ": unsupported model_type " + type
                        + " (supported: bert, t5, llama)");
        }
    }
}
