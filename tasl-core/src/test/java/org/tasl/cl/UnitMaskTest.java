package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §7, TaSL+Replay: only the chosen units learn during the replay pass. */
class UnitMaskTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void rankUnitsMaskRowsOfAAndColumnsOfBAndTensorUnitsWholeTensors() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("q.lora_A.weight", manager.zeros(new Shape(3, 2)));
        params.put("q.lora_B.weight", manager.zeros(new Shape(2, 3)));
        params.put("head.weight", manager.zeros(new Shape(2)));
        params.put("bias", manager.zeros(new Shape(2)));
        List<SkillUnit> units = SkillUnits.of(Granularity.LORA_RANK, params);
        Map<String, UnitDecision> d = new LinkedHashMap<>();
        ConsolidationCategory[] cats = {ConsolidationCategory.PREVIOUS, ConsolidationCategory.CURRENT,
                ConsolidationCategory.BOTH, ConsolidationCategory.BOTH, ConsolidationCategory.NEITHER};
        for (int i = 0; i < units.size(); i++) {
            d.put(units.get(i).name(), new UnitDecision(units.get(i).name(), cats[i], 0.5, 0, 0));
        }
        // important to previous tasks: rank0 (previous), rank2 (both), head.weight (both)
        Set<String> selected = UnitMask.unitsIn(d, List.of(ConsolidationCategory.BOTH, ConsolidationCategory.PREVIOUS));
        assertEquals(Set.of("q#rank0", "q#rank2", "head.weight"), selected);
        Map<String, NDArray> masks = UnitMask.of(units, selected, params, manager);

        Map<String, NDArray> grads = new LinkedHashMap<>();
        grads.put("q.lora_A.weight", manager.ones(new Shape(3, 2)));
        grads.put("q.lora_B.weight", manager.ones(new Shape(2, 3)));
        grads.put("head.weight", manager.ones(new Shape(2)));
        grads.put("bias", manager.ones(new Shape(2)));
        UnitMask.apply(masks, grads);
        assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1}, grads.get("q.lora_A.weight").toFloatArray(), 0);
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, grads.get("q.lora_B.weight").toFloatArray(), 0);
        assertArrayEquals(new float[] {1, 1}, grads.get("head.weight").toFloatArray(), 0);
        assertArrayEquals(new float[] {0, 0}, grads.get("bias").toFloatArray(), 0);
    }
}
