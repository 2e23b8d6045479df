package org.tasl.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fits a benchmark prompt into a token budget without losing what the model needs to answer.
 * Long Sequence and SuperNI prompts are built as an instruction line that ends with the option
 * list ("… Choose one from the option. Option: World, Sports, Business, Science or Technology."),
 * then the passage, then a last line with the answer cue ("Answer:"). Cutting from either end
 * drops the instruction and the options, or the cue; so the first and the last line are kept
 * whole and the passage in between is cut from its end (its beginning, e.g. a title, stays).
 *
 * <p>A prompt without that shape (no line break between a first and a last line) keeps its end,
 * as does a prompt whose first and last lines alone exceed the budget (then the cue and as much
 * of the instruction's beginning as fits are kept).
 */
public final class PromptTruncation {
    private PromptTruncation() {}

    /**
     * @param prompt the input text
     * @param budget how many tokens the prompt may keep
     * @param encode the model's tokenizer (no special tokens)
     * @return the prompt's tokens, at most {@code budget}
     */
    public static int[] fit(String prompt, int budget, Function<String, int[]> encode) {
        return fit(prompt, encode.apply(prompt), budget, encode);
    }

    /**
     * {@link #fit} of many prompts with one budget, encoding in batches ({@code encodeAll}: a
     * tokenizer that encodes a list on all cores): first the prompts, then the lines of those
     * over the budget. The same tokens as fitting them one at a time.
     */
    public static List<int[]> fitAll(List<String> prompts, int budget, Function<List<String>, List<int[]>> encodeAll) {
        List<int[]> whole = encodeAll.apply(prompts);
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (whole.get(i).length > budget && budget > 0) {
                String[] lines = lines(prompts.get(i));
                if (lines != null) {
                    pieces.addAll(List.of(lines));
                }
            }
        }
        Map<String, int[]> pieceIds = new HashMap<>();
        List<int[]> encoded = pieces.isEmpty() ? List.of() : encodeAll.apply(pieces);
        for (int i = 0; i < pieces.size(); i++) {
            pieceIds.put(pieces.get(i), encoded.get(i));
        }
        List<int[]> out = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            out.add(fit(prompts.get(i), whole.get(i), budget, s -> {
                int[] ids = pieceIds.get(s);
                if (ids == null) {
                    throw new IllegalStateException("prompt piece not encoded in advance: '" + s + "'");
                }
                return ids;
            }));
        }
        return out;
    }

    /** The first line, the passage and the last line of a prompt with that shape, else null. */
    private static String[] lines(String prompt) {
        String body = prompt.stripTrailing();
        int firstBreak = body.indexOf('\n');
        int lastBreak = body.lastIndexOf('\n');
        if (firstBreak < 0 || firstBreak == lastBreak) {
            return null;
        }
        return new String[] {body.substring(0, firstBreak), body.substring(firstBreak + 1, lastBreak),
            body.substring(lastBreak + 1)};
    }

    /** {@link #fit} with the prompt's tokens {@code all} already known. */
    private static int[] fit(String prompt, int[] all, int budget, Function<String, int[]> encode) {
        if (all.length <= budget) {
            return all;
        }
        if (budget <= 0) {
            return new int[0];
        }
        String[] lines = lines(prompt);
        if (lines == null) {
            return keepEnd(all, budget);
        }
        int[] head = encode.apply(lines[0]);
        int[] passage = encode.apply(lines[1]);
        int[] cue = encode.apply(lines[2]);
        if (cue.length > budget) {
            return keepEnd(all, budget);
        }
        if (head.length + cue.length > budget) {
            return concat(Arrays.copyOf(head, budget - cue.length), new int[0], cue);
        }
        int room = budget - head.length - cue.length;
        return concat(head, Arrays.copyOf(passage, Math.min(room, passage.length)), cue);
    }

    private static int[] keepEnd(int[] all, int budget) {
        return Arrays.copyOfRange(all, all.length - budget, all.length);
    }

    private static int[] concat(int[] a, int[] b, int[] c) {
        int[] out = new int[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
