package org.tasl.run;

import java.util.List;
import org.tasl.strategy.TaskRecord;

/**
 * Where a run directory stands, read from its files alone (the process that wrote them may be
 * gone): the status results.json records, or {@link #UNFINISHED} while there is none; how many
 * of the stream's tasks completed and the last of them (where {@code --resume} goes on); the
 * error of a failed run. What {@code ./tasl run --out} tells about a directory it refuses, and
 * what a sweep cell's state is made of.
 *
 * @param status            {@link #COMPLETED}, {@link #INTERRUPTED}, {@link #FAILED} (results.json), or
 *                          {@link #UNFINISHED}: no results.json, so the run was killed (SIGKILL, power
 *                          loss) or is still running in another process
 * @param tasksCompleted    tasks with a task.json, 0, 1, ... up to the first gap
 * @param tasksTotal        the stream's tasks (config.json), 0 when it does not list them
 * @param lastCompletedTask the name of the last completed task, null when none
 * @param error             a failed run's error as results.json records it, null otherwise
 */
public record RunState(String status, int tasksCompleted, int tasksTotal, String lastCompletedTask, String error) {
    public static final String COMPLETED = "completed";
    public static final String INTERRUPTED = "interrupted";
    public static final String FAILED = "failed";
    public static final String UNFINISHED = "unfinished";

    /** The state of {@code dir}: it must hold a config.json. */
    static RunState of(RunDirectory dir) {
        int total = dir.readConfig().get("tasks") instanceof List<?> l ? l.size() : 0;
        List<TaskRecord> done;
        try {
            done = dir.completedTasks();
        } catch (IllegalArgumentException unreadable) {
            done = List.of(); // a task.json that breaks the contract: nothing counts as completed
        }
        String last = done.isEmpty() ? null : done.get(done.size() - 1).name();
        if (!dir.hasResults()) {
            return new RunState(UNFINISHED, done.size(), total, last, null);
        }
        RunResults r = dir.readResults();
        return new RunState(r.status() != null ? r.status() : UNFINISHED, done.size(), total, last, r.error());
    }

    /** Where {@code --resume} goes on: {@code after task 'negation'}, or {@code from its first task}. */
    public String resumePoint() {
        return lastCompletedTask == null ? "from its first task" : "after task '" + lastCompletedTask + "'";
    }

    public boolean completed() {
        return COMPLETED.equals(status);
    }

    /**
     * In words, e.g. {@code a failed run (error: IllegalStateException: out of memory; 1 of 3 tasks
     * completed, the last 'negation')}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(status.equals(INTERRUPTED) || status.equals(UNFINISHED) ? "an " : "a ");
        sb.append(status).append(" run (");
        if (error != null) {
            sb.append("error: ").append(error).append("; ");
        }
        if (status.equals(UNFINISHED)) {
            sb.append("no results.json: it was killed, or is still running in another process; ");
        }
        return sb.append(progress()).append(')').toString();
    }

    /** How far the run got, e.g. {@code 1 of 3 tasks completed, the last 'negation'}. */
    public String progress() {
        String done = tasksCompleted + " of " + tasksTotal + " tasks completed";
        return lastCompletedTask != null && !completed() ? done + ", the last '" + lastCompletedTask + "'" : done;
    }
}
