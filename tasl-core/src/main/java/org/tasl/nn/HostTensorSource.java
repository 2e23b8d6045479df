package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tasl.tensor.HostTensor;

/** Host tensors (e.g. a memory-mapped safetensors file) as a {@link TensorSource}: each tensor is copied to the device when read. */
public final class HostTensorSource implements TensorSource {
    private final Map<String, HostTensor> tensors;

    public HostTensorSource(Map<String, HostTensor> tensors) {
        this.tensors = new LinkedHashMap<>(tensors);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public Shape shape(String name) {
        return new Shape(tensors.get(name).shape());
    }

    @Override
    public NDArray read(String name, NDManager manager) {
        return tensors.get(name).toNDArray(manager);
    }
}
