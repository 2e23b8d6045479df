package org.tasl.cl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One skill unit's line of {@code tasks/NN-name/units.csv} (docs/ARCHITECTURE.md): its
 * importance on the task, the cumulative importance after it, and the consolidation decision.
 *
 * @param layer      transformer layer index, −1 for embeddings and heads
 * @param module     projection path inside the layer, e.g. "attention.self.query"
 * @param kind       "tensor", "A", "B" or "rank"
 * @param rank       rank index for rank units, else −1
 * @param importance I(U_k), raw
 * @param cumulative Î_k
 * @param category   initial, both, previous, current, neither, adaptive or none
 * @param weight     the weight θ_k[u] got in θ̂_k
 */
public record UnitRecord(String unit, int layer, String module, String kind, int rank, double importance,
                         double cumulative, String category, double weight) {

    /** The CSV header, in column order. */
    public static final List<String> COLUMNS = List.of("unit", "layer", "module", "kind", "rank", "importance",
            "cumulative", "category", "weight");

    public static final List<String> KINDS = List.of("tensor", "A", "B", "rank");
    public static final List<String> CATEGORIES = List.of("initial", "both", "previous", "current", "neither",
            "adaptive", "none");

    public UnitRecord {
        if (unit == null || unit.isEmpty()) {
            throw new IllegalArgumentException("a unit record needs a unit name");
        }
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unit '" + unit + "': kind '" + kind + "' is not one of " + KINDS);
        }
        if (!CATEGORIES.contains(category)) {
            throw new IllegalArgumentException("unit '" + unit + "': category '" + category + "' is not one of "
                    + CATEGORIES);
        }
    }

    /** The object events and the API use (keys as the CSV columns). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", unit);
        m.put("layer", layer);
        m.put("module", module);
        m.put("kind", kind);
        m.put("rank", rank);
        m.put("importance", importance);
        m.put("cumulative", cumulative);
        m.put("category", category);
        m.put("weight", weight);
        return m;
    }
}
