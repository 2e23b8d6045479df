package org.tasl.run;

import java.util.List;

/** {@code --resume} on a run directory that was made with another config. */
public final class RunConfigMismatchException extends IllegalArgumentException {
    private final List<String> differingKeys;

    public RunConfigMismatchException(String message, List<String> differingKeys) {
        super(message);
        this.differingKeys = List.copyOf(differingKeys);
    }

    public List<String> differingKeys() {
        return differingKeys;
    }
}
