package org.tasl.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.tasl.event.RunEvent;
import org.tasl.event.RunListener;

/**
 * The command line's view of a run: a progress bar per task that redraws in place on a
 * terminal (one line per task elsewhere), and a line per evaluation.
 */
final class ProgressPrinter implements RunListener {
    private final PrintStream out;
    private final boolean tty;
    private long lastPrint;

    ProgressPrinter(PrintStream out) {
        this.out = out;
        this.tty = System.console() != null && System.getenv("TASL_NO_TTY") == null;
    }

    @Override
    public void onEvent(RunEvent e) {
        switch (e.type()) {
            case RUN_STARTED -> out.printf("run %s: %s on %s, tasks %s%n", e.runId(), e.get("method"),
                    e.get("backbone"), e.get("tasks"));
            case TASK_STARTED -> out.printf("task %s (%s): %s examples, %s steps%n", num(e.get("task")) + 1,
                    e.get("task_name"), e.get("train_size"), e.get("steps"));
            case STEP -> step(e);
            case TASK_EVALUATED -> {
                if (tty) {
                    out.println();
                }
                out.printf("  after %s: %s%n", e.get("task_name"), formatRow(e.get("tasks"), e.get("row")));
            }
            case CONSOLIDATION -> out.printf("  consolidated %s (%s)%n", e.get("task_name"), e.get("strategy"));
            case LOG -> out.printf("  %s%n", e.get("message"));
            case RUN_FINISHED -> out.printf(Locale.ROOT, "run %s %s: AP %s  BWT %s  FWT %s  (%.0f s)%n", e.runId(),
                    e.get("status"), fmt(e.get("ap")), fmt(e.get("bwt")), fmt(e.get("fwt")),
                    e.get("seconds") instanceof Number n ? n.doubleValue() : 0.0);
            default -> { }
        }
        out.flush();
    }

    private void step(RunEvent e) {
        int step = num(e.get("step"));
        int steps = Math.max(1, num(e.get("steps")));
        long now = System.currentTimeMillis();
        if (tty) {
            int width = 30;
            int filled = (int) Math.round(width * step / (double) steps);
            out.printf(Locale.ROOT, "\r  [%s%s] %d/%d loss %s", "#".repeat(filled), " ".repeat(width - filled), step,
                    steps, fmt(e.get("loss")));
        } else if (step == steps || now - lastPrint > 10_000) {
            out.printf(Locale.ROOT, "  step %d/%d loss %s%n", step, steps, fmt(e.get("loss")));
            lastPrint = now;
        }
    }

    private static String formatRow(Object tasks, Object row) {
        if (!(tasks instanceof List<?> t) || !(row instanceof List<?> r)) {
            return String.valueOf(row);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(t.size(), r.size()); i++) {
            sb.append(i == 0 ? "" : "  ").append(t.get(i)).append(' ').append(fmt(r.get(i)));
        }
        return sb.toString();
    }

    static String fmt(Object o) {
        return o instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "-";
    }

    private static int num(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }
}
