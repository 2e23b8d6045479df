package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunIdsTest {
    @Test
    void folderNamesAreValid() {
        for (String ok : new String[] {"run1", "2026-11-27_taslora-bert", "tasl+replay.s42", "_scratch"}) {
            assertTrue(RunIds.isValid(ok), ok);
        }
    }

    @Test
    void pathsAreNot() {
        for (String bad : new String[] {"", "..", ".", "a/b", "a\\b", "/etc", "a..b", ".hidden", "x y", "%2e%2e", "a\u0000b",
                "x".repeat(129), null}) {
            assertFalse(RunIds.isValid(bad), String.valueOf(bad));
        }
    }
}
