package org.tasl.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tasl.eval.MetricKind;

/**
 * One task of a continual-learning stream: its training and evaluation rows, its label set (the
 * distinct outputs of its full training split, sorted) and how it is scored.
 *
 * @param droppedEvalRows evaluation rows dropped because their label is outside the label set
 *                        (e.g. MNLI's "-" rows); only classification tasks drop rows
 */
public record Task(String name, List<Example> train, List<Example> eval, List<String> labels,
                   MetricKind metric, int droppedEvalRows) {

    public Task {
        train = List.copyOf(train);
        eval = List.copyOf(eval);
        labels = List.copyOf(labels);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("task '" + name + "' has no training rows (an empty task)");
        }
        if (eval.isEmpty()) {
            throw new IllegalArgumentException("task '" + name + "' has no evaluation rows (an empty task)");
        }
    }

    /** A task whose label set is the distinct outputs of {@code train}. */
    public static Task of(String name, List<Example> train, List<Example> eval, MetricKind metric) {
        return new Task(name, train, eval, labelSet(train), metric, 0);
    }

    /** The distinct outputs of the rows, sorted, so the set does not depend on row order. */
    public static List<String> labelSet(List<Example> rows) {
        Set<String> s = new TreeSet<>();
        for (Example e : rows) {
            s.add(e.output());
        }
        return new ArrayList<>(s);
    }

    public boolean isClassification() {
        return metric == MetricKind.EXACT_MATCH;
    }

    /** Throws a clear error when {@code label} is not one of this task's labels. */
    public void requireLabel(String label, String where) {
        if (!labels.contains(label)) {
            throw new IllegalArgumentException(where + ": label '" + label + "' is not in the label set of task '"
                    + name + "' " + labels);
        }
    }

    /** Every label, every row: the labels the rows use, in first-seen order. */
    public Set<String> labelsUsed() {
        Set<String> s = new LinkedHashSet<>();
        train.forEach(e -> s.add(e.output()));
        eval.forEach(e -> s.add(e.output()));
        return s;
    }
}
