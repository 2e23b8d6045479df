package org.tasl.cli;

import java.nio.file.Path;
import java.util.List;
import org.tasl.report.ReportWriter;
import org.tasl.run.RunResult;

/** The Markdown report (with PNG plots) of a set of runs. */
final class ReportLink {
    private ReportLink() {}

    static Path write(Path dir, List<RunResult> runs) {
        return ReportWriter.write(runs.stream().map(RunResult::dir).toList(), dir, "TaSL Studio demo");
    }
}
