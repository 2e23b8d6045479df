package org.tasl.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;
import org.tasl.nn.ModuleList;
import org.tasl.nn.TensorSource;
import org.tasl.nn.Weight;
import org.tasl.nn.WeightLoader;

/** Two layers of query/key/value projections named like BERT's ("layer.0.attention.self.query"). */
final class TinyAttention extends HfBlock {
    static final class SelfAttention extends HfBlock {
        final Linear query;
        final Linear key;
        final Linear value;

        SelfAttention(int dim) {
            query = module("query", new Linear(dim, dim, true));
            key = module("key", new Linear(dim, dim, true));
            value = module("value", new Linear(dim, dim, true));
        }
    }

    static final class Attention extends HfBlock {
        final SelfAttention self;

        Attention(int dim) {
            self = module("self", new SelfAttention(dim));
        }
    }

    static final class Layer extends HfBlock {
        final Attention attention;

        Layer(int dim) {
            attention = module("attention", new Attention(dim));
        }
    }

    final ModuleList<Layer> layers;

    TinyAttention(int dim) {
        layers = module("layer", new ModuleList<>());
        layers.add(new Layer(dim));
        layers.add(new Layer(dim));
    }

    /** Random base weights so every projection does something. */
    void randomize(NDManager manager) {
        // Fixed seed and a moderate scale keep outputs O(1), so float32 tolerances are meaningful.
        manager.getEngine().setRandomSeed(20240);
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (Map.Entry<String, Weight> e : namedWeights("enc").entrySet()) {
            values.put(e.getKey(), manager.randomNormal(0f, 0.4f, e.getValue().shape(),
                    ai.djl.ndarray.types.DataType.FLOAT32));
        }
        WeightLoader.load(this, "enc", TensorSource.of(values), manager).requireNoMissing("random");
    }

    /** value(query(x)) through both layers; key is left out so an unused wrapped module is visible. */
    NDArray forward(NDArray x, boolean training) {
        NDArray h = x;
        for (Layer l : layers.items()) {
            h = l.attention.self.value.forward(l.attention.self.query.forward(h, training), training);
        }
        return h;
    }
}
