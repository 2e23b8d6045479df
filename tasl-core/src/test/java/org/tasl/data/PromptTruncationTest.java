package org.tasl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PromptTruncationTest {
    /** Whitespace "tokenizer" that numbers words in order of first appearance. */
    private final List<String> words = new ArrayList<>();
    private final Function<String, int[]> encode = text -> Arrays.stream(text.trim().split("\\s+"))
            .filter(w -> !w.isEmpty()).mapToInt(w -> {
                if (!words.contains(w)) {
                    words.add(w);
                }
                return words.indexOf(w);
            }).toArray();

    private String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(sb.length() == 0 ? "" : " ").append(words.get(id));
        }
        return sb.toString();
    }

    @Test
    void aLongSequencePromptKeepsItsInstructionOptionsAndCueAndCutsThePassage() {
        // 11 words of instruction and options + 1 cue word: a budget of 15 keeps the passage's first 3 words.
        String prompt = "What is the topic? Option: World, Sports, Business, Science or Technology.\n"
                + "Title: Shoppers return\nText: Shoppers were out last month, propelling sales\n\nAnswer:";
        int[] kept = PromptTruncation.fit(prompt, 15, encode);
        assertEquals("What is the topic? Option: World, Sports, Business, Science or Technology. Title: Shoppers "
                + "return Answer:", decode(kept));
    }

    @Test
    void aPromptWithinTheBudgetIsUntouched() {
        String prompt = "a b\nc d\nAnswer:";
        assertEquals("a b c d Answer:", decode(PromptTruncation.fit(prompt, 5, encode)));
    }

    @Test
    void withoutLinesOrWhenTheInstructionAloneIsTooLongTheCueSurvives() {
        assertEquals("d e Answer:", decode(PromptTruncation.fit("a b c d e Answer:", 3, encode)));
        // first line 5 words, cue 1: budget 4 keeps the instruction's first 3 words and the cue
        assertEquals("i1 i2 i3 Answer:", decode(PromptTruncation.fit("i1 i2 i3 i4 i5\np1 p2\nAnswer:", 4, encode)));
        assertArrayEquals(new int[0], PromptTruncation.fit("a b", 0, encode));
    }

    @Test
    void fittingManyPromptsInBatchesGivesTheTokensOfFittingThemOneByOne() {
        List<String> prompts = List.of(
                "What is the topic? Option: World, Sports, Business, Science or Technology.\n"
                        + "Title: Shoppers return\nText: Shoppers were out last month, propelling sales\n\nAnswer:",
                "a b\nc d\nAnswer:", "a b c d e Answer:", "one two three four five\nsix\nAnswer:");
        List<Integer> batchSizes = new ArrayList<>();
        Function<List<String>, List<int[]>> encodeAll = texts -> {
            batchSizes.add(texts.size());
            return texts.stream().map(encode).toList();
        };
        for (int budget : new int[] {0, 3, 4, 5, 15, 100}) {
            batchSizes.clear();
            List<int[]> all = PromptTruncation.fitAll(prompts, budget, encodeAll);
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(PromptTruncation.fit(prompts.get(i), budget, encode), all.get(i), "budget " + budget + " prompt " + i);
            }
            assertEquals(prompts.size(), batchSizes.get(0), "the prompts are encoded in one batch");
            assertEquals(budget >= 100 || budget == 0 ? 1 : 2, batchSizes.size(), "then the lines of the long ones in one more");
        }
    }
}
