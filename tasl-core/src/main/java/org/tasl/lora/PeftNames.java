package org.tasl.lora;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEFT's two spellings of a LoRA tensor name. In a live model:
 * {@code <module path>.lora_A.<adapter>.weight}; in an adapter file
 * ({@code adapter_model.safetensors}): {@code base_model.model.<module path>.lora_A.weight}
 * (the adapter name dropped, the PeftModel prefix added).
 */
public final class PeftNames {
    public static final String FILE_PREFIX = "base_model.model.";

    private static final Pattern FILE_NAME = Pattern.compile("(.+)\\.(lora_A|lora_B)(?:\\.([^.]+))?\\.weight");

    private PeftNames() {}

    public static String modelName(String modulePath, String matrix, String adapter) {
        return modulePath + "." + matrix + "." + adapter + ".weight";
    }

    public static String fileName(String modulePath, String matrix) {
        return FILE_PREFIX + modulePath + "." + matrix + ".weight";
    }

    /** A parsed file or model name: module path (without PEFT's prefix), "lora_A"/"lora_B". */
    public record Parsed(String modulePath, String matrix) {}

    /**
     * Parses a name from an adapter file. Accepts PEFT's file form and, for files written by
     * other tools, the in-model form with an adapter segment; null when it is not a LoRA tensor.
     */
    public static Parsed parse(String name) {
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        String path = m.group(1);
        if (path.startsWith(FILE_PREFIX)) {
            path = path.substring(FILE_PREFIX.length());
        }
        return new Parsed(path, m.group(2));
    }
}
