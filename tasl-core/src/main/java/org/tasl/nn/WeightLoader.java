package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads named tensors into a block tree by full Hugging Face name, checking every shape. */
public final class WeightLoader {
    private WeightLoader() {}

    /**
     * Loads every tensor of {@code source} whose name is a weight of {@code root} (names
     * prefixed with {@code prefix}) into {@code owner}; shapes are checked before any bytes are
     * read and a mismatch is an error naming the tensor, the expected and the found shape.
     */
    public static LoadReport load(HfBlock root, String prefix, TensorSource source, NDManager owner) {
        return load(root.namedWeights(prefix), source, owner);
    }

    public static LoadReport load(Map<String, Weight> expected, TensorSource source, NDManager owner) {
        List<String> loaded = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> unexpected = new ArrayList<>();
        for (String name : source.names()) {
            Weight w = expected.get(name);
            if (w == null) {
                unexpected.add(name);
                continue;
            }
            Shape found = source.shape(name);
            if (!found.equals(w.shape())) {
                throw new IllegalArgumentException("tensor '" + name + "': expected shape " + w.shape()
                        + " but found " + found);
            }
            NDArray value = source.read(name, owner);
            w.set(name, value);
            loaded.add(name);
            seen.add(name);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Weight> e : expected.entrySet()) {
            if (!seen.contains(e.getKey())) {
                missing.add(e.getKey());
            }
        }
        return new LoadReport(loaded, missing, unexpected);
    }
}
