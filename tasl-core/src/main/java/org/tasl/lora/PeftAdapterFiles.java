package org.tasl.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.tensor.HostTensor;
import org.tasl.util.AtomicFiles;
import org.tasl.weights.SafeTensors;

/**
 * Adapters on disk exactly as PEFT's {@code save_pretrained} writes them, so they move both
 * ways between this project and PEFT: a folder with {@code adapter_model.safetensors} (tensors
 * named {@code base_model.model.<module path>.lora_A.weight} / {@code .lora_B.weight}, the
 * adapter name dropped) and {@code adapter_config.json} (r, lora_alpha, lora_dropout,
 * target_modules). A path ending in ".safetensors" means the tensor file alone.
 */
public final class PeftAdapterFiles {
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String CONFIG_FILE = "adapter_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PeftAdapterFiles() {}

    /** The tensors of one adapter under PEFT's file names, in model order. */
    public static Map<String, NDArray> fileTensors(LoraModel lora, String adapter) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (LoraModuleInfo m : lora.modules()) {
            if (m.adapter().equals(adapter)) {
                out.put(PeftNames.fileName(m.path(), "lora_A"), m.a());
                out.put(PeftNames.fileName(m.path(), "lora_B"), m.b());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no adapter '" + adapter + "' (adapters: " + lora.adapters() + ")");
        }
        return out;
    }

    /** Writes one adapter (atomically) to a PEFT folder, or to a single ".safetensors" file. */
    public static void save(LoraModel lora, String adapter, Path target, String baseModelName) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : fileTensors(lora, adapter).entrySet()) {
            tensors.put(e.getKey(), HostTensor.fromNDArray(e.getValue()));
        }
        if (isTensorFile(target)) {
            SafeTensors.write(target, tensors, Map.of("format", "pt"));
            return;
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create adapter folder " + target, e);
        }
        SafeTensors.write(target.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(target.resolve(CONFIG_FILE), configJson(lora, adapter, baseModelName));
    }

    /**
     * Reads an adapter written by PEFT or by {@link #save} and adds it to {@code lora} as
     * {@code adapter} (active and trainable). r comes from the tensors; α and dropout from
     * adapter_config.json when present, else from {@code fallback}.
     */
    public static void load(LoraModel lora, String adapter, Path source, LoraConfig fallback, NDManager scope) {
        Path file = isTensorFile(source) ? source : source.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("adapter file not found: " + file);
        }
        Map<String, HostTensor> tensors = SafeTensors.read(file);
        Map<String, NDArray[]> byModule = new LinkedHashMap<>();
        List<String> linear = lora.linearPaths();
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            PeftNames.Parsed p = PeftNames.parse(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException(file + ": tensor '" + e.getKey()
                        + "' is not a LoRA tensor (expected <module>.lora_A.weight or .lora_B.weight)");
            }
            String path = resolveModule(p.modulePath(), linear, file, e.getKey());
            NDArray[] ab = byModule.computeIfAbsent(path, k -> new NDArray[2]);
            ab[p.matrix().equals("lora_A") ? 0 : 1] = e.getValue().toNDArray(scope);
        }
        int r = -1;
        for (Map.Entry<String, NDArray[]> e : byModule.entrySet()) {
            if (e.getValue()[0] == null || e.getValue()[1] == null) {
                throw new IllegalArgumentException(file + ": module '" + e.getKey() + "' has only one of lora_A / lora_B");
            }
            r = (int) e.getValue()[0].getShape().get(0);
        }
        if (byModule.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no LoRA tensors");
        }
        LoraConfig config = fallback.withR(r);
        Path configFile = isTensorFile(source) ? null : source.resolve(CONFIG_FILE);
        if (configFile != null && Files.isRegularFile(configFile)) {
            config = applyConfigJson(config, configFile);
        }
        lora.addAdapter(adapter, config, byModule);
    }

    private static String resolveModule(String filePath, List<String> linear, Path file, String tensor) {
        if (linear.contains(filePath)) {
            return filePath;
        }
        // PEFT names modules relative to the model class it wrapped: an encoder saved from
        // AutoModel lacks the "bert." of a masked-LM model, and vice versa.
        String match = null;
        for (String path : linear) {
            if (path.endsWith("." + filePath) || filePath.endsWith("." + path)) {
                if (match != null) {
                    throw new IllegalArgumentException(file + ": tensor '" + tensor + "' matches several modules: "
                            + match + ", " + path);
                }
                match = path;
            }
        }
        if (match == null) {
            throw new IllegalArgumentException(file + ": tensor '" + tensor + "' names module '" + filePath
                    + "', which is not a linear module of this model");
        }
        return match;
    }

    private static LoraConfig applyConfigJson(LoraConfig config, Path configFile) {
        try {
            JsonNode n = JSON.readTree(configFile.toFile());
            LoraConfig c = config;
            if (n.hasNonNull("lora_alpha")) {
                c = c.withAlpha((float) n.get("lora_alpha").asDouble());
            }
            if (n.hasNonNull("lora_dropout")) {
                c = c.withDropout((float) n.get("lora_dropout").asDouble());
            }
            if (n.hasNonNull("r") && n.get("r").asInt() != c.r()) {
                throw new IllegalArgumentException(configFile + ": r = " + n.get("r").asInt()
                        + " but the tensors have rank " + c.r());
            }
            if (n.has("target_modules") && n.get("target_modules").isArray()) {
                List<String> targets = new ArrayList<>();
                n.get("target_modules").forEach(t -> targets.add(t.asText()));
                float alpha = c.alpha();
                float dropout = c.dropout();
                c = c.withTargetModules(targets).withAlpha(alpha).withDropout(dropout);
            }
            return c;
        } catch (IOException e) {
            throw new IllegalArgumentException(configFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static String configJson(LoraModel lora, String adapter, String baseModelName) {
        LoraConfig c = lora.adapterConfig(adapter);
        ObjectNode n = JSON.createObjectNode();
        n.put("peft_type", "LORA");
        n.put("task_type", (String) null);
        n.put("base_model_name_or_path", baseModelName);
        n.put("r", c.r());
        n.put("lora_alpha", c.alpha());
        n.put("lora_dropout", c.dropout());
        n.put("bias", "none");
        n.put("fan_in_fan_out", false);
        n.put("inference_mode", false);
        n.put("init_lora_weights", true);
        ArrayNode targets = n.putArray("target_modules");
        c.targetModules().forEach(targets::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isTensorFile(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".safetensors");
    }
}
