package org.tasl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tasl.report.ComparisonTable;
import org.tasl.report.ReportWriter;
import org.tasl.run.RunDirectory;
import org.tasl.sweep.SweepCell;
import org.tasl.sweep.SweepDirectory;
import org.tasl.sweep.SweepSummary;
import org.tasl.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./tasl compare RUN_DIR... [--json] [--report DIR]}: AP, BWT, FWT of finished runs side by
 * side. A sweep directory stands for its cells' runs (those with results), followed in the text
 * output by the sweep's mean ± sd table.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare runs: method, backbone, benchmark, tasks, AP, BWT, FWT, FWT_raw and seconds "
                + "from each run directory's results.json.")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories (made by ./tasl run or demo), "
            + "or sweep directories (./tasl sweep)")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--json", description = "print a JSON list of objects (keys: run, method, backbone, benchmark, "
            + "tasks, ap, bwt, fwt, fwt_raw, seconds; undefined numbers are null)")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR", description = "also write DIR/report.md with the table and PNG "
            + "plots (accuracy matrices, importance map, loss curves)")
    Path report;

    @Override
    public Integer call() {
        List<Path> runDirs = new ArrayList<>();
        List<String> sweepTables = new ArrayList<>();
        for (Path p : runs) {
            if (SweepDirectory.isSweep(p)) {
                SweepDirectory sweep = SweepDirectory.open(p);
                for (SweepCell c : sweep.cells()) {
                    if (RunDirectory.exists(sweep.runDir(c)) && RunDirectory.open(sweep.runDir(c)).hasResults()) {
                        runDirs.add(sweep.runDir(c));
                    }
                }
                sweepTables.add(SweepSummary.methodTable(SweepSummary.compute(sweep, sweep.fileStatuses())));
            } else {
                runDirs.add(p);
            }
        }
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("no run with results in " + runs + " (the sweep's cells have not finished a task)");
        }
        List<Map<String, Object>> rows = ComparisonTable.rows(runDirs);
        if (json) {
            List<Object> out = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                out.add(Json.sanitize(new LinkedHashMap<>(r)));
            }
            System.out.println(Json.pretty(out));
        } else {
            System.out.print(ComparisonTable.text(rows));
            sweepTables.forEach(t -> System.out.print("\n" + t));
        }
        if (report != null) {
            Path md = ReportWriter.write(runDirs, report, "TaSL Studio: comparison of " + runDirs.size() + " runs");
            System.err.println("report: " + md);
        }
        return 0;
    }
}
