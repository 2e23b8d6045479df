package org.tasl.cli;

import java.nio.file.Path;
import java.util.List;
import org.tasl.run.RunResult;

/** Writes the Markdown report of a set of runs (wired to org.tasl.report). */
final class ReportLink {
    private ReportLink() {}

    static Path write(Path dir, List<RunResult> runs) {
        throw new IllegalStateException("the report writer is not part of this build yet");
    }
}
