package org.tasl.model;

import java.util.Map;

/** A backbone's shape, read from its config.json (Hugging Face keys). */
public interface ModelConfig {
    String modelType();

    int hiddenSize();

    int numLayers();

    int vocabSize();

    /** The parsed config.json as it was read. */
    Map<String, Object> raw();
}
