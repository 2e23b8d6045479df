package org.tasl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tasl.run.RunResults;

/** The precision option: its spellings, its data types, and that results.json records it. */
class PrecisionTest {

    @Test
    void parsesTheTwoSpellingsAndNamesABadValue() {
        assertEquals(Precision.BF16, Precision.parse("bf16"));
        assertEquals(Precision.FP32, Precision.parse(" FP32 "));
        assertEquals(DataType.BFLOAT16, Precision.BF16.frozenType());
        assertEquals(DataType.FLOAT32, Precision.FP32.frozenType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertTrue(e.getMessage().contains("'fp16'") && e.getMessage().contains("bf16"), e.getMessage());
    }

    @Test
    void resultsJsonRecordsThePrecisionAndReadsItBack() {
        RunResults r = RunResults.of("tasl", "bert-base-uncased", "builtin", 1, List.of("x"), new double[][] {{50}},
                new double[] {10}, 3.0, "accuracy", "completed").withPrecision("bf16");
        Map<String, Object> json = r.toJson();
        assertEquals("bf16", json.get("precision"));
        assertEquals("bf16", RunResults.fromJson(json, "results.json").precision());
        json.remove("precision");
        assertNull(RunResults.fromJson(json, "old results.json").precision(), "files from before the option read as null");
    }
}
