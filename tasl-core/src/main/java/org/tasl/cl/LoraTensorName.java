package org.tasl.cl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEFT-style LoRA tensor name taken apart: {@code <module>.lora_A.<adapter>.weight} (A, shape
 * [r, d_in]) or {@code <module>.lora_B.<adapter>.weight} (B, shape [d_out, r]); the adapter
 * segment may be absent ({@code <module>.lora_A.weight}).
 *
 * @param module the module path the adapter is attached to, e.g. {@code bert.encoder.layer.3.attention.self.query}
 * @param matrix 'A' or 'B'
 * @param adapter the adapter name, or null when the name has none
 */
public record LoraTensorName(String module, char matrix, String adapter) {

    private static final Pattern LORA = Pattern.compile("^(.+)\\.lora_([AB])(?:\\.([^.]+))?\\.weight$");

    /** The parsed name, or null when {@code tensorName} is not a LoRA tensor. */
    public static LoraTensorName parse(String tensorName) {
        Matcher m = LORA.matcher(tensorName);
        if (!m.matches()) {
            return null;
        }
        return new LoraTensorName(m.group(1), m.group(2).charAt(0), m.group(3));
    }

    public static boolean isLora(String tensorName) {
        return parse(tensorName) != null;
    }

    /**
     * The path that names skill units of this adapter: the module path, plus {@code .<adapter>}
     * when the adapter has a name other than PEFT's {@code default}. One adapter trained across
     * all tasks (TaSL) thus gives the same unit names in every task; O-LoRA's per-task adapters
     * get distinct ones.
     */
    public String unitPath() {
        return adapter == null || adapter.equals("default") ? module : module + "." + adapter;
    }

    /** The name of the partner matrix (B for an A, A for a B) of the same module and adapter. */
    public String partnerTensorName() {
        char other = matrix == 'A' ? 'B' : 'A';
        return module + ".lora_" + other + (adapter == null ? "" : "." + adapter) + ".weight";
    }
}
