package org.tasl.sweep;

import java.nio.file.Path;
import java.util.Locale;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunState;

/**
 * Where one cell stands, read from its run directory (the truth: a cell's files outlive any
 * scheduler) and, while it is in a scheduler's hands, from the scheduler.
 *
 * @param state      see {@link State}
 * @param tasksDone  tasks whose task.json exists
 * @param tasksTotal tasks of the stream (0 before the run wrote its config.json)
 */
public record CellStatus(State state, int tasksDone, int tasksTotal) {

    public enum State {
        /** nothing run yet */
        PENDING,
        /** waiting in a scheduler's queue */
        QUEUED,
        /** a process is running it now */
        RUNNING,
        /** started, stopped before its last task (killed, cancelled, preempted): --resume continues it */
        PARTIAL,
        /** results.json says completed */
        COMPLETED,
        /** results.json says failed (see the cell's log) */
        FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State parse(String s, String source) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": unknown cell state '" + s + "'", e);
            }
        }
    }

    public boolean finished() {
        return state == State.COMPLETED;
    }

    /** The state the files show (never QUEUED or RUNNING: only a scheduler knows those). */
    public static CellStatus of(Path runDir) {
        if (!RunDirectory.exists(runDir)) {
            return new CellStatus(State.PENDING, 0, 0);
        }
        RunState s = RunDirectory.open(runDir).state();
        State state = switch (s.status()) {
            case RunState.COMPLETED -> State.COMPLETED;
            case RunState.FAILED -> State.FAILED;
            default -> State.PARTIAL;
        };
        return new CellStatus(state, s.tasksCompleted(), s.tasksTotal());
    }

    /** The same status in another state (what a scheduler reports), keeping the task counts. */
    public CellStatus with(State s) {
        return new CellStatus(s, tasksDone, tasksTotal);
    }

    public String describe() {
        return tasksTotal == 0 ? state.wire() : state.wire() + " " + tasksDone + "/" + tasksTotal + " tasks";
    }
}
