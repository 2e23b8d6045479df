package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gradient masks that let only chosen skill units learn, e.g. TaSL+Replay's replay pass
 * (TASL_SPEC §7), which trains the units important to previous tasks on the memory while the
 * task-specific units of the current task stay frozen.
 *
 * <p>A mask broadcasts over its tensor: a scalar 1/0 for a tensor or LoRA-matrix unit, a column
 * [r, 1] over A and a row [1, r] over B for rank units. Multiply each gradient by its mask after
 * backward and before clipping and the optimizer step.
 */
public final class UnitMask {

    private UnitMask() {
    }

    /** Names of the units whose decision is one of {@code categories} (e.g. BOTH and PREVIOUS). */
    public static Set<String> unitsIn(Map<String, UnitDecision> decisions, Collection<ConsolidationCategory> categories) {
        return decisions.values().stream().filter(d -> categories.contains(d.category())).map(UnitDecision::unit)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /**
     * One mask per tensor covered by {@code units} (tied names share one), 1 on the units in
     * {@code selected} and 0 elsewhere; arrays in {@code into} on each tensor's device and dtype.
     */
    public static Map<String, NDArray> of(List<SkillUnit> units, Set<String> selected, Map<String, NDArray> params,
            NDManager into) {
        Map<String, float[]> rankMasks = new LinkedHashMap<>();
        Map<String, SkillUnit> rankModules = new LinkedHashMap<>();
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (SkillUnit u : units) {
                NDArray p = require(params, u.tensor());
                if (u.kind() == SkillUnit.Kind.RANK) {
                    float[] m = rankMasks.computeIfAbsent(u.tensor(), k -> new float[(int) p.getShape().get(0)]);
                    rankModules.putIfAbsent(u.tensor(), u);
                    m[u.rank()] = selected.contains(u.name()) ? 1f : 0f;
                    continue;
                }
                NDArray mask = keep(scalar(p, selected.contains(u.name()) ? 1f : 0f), into);
                for (String alias : u.tensors()) {
                    out.put(alias, mask);
                }
            }
            for (Map.Entry<String, float[]> e : rankMasks.entrySet()) {
                SkillUnit u = rankModules.get(e.getKey());
                float[] m = e.getValue();
                out.put(u.tensor(), keep(vector(require(params, u.tensor()), m, new Shape(m.length, 1)), into));
                out.put(u.bTensor(), keep(vector(require(params, u.bTensor()), m, new Shape(1, m.length)), into));
            }
        }
        return out;
    }

    /** grad ⊙ mask, in place, for every gradient that has a mask (the others are left alone). */
    public static void apply(Map<String, NDArray> masks, Map<String, NDArray> grads) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                NDArray mask = masks.get(e.getKey());
                if (mask != null) {
                    e.getValue().muli(mask.toType(e.getValue().getDataType(), false));
                }
            }
        }
    }

    private static NDArray scalar(NDArray like, float value) {
        return like.getManager().create(value).toDevice(like.getDevice(), false).toType(like.getDataType(), false);
    }

    private static NDArray vector(NDArray like, float[] values, Shape shape) {
        return like.getManager().create(values, shape).toDevice(like.getDevice(), false).toType(like.getDataType(), false);
    }

    private static NDArray require(Map<String, NDArray> params, String tensor) {
        NDArray a = params.get(tensor);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + tensor + " to mask (needed by a skill unit)");
        }
        return a;
    }

    private static NDArray keep(NDArray array, NDManager into) {
        NDScope.unregister(array);
        array.attach(into);
        return array;
    }
}
