package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cuts a model's trainable tensors into skill units (TASL_SPEC §2). */
public final class SkillUnits {

    private SkillUnits() {
    }

    /**
     * The skill units of {@code trainable} at the given granularity, in the map's order (rank units
     * of a module by ascending rank, at the position of the module's A or B, whichever comes
     * first). Names that map to the same NDArray object are tied parameters and form one unit.
     *
     * @throws IllegalArgumentException when a LoRA matrix lacks its partner or the shapes of A
     *     [r, d_in] and B [d_out, r] do not agree (LORA_RANK), or a LoRA tensor is not 2-D
     */
    public static List<SkillUnit> of(Granularity granularity, Map<String, NDArray> trainable) {
        Map<NDArray, List<String>> aliases = new IdentityHashMap<>();
        List<NDArray> distinct = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            List<String> names = aliases.get(e.getValue());
            if (names == null) {
                names = new ArrayList<>();
                aliases.put(e.getValue(), names);
                distinct.add(e.getValue());
            }
            names.add(e.getKey());
        }
        List<SkillUnit> units = new ArrayList<>();
        Set<String> modulesDone = new HashSet<>();
        for (NDArray array : distinct) {
            List<String> names = aliases.get(array);
            String name = names.get(0);
            LoraTensorName lora = LoraTensorName.parse(name);
            if (granularity == Granularity.MATRIX_FULL || lora == null) {
                units.add(tensorUnit(names));
                continue;
            }
            requireMatrix(name, array);
            if (granularity == Granularity.MATRIX_LORA) {
                SkillUnit.Kind kind = lora.matrix() == 'A' ? SkillUnit.Kind.A : SkillUnit.Kind.B;
                units.add(new SkillUnit(lora.unitPath() + "#" + lora.matrix(), SkillUnit.layerOf(lora.module()),
                        SkillUnit.moduleOf(lora.module()), kind, -1, List.of(name)));
                continue;
            }
            if (!modulesDone.add(lora.unitPath())) {
                continue;
            }
            units.addAll(rankUnits(lora, name, trainable));
        }
        return units;
    }

    /** The units as a map from unit name, in order. */
    public static Map<String, SkillUnit> byName(List<SkillUnit> units) {
        Map<String, SkillUnit> map = new LinkedHashMap<>();
        for (SkillUnit u : units) {
            if (map.put(u.name(), u) != null) {
                throw new IllegalArgumentException("two skill units are named " + u.name());
            }
        }
        return map;
    }

    private static SkillUnit tensorUnit(List<String> names) {
        String name = names.get(0);
        return new SkillUnit(name, SkillUnit.layerOf(name), SkillUnit.moduleOf(name), SkillUnit.Kind.TENSOR, -1, names);
    }

    private static List<SkillUnit> rankUnits(LoraTensorName lora, String name, Map<String, NDArray> trainable) {
        String partner = lora.partnerTensorName();
        NDArray other = trainable.get(partner);
        if (other == null) {
            throw new IllegalArgumentException("LoRA tensor " + name + " has no partner " + partner
                    + " among the trainable tensors; rank units need both A and B");
        }
        requireMatrix(partner, other);
        String aName = lora.matrix() == 'A' ? name : partner;
        String bName = lora.matrix() == 'A' ? partner : name;
        NDArray a = lora.matrix() == 'A' ? trainable.get(name) : other;
        NDArray b = lora.matrix() == 'A' ? other : trainable.get(name);
        long r = a.getShape().get(0);
        if (b.getShape().get(1) != r) {
            throw new IllegalArgumentException("LoRA ranks disagree: " + aName + " has shape " + a.getShape()
                    + " (expected [r, d_in]) but " + bName + " has shape " + b.getShape() + " (expected [d_out, r])");
        }
        List<SkillUnit> units = new ArrayList<>();
        int layer = SkillUnit.layerOf(lora.module());
        String module = SkillUnit.moduleOf(lora.module());
        for (int i = 0; i < r; i++) {
            units.add(new SkillUnit(lora.unitPath() + "#rank" + i, layer, module, SkillUnit.Kind.RANK, i,
                    List.of(aName, bName)));
        }
        return units;
    }

    private static void requireMatrix(String name, NDArray array) {
        if (array.getShape().dimension() != 2) {
            throw new IllegalArgumentException("LoRA tensor " + name + " has shape " + array.getShape()
                    + ": expected a matrix ([r, d_in] for A, [d_out, r] for B)");
        }
    }
}
