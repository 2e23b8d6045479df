package org.tasl.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tasl.cl.UnitRecord;

/** The ranking the curves use: units.csv's importance, most important first, ties in file order. */
class LocalizationRankingTest {
    private static UnitRecord unit(String name, double importance) {
        return new UnitRecord(name, 0, "attention.self.query", "rank", 0, importance, importance, "initial", 1.0);
    }

    @Test
    void mostImportantFirstTiesKeepTheirOrder() {
        List<UnitRecord> records = List.of(unit("q#rank0", 0.2), unit("q#rank1", 0.9), unit("v#rank0", 0.2),
                unit("v#rank1", 0.5));
        assertEquals(List.of("q#rank1", "v#rank1", "q#rank0", "v#rank0"), Localization.ranking(records));
    }

    @Test
    void aMissingScoreIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Localization.ranking(List.of(unit("q#rank0", Double.NaN))));
        assertEquals(true, e.getMessage().contains("q#rank0"));
    }
}
