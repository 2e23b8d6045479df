package org.tasl.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Candidates grouped by token length: a cloze model scores every candidate of one length with
 * the same [MASK]×L input, so one forward pass per length serves the whole group.
 */
public final class CandidateGroups {
    private CandidateGroups() {}

    /** Token length → indices (into {@code tokens}) of the candidates with that length, lengths ascending. */
    public static Map<Integer, List<Integer>> byLength(List<int[]> tokens) {
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            groups.computeIfAbsent(tokens.get(i).length, k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

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
