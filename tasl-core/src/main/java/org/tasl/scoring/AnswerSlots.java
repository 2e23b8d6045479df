package org.tasl.scoring;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * How an encoder answers one task by cloze. Every input of the task ends in the same {@code slots}
 * [MASK]s, S = the token length of the task's longest label, so the input never tells how long
 * the right answer is. An answer fills the first slots with its tokens and the remaining ones
 * with the {@code filler} token, which the model learns to emit where the answer has ended.
 * Every candidate label is then scored under the one input of its row as the sum of log-probs
 * over all S slots (fillers included): candidates of different lengths answer the same
 * question and their scores compare directly.
 *
 * @param slots       S, the number of answer slots of the task
 * @param filler      the token the model emits in unused slots
 * @param labelTokens the distinct token ids of the task's labels plus the filler, ascending: the
 *                    vocabulary of the "labels" training loss
 */
public record AnswerSlots(int slots, int filler, int[] labelTokens) {

    public AnswerSlots {
        if (slots < 1) {
            throw new IllegalArgumentException("an answer needs at least one slot, got " + slots);
        }
        labelTokens = labelTokens.clone();
    }

    /**
     * The slots of a task whose labels have these token ids: S is the longest label's length,
     * at most {@code maxSlots} (a generation task's longest output may not fit the input budget;
     * longer answers are then cut to S).
     */
    public static AnswerSlots forLabels(List<int[]> labels, int filler, int maxSlots) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a task without labels has no answer slots");
        }
        int longest = 0;
        TreeSet<Integer> ids = new TreeSet<>();
        ids.add(filler);
        for (int[] l : labels) {
            if (l.length == 0) {
                throw new IllegalArgumentException("a label has no tokens");
            }
            longest = Math.max(longest, l.length);
            for (int id : l) {
                ids.add(id);
            }
        }
        return new AnswerSlots(Math.max(1, Math.min(longest, maxSlots)), filler,
                ids.stream().mapToInt(Integer::intValue).toArray());
    }

    /** What the S slots must hold for this answer: its tokens, then the filler (cut to S when longer). */
    public int[] target(int[] answer) {
        int[] t = new int[slots];
        Arrays.fill(t, filler);
        System.arraycopy(answer, 0, t, 0, Math.min(answer.length, slots));
        return t;
    }

    /** The answer in filled slots: every filler dropped. */
    public int[] strip(int[] filled) {
        return Arrays.stream(filled).filter(id -> id != filler).toArray();
    }

    @Override
    public int[] labelTokens() {
        return labelTokens.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnswerSlots a && a.slots == slots && a.filler == filler
                && Arrays.equals(a.labelTokens, labelTokens);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * slots + filler) + Arrays.hashCode(labelTokens);
    }

    @Override
    public String toString() {
        return "AnswerSlots[slots=" + slots + ", filler=" + filler + ", labelTokens=" + Arrays.toString(labelTokens)
                + "]";
    }
}
