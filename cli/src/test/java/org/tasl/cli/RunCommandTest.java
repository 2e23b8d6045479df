package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `./tasl run`'s bad input: refused before a run directory is made. */
class RunCommandTest {

    @Test
    void resumeWithoutOutIsRefused() {
        CliRun r = CliRun.execute("run", "--benchmark", "builtin", "--resume");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--resume needs --out DIR"), r.err());
    }

    @Test
    void anEmptyTaskListIsRefused() {
        CliRun r = CliRun.execute("run", "--benchmark", "builtin", "--tasks", "", "--out", "unused");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("tasks: no task name in ''"), r.err());
    }
}
