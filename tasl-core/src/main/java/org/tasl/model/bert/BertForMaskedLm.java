package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Set;
import org.tasl.nn.HfBlock;
import org.tasl.nn.TensorSource;

/**
 * The module tree of HF's {@code BertForMaskedLM}: {@code bert} (embeddings + encoder) and
 * {@code cls} (the MLM head, decoder tied to {@code bert.embeddings.word_embeddings}).
 */
public final class BertForMaskedLm extends HfBlock {
    private final BertEncoder bert;
    private final BertMlmHead cls;

    public BertForMaskedLm(BertConfig config, boolean withTransform) {
        bert = module("bert", new BertEncoder(config));
        cls = module("cls", new BertMlmHead(config, bert.embeddings().word(), withTransform));
    }

    public BertEncoder bert() {
        return bert;
    }

    public BertMlmHead cls() {
        return cls;
    }

    /**
     * Logits at selected positions only: the vocabulary projection (30k × H per row) dominates
     * the head's cost, so it runs on the M mask rows instead of all B·T.
     *
     * @param hidden [B, T, H]
     * @param flatPositions [M] int64 positions b·T + t
     * @return [M, V]
     */
    public NDArray logitsAt(NDArray hidden, NDArray flatPositions, boolean training) {
        long h = hidden.getShape().get(2);
        NDArray rows = hidden.reshape(-1, h).get(new NDIndex("{}", flatPositions));
        return cls.forward(rows, training);
    }

    /** Whether a checkpoint carries an MLM transform (BERT-base does; MiniLM, bge, e5 do not). */
    public static boolean hasTransform(Set<String> checkpointNames) {
        return checkpointNames.contains("cls.predictions.transform.dense.weight");
    }

    /**
     * Checkpoint names → this tree's names: encoder-only checkpoints (HF {@code BertModel})
     * lack the "bert." prefix; old TF-converted ones say gamma/beta; the tied decoder, the
     * pooler, the NSP head and the position_ids buffer have no place in BertForMaskedLM.
     */
    public static TensorSource checkpointView(TensorSource source) {
        Set<String> names = source.names();
        boolean hasBias = names.contains("cls.predictions.bias");
        return source.renamed(n -> {
            String r = n;
            if (r.startsWith("embeddings.") || r.startsWith("encoder.") || r.startsWith("pooler.")) {
                r = "bert." + r;
            }
            if (r.endsWith(".gamma")) {
                r = r.substring(0, r.length() - 6) + ".weight";
            } else if (r.endsWith(".beta")) {
                r = r.substring(0, r.length() - 5) + ".bias";
            }
            if (r.startsWith("bert.pooler.") || r.startsWith("cls.seq_relationship.")
                    || r.equals("bert.embeddings.position_ids") || r.equals("cls.predictions.decoder.weight")) {
                return null;
            }
            if (r.equals("cls.predictions.decoder.bias")) {
                return hasBias ? null : "cls.predictions.bias";
            }
            return r;
        });
    }
}
