package org.tasl.nn;

import java.util.List;

/**
 * What loading a checkpoint into a model did: tensors loaded, model weights the checkpoint did
 * not have, and checkpoint tensors the model has no place for.
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected) {
    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
    }

    /** Throws naming {@code source} and the keys when any model weight was not loaded. */
    public LoadReport requireNoMissing(String source) {
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + missing.size()
                    + " model weights missing from the checkpoint: " + preview(missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected tensors: " + preview(unexpected)));
        }
        return this;
    }

    /** Throws when the checkpoint held tensors the model does not use. */
    public LoadReport requireNoUnexpected(String source) {
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + unexpected.size()
                    + " unexpected tensors: " + preview(unexpected));
        }
        return this;
    }

    private static String preview(List<String> names) {
        return names.size() <= 8 ? names.toString()
                : names.subList(0, 8) + " … (" + (names.size() - 8) + " more)";
    }
}
