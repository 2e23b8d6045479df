package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §2: the three granularities of skill units and their names. */
class SkillUnitsTest {

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
    void layerIndexAndModuleComeFromTheFirstLayerSegment() {
        assertEquals(3, SkillUnit.layerOf("bert.encoder.layer.3.attention.self.query"));
        assertEquals("attention.self.query", SkillUnit.moduleOf("bert.encoder.layer.3.attention.self.query"));
        // T5: the block index is the layer; the sub-layer index stays in the module path
        assertEquals(1, SkillUnit.layerOf("encoder.block.1.layer.0.SelfAttention.q"));
        assertEquals("layer.0.SelfAttention.q", SkillUnit.moduleOf("encoder.block.1.layer.0.SelfAttention.q"));
        assertEquals(0, SkillUnit.layerOf("model.layers.0.self_attn.q_proj"));
        assertEquals("self_attn.q_proj", SkillUnit.moduleOf("model.layers.0.self_attn.q_proj"));
        assertEquals(12, SkillUnit.layerOf("layers.12.mlp.up_proj"));
        assertEquals(-1, SkillUnit.layerOf("bert.embeddings.word_embeddings.weight"));
        assertEquals("bert.embeddings.word_embeddings.weight", SkillUnit.moduleOf("bert.embeddings.word_embeddings.weight"));
    }

    @Test
    void fullFineTuningHasOneUnitPerTensorAndTiedTensorsAreOne() {
        NDArray shared = manager.zeros(new Shape(5, 2));
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("shared.weight", shared);
        params.put("encoder.block.0.layer.0.SelfAttention.q.weight", manager.zeros(new Shape(2, 2)));
        params.put("encoder.block.0.layer.0.layer_norm.weight", manager.zeros(new Shape(2)));
        params.put("lm_head.weight", shared); // tied to the embedding: the same array
        List<SkillUnit> units = SkillUnits.of(Granularity.MATRIX_FULL, params);
        assertEquals(3, units.size());
        SkillUnit tied = units.get(0);
        assertEquals("shared.weight", tied.name());
        assertEquals(List.of("shared.weight", "lm_head.weight"), tied.tensors());
        assertEquals(SkillUnit.Kind.TENSOR, tied.kind());
        assertEquals(-1, tied.layer());
        SkillUnit q = units.get(1);
        assertEquals("encoder.block.0.layer.0.SelfAttention.q.weight", q.name());
        assertEquals(0, q.layer());
        assertEquals("layer.0.SelfAttention.q.weight", q.module());
        assertEquals(-1, q.rank());
        assertEquals("encoder.block.0.layer.0.layer_norm.weight", units.get(2).name());
    }

    @Test
    void matrixLevelLoraHasEachAAndEachBAsAUnit() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("bert.encoder.layer.3.attention.self.query.lora_A.default.weight", manager.zeros(new Shape(2, 4)));
        params.put("bert.encoder.layer.3.attention.self.query.lora_B.default.weight", manager.zeros(new Shape(4, 2)));
        params.put("model.layers.0.self_attn.v_proj.lora_A.weight", manager.zeros(new Shape(2, 4)));
        params.put("model.layers.0.self_attn.v_proj.lora_B.weight", manager.zeros(new Shape(4, 2)));
        params.put("classifier.weight", manager.zeros(new Shape(3, 4)));
        List<SkillUnit> units = SkillUnits.of(Granularity.MATRIX_LORA, params);
        assertEquals(List.of("bert.encoder.layer.3.attention.self.query#A", "bert.encoder.layer.3.attention.self.query#B",
                "model.layers.0.self_attn.v_proj#A", "model.layers.0.self_attn.v_proj#B", "classifier.weight"),
                units.stream().map(SkillUnit::name).collect(Collectors.toList()));
        SkillUnit a = units.get(0);
        assertEquals(SkillUnit.Kind.A, a.kind());
        assertEquals(3, a.layer());
        assertEquals("attention.self.query", a.module());
        assertEquals(List.of("bert.encoder.layer.3.attention.self.query.lora_A.default.weight"), a.tensors());
        assertEquals(SkillUnit.Kind.B, units.get(3).kind());
        assertEquals("self_attn.v_proj", units.get(3).module());
        assertEquals(SkillUnit.Kind.TENSOR, units.get(4).kind());
    }

    @Test
    void loraTailoredUnitsAreTheRankComponents() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        // B listed before A: the module's units still come once, ranks ascending
        params.put("encoder.block.1.layer.0.SelfAttention.q.lora_B.weight", manager.zeros(new Shape(4, 3)));
        params.put("encoder.block.1.layer.0.SelfAttention.q.lora_A.weight", manager.zeros(new Shape(3, 4)));
        List<SkillUnit> units = SkillUnits.of(Granularity.LORA_RANK, params);
        assertEquals(3, units.size());
        for (int i = 0; i < 3; i++) {
            SkillUnit u = units.get(i);
            assertEquals("encoder.block.1.layer.0.SelfAttention.q#rank" + i, u.name());
            assertEquals(SkillUnit.Kind.RANK, u.kind());
            assertEquals(i, u.rank());
            assertEquals(1, u.layer());
            assertEquals("layer.0.SelfAttention.q", u.module());
            assertEquals("encoder.block.1.layer.0.SelfAttention.q.lora_A.weight", u.tensor());
            assertEquals("encoder.block.1.layer.0.SelfAttention.q.lora_B.weight", u.bTensor());
        }
    }

    @Test
    void namedAdaptersOtherThanDefaultAreKeptApartInUnitNames() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("m.layer.0.q.lora_A.task0.weight", manager.zeros(new Shape(1, 2)));
        params.put("m.layer.0.q.lora_B.task0.weight", manager.zeros(new Shape(2, 1)));
        params.put("m.layer.0.q.lora_A.task1.weight", manager.zeros(new Shape(1, 2)));
        params.put("m.layer.0.q.lora_B.task1.weight", manager.zeros(new Shape(2, 1)));
        List<String> names = SkillUnits.of(Granularity.LORA_RANK, params).stream().map(SkillUnit::name)
                .collect(Collectors.toList());
        assertEquals(List.of("m.layer.0.q.task0#rank0", "m.layer.0.q.task1#rank0"), names);
    }

    @Test
    void rankUnitsNeedBothMatricesWithAgreeingRanks() {
        Map<String, NDArray> lonely = new LinkedHashMap<>();
        lonely.put("q.lora_A.weight", manager.zeros(new Shape(2, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SkillUnits.of(Granularity.LORA_RANK, lonely));
        assertTrue(e.getMessage().contains("q.lora_B.weight"), e.getMessage());

        Map<String, NDArray> mismatch = new LinkedHashMap<>();
        mismatch.put("q.lora_A.weight", manager.zeros(new Shape(2, 4)));
        mismatch.put("q.lora_B.weight", manager.zeros(new Shape(4, 3)));
        e = assertThrows(IllegalArgumentException.class, () -> SkillUnits.of(Granularity.LORA_RANK, mismatch));
        assertTrue(e.getMessage().contains("(2, 4)") || e.getMessage().contains("2, 4"), e.getMessage());
    }

    @Test
    void granularityParsesItsLabels() {
        assertEquals(Granularity.LORA_RANK, Granularity.parse("lora-rank"));
        assertEquals(Granularity.MATRIX_FULL, Granularity.parse("MATRIX_FULL"));
        assertThrows(IllegalArgumentException.class, () -> Granularity.parse("rows"));
    }
}
