package org.tasl.scoring;

/**
 * Picking among a task's candidate labels from their scores. (Candidates are no longer grouped
 * by token length: every candidate is scored under one shared input, see {@link AnswerSlots}.)
 */
public final class CandidateGroups {
    private CandidateGroups() {}

    /** The index of the best score of each row (ties: the first), as rank classification picks. */
    public static int[] argmax(float[][] scores) {
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int best = 0;
            for (int c = 1; c < scores[i].length; c++) {
                if (scores[i][c] > scores[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
