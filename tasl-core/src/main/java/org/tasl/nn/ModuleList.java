package org.tasl.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** PyTorch's {@code nn.ModuleList}: children named "0", "1", … (e.g. {@code encoder.layer.3}). */
public final class ModuleList<B extends HfBlock> extends HfBlock {
    private final List<B> items = new ArrayList<>();

    public B add(B block) {
        module(String.valueOf(items.size()), block);
        items.add(block);
        return block;
    }

    public B get(int index) {
        return items.get(index);
    }

    public int size() {
        return items.size();
    }

    public List<B> items() {
        return Collections.unmodifiableList(items);
    }
}
