package org.tasl.weights;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the variable names of the shipped checkpoints to Hugging Face {@code BertForMaskedLM}
 * names ({@code bert.encoder.layer.3.attention.self.query.weight}, {@code cls.predictions.bias}).
 * Returns null for variables the converted checkpoint does not keep (optimizer slots,
 * {@code position_ids} buffers, global steps).
 */
final class BertNaming {

    private static final Pattern TF_LAYER = Pattern.compile("layer_(\\d+)");

    private BertNaming() {}

    /** Whether a TF variable is a dense kernel stored [in, out] (to be transposed). */
    static boolean isTfKernel(String tfName) {
        return tfName.endsWith("/kernel");
    }

    /** {@code module/bert/encoder/layer_3/attention/self/query/kernel} → {@code bert.encoder.layer.3.attention.self.query.weight}. */
    static String fromTf(String tfName) {
        String n = tfName.startsWith("module/") ? tfName.substring("module/".length()) : tfName;
        if (!(n.startsWith("bert/") || n.startsWith("cls/")) || n.contains("adam_") || n.contains("global_step")) {
            return null;
        }
        if (n.equals("cls/predictions/output_bias")) {
            return "cls.predictions.bias";
        }
        if (n.equals("cls/seq_relationship/output_weights") || n.equals("cls/seq_relationship/output_bias")) {
            return null; // next-sentence head: not part of BertForMaskedLM
        }
        Matcher m = TF_LAYER.matcher(n);
        n = m.replaceAll("layer.$1");
        n = n.replace('/', '.');
        if (n.endsWith(".kernel") || n.endsWith(".gamma")) {
            n = n.substring(0, n.lastIndexOf('.')) + ".weight";
        } else if (n.endsWith(".beta")) {
            n = n.substring(0, n.lastIndexOf('.')) + ".bias";
        } else if (n.endsWith("_embeddings")) {
            n = n + ".weight";
        }
        return n;
    }

    /** ONNX export of a BertModel ({@code encoder.layer.0...}) → {@code bert.encoder.layer.0...}. */
    static String fromOnnx(String onnxName) {
        if (onnxName.endsWith("position_ids")) {
            return null;
        }
        String n = onnxName.startsWith("bert.") ? onnxName.substring(5) : onnxName;
        if (n.startsWith("embeddings.") || n.startsWith("encoder.") || n.startsWith("pooler.")) {
            return "bert." + n;
        }
        return null;
    }
}
