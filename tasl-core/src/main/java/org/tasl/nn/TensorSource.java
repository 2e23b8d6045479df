package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Named tensors to load into a model (a safetensors file, an in-memory map). Tensors are read
 * one at a time so a checkpoint never has to sit twice in memory.
 */
public interface TensorSource {

    /** Every tensor name, in file order. */
    Set<String> names();

    /** The stored shape of a tensor, checked before its bytes are read. */
    Shape shape(String name);

    /** Reads one tensor into {@code manager} (on the manager's device). */
    NDArray read(String name, NDManager manager);

    /** A view with every name passed through {@code rename}; a null new name hides the tensor. */
    default TensorSource renamed(Function<String, String> rename) {
        TensorSource base = this;
        Map<String, String> toBase = new LinkedHashMap<>();
        for (String n : base.names()) {
            String r = rename.apply(n);
            if (r != null) {
                toBase.putIfAbsent(r, n);
            }
        }
        return new TensorSource() {
            @Override
            public Set<String> names() {
                return Collections.unmodifiableSet(toBase.keySet());
            }

            @Override
            public Shape shape(String name) {
                return base.shape(toBase.get(name));
            }

            @Override
            public NDArray read(String name, NDManager manager) {
                return base.read(toBase.get(name), manager);
            }
        };
    }

    /** Tensors already in memory; {@link #read} copies them to the target manager and device. */
    static TensorSource of(Map<String, NDArray> tensors) {
        Map<String, NDArray> copy = new LinkedHashMap<>(tensors);
        return new TensorSource() {
            @Override
            public Set<String> names() {
                return Collections.unmodifiableSet(new LinkedHashSet<>(copy.keySet()));
            }

            @Override
            public Shape shape(String name) {
                return copy.get(name).getShape();
            }

            @Override
            public NDArray read(String name, NDManager manager) {
                NDArray src = copy.get(name);
                // toDevice(same device, copy = true) aliases the source's storage in DJL's
                // PyTorch engine; duplicate is the copy that does not
                NDArray out = src.getDevice().equals(manager.getDevice())
                        ? src.duplicate() : src.toDevice(manager.getDevice(), true);
                out.attach(manager);
                return out;
            }
        };
    }
}
