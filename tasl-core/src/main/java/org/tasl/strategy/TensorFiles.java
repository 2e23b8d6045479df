package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tasl.tensor.HostTensor;
import org.tasl.weights.SafeTensors;

/** θ_k and θ̂_k as safetensors files (written atomically by the writer). */
public final class TensorFiles {
    /** In a fixed order (Map.of's order changes from JVM to JVM): the same tensors give the same bytes. */
    private static final Map<String, String> METADATA = new java.util.TreeMap<>(Map.of("format", "pt", "writer", "tasl"));

    private TensorFiles() {}

    public static void write(Path file, Map<String, NDArray> tensors) {
        Map<String, HostTensor> host = new LinkedHashMap<>();
        tensors.forEach((k, v) -> host.put(k, HostTensor.fromNDArray(v)));
        SafeTensors.write(file, host, METADATA);
    }

    /** Reads every tensor into arrays owned by {@code manager}. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        SafeTensors.read(file).forEach((k, v) -> out.put(k, v.toNDArray(manager)));
        return out;
    }
}
