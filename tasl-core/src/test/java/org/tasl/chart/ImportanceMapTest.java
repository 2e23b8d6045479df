package org.tasl.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tasl.cl.UnitRecord;

class ImportanceMapTest {
    @Test
    void importanceColumnsFollowUnitKinds() {
        assertEquals("attention.self.query r3", ImportanceMap.column(
                new UnitRecord("x#rank3", 0, "attention.self.query", "rank", 3, 1, 1, "none", 1)));
        assertEquals("attention.self.query A", ImportanceMap.column(
                new UnitRecord("x#A", 0, "attention.self.query", "A", -1, 1, 1, "none", 1)));
        assertEquals("output.dense", ImportanceMap.column(
                new UnitRecord("x.weight", 0, "output.dense", "tensor", -1, 1, 1, "none", 1)));
        assertTrue(ImportanceMap.compareColumns("q r2", "q r10") < 0);
    }
}
