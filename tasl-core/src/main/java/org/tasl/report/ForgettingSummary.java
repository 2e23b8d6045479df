package org.tasl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tasl.run.RunResult;

/**
 * What a comparison of continual-learning runs shows, in a table and in words: per method and
 * task the untrained backbone's score (zero-shot), the score right after training the task, and
 * the score after the last task; then sentences on whether each method learned every task, how
 * much it forgot, and what TaSL kept against SeqLoRA. {@code ./tasl demo} prints it.
 */
public final class ForgettingSummary {
    /** A task counts as learned when training raised its score this much above zero-shot. */
    public static final double LEARNED_POINTS = 10;

    private ForgettingSummary() {}

    public static String text(List<RunResult> runs) {
        if (runs.isEmpty()) {
            return "";
        }
        List<String> tasks = runs.get(0).tasks();
        StringBuilder b = new StringBuilder();
        b.append("Per task: zero-shot -> right after training it -> after the last task\n");
        int w = 10;
        for (RunResult r : runs) {
            w = Math.max(w, r.method().length() + 2);
        }
        b.append(String.format(Locale.ROOT, "%-" + w + "s", "method"));
        for (String t : tasks) {
            b.append(String.format(Locale.ROOT, "  %-20s", t));
        }
        b.append('\n');
        for (RunResult r : runs) {
            double[][] m = r.accuracyMatrix();
            double[] base = r.baselineScores();
            int last = m.length - 1;
            b.append(String.format(Locale.ROOT, "%-" + w + "s", r.method()));
            for (int i = 0; i < tasks.size(); i++) {
                b.append(String.format(Locale.ROOT, "  %-20s", String.format(Locale.ROOT, "%s -> %s -> %s",
                        fmt(base == null ? Double.NaN : base[i]), fmt(m[i][i]), fmt(m[last][i]))));
            }
            b.append('\n');
        }
        b.append('\n');
        for (String line : sentences(runs)) {
            b.append("- ").append(line).append('\n');
        }
        return b.toString();
    }

    /** The sentences alone (one per finding). */
    public static List<String> sentences(List<RunResult> runs) {
        List<String> out = new ArrayList<>();
        List<String> tasks = runs.get(0).tasks();
        int last = tasks.size() - 1;
        for (RunResult r : runs) {
            double[][] m = r.accuracyMatrix();
            double[] base = r.baselineScores();
            List<String> notLearned = new ArrayList<>();
            double smallest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < tasks.size(); i++) {
                double gain = m[i][i] - (base == null ? Double.NaN : base[i]);
                smallest = Math.min(smallest, gain);
                if (!(gain >= LEARNED_POINTS)) {
                    notLearned.add(String.format(Locale.ROOT, "%s (%s -> %s)", tasks.get(i), fmt(base[i]), fmt(m[i][i])));
                }
            }
            String learned = notLearned.isEmpty()
                    ? String.format(Locale.ROOT, "learned every task (each beat its zero-shot score by at least %.0f points right after training)", smallest)
                    : "did not learn " + String.join(", ", notLearned) + " (less than " + (int) LEARNED_POINTS
                            + " points above zero-shot right after training)";
            String forgot = "";
            if (last > 0) {
                int worst = 0;
                for (int i = 1; i < last; i++) {
                    if (m[last][i] - m[i][i] < m[last][worst] - m[worst][worst]) {
                        worst = i;
                    }
                }
                double bwt = r.bwt();
                double drop = m[worst][worst] - m[last][worst];
                forgot = bwt <= -1
                        ? String.format(Locale.ROOT, "; by the end it forgot %.1f points per earlier task on average (BWT %.1f), most on %s: %s -> %s",
                                -bwt, bwt, tasks.get(worst), fmt(m[worst][worst]), fmt(m[last][worst]))
                        : String.format(Locale.ROOT, "; by the end it kept its earlier tasks (BWT %.1f%s)", bwt,
                                drop >= 1 ? String.format(Locale.ROOT, "; largest drop %s: %s -> %s", tasks.get(worst),
                                        fmt(m[worst][worst]), fmt(m[last][worst])) : "");
            }
            out.add(r.method() + " " + learned + forgot + String.format(Locale.ROOT, "; final average AP %.1f.", r.ap()));
        }
        RunResult tasl = find(runs, "tasl");
        RunResult seq = find(runs, "seqlora");
        if (tasl != null && seq != null && last > 0) {
            double dB = tasl.bwt() - seq.bwt();
            double dA = tasl.ap() - seq.ap();
            if (dB > 0) {
                out.add(String.format(Locale.ROOT, "TaSL kept what SeqLoRA forgot: consolidation protected the units "
                        + "important to earlier tasks, so it lost %.1f points less per earlier task (BWT %.1f vs %.1f) "
                        + "and ends %s (AP %.1f vs %.1f).", dB, tasl.bwt(), seq.bwt(),
                        dA >= 0 ? String.format(Locale.ROOT, "%.1f points higher on average", dA)
                                : String.format(Locale.ROOT, "%.1f points lower on average, paying for it on the last task", -dA),
                        tasl.ap(), seq.ap()));
            } else {
                out.add(String.format(Locale.ROOT, "TaSL did not forget less than SeqLoRA here (BWT %.1f vs %.1f, AP %.1f vs %.1f).",
                        tasl.bwt(), seq.bwt(), tasl.ap(), seq.ap()));
            }
        }
        return out;
    }

    private static RunResult find(List<RunResult> runs, String method) {
        for (RunResult r : runs) {
            if (r.method().equals(method)) {
                return r;
            }
        }
        return null;
    }

    private static String fmt(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.1f", d) : "-";
    }
}
