package org.tasl.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerSlotsTest {
    // AG News labels with BERT-base ids: world 2088 | sports 2998 | business 2449 | science 2671 or 2030 technology 2974
    private final AnswerSlots agnews = AnswerSlots.forLabels(List.of(new int[] {2088}, new int[] {2998},
            new int[] {2449}, new int[] {2671, 2030, 2974}), 0, 64);

    @Test
    void slotsAreTheLongestLabelAndShortLabelsEndInFillers() {
        assertEquals(3, agnews.slots());
        assertArrayEquals(new int[] {2088, 0, 0}, agnews.target(new int[] {2088}));
        assertArrayEquals(new int[] {2671, 2030, 2974}, agnews.target(new int[] {2671, 2030, 2974}));
        assertArrayEquals(new int[] {0, 2030, 2088, 2449, 2671, 2974, 2998}, agnews.labelTokens());
    }

    @Test
    void strippingDropsEveryFiller() {
        assertArrayEquals(new int[] {2088}, agnews.strip(new int[] {2088, 0, 0}));
        assertArrayEquals(new int[] {2671, 2974}, agnews.strip(new int[] {2671, 0, 2974}));
    }

    @Test
    void slotsAreCappedAndLongerAnswersCut() {
        AnswerSlots capped = AnswerSlots.forLabels(List.of(new int[] {1, 2, 3, 4, 5}), 0, 2);
        assertEquals(2, capped.slots());
        assertArrayEquals(new int[] {1, 2}, capped.target(new int[] {1, 2, 3, 4, 5}));
        assertThrows(IllegalArgumentException.class, () -> AnswerSlots.forLabels(List.of(), 0, 4));
    }
}
