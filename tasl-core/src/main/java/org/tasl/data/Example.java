package org.tasl.data;

import java.util.Objects;

/** One benchmark row: a prompt and the answer text the model must produce. */
public record Example(String id, String input, String output) {
    public Example {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }
}
