package org.tasl.localize;

import java.util.Set;

/**
 * A trained model that can be evaluated with some of its skill units switched off: the one
 * operation the localization curves need, so that their arithmetic can be checked on a
 * hand-made model as well as run on a real adapter ({@link AdapterAblation}).
 */
@FunctionalInterface
public interface UnitAblation {

    /**
     * The task score (0–100) with the parameters of every unit in {@code zeroed} set to zero and
     * every other unit as trained. An empty set is the trained model.
     */
    double score(Set<String> zeroed);
}
