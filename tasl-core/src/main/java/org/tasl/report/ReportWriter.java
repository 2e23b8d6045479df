package org.tasl.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tasl.chart.ImportanceMap;
import org.tasl.chart.LossCurve;
import org.tasl.chart.MatrixHeatmap;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.event.RunEvent;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunResults;
import org.tasl.util.AtomicFiles;

/**
 * {@code report.md} for a set of runs: the comparison table, then per run its accuracy
 * matrix, the importance map of its last task (when the run recorded units) and its loss
 * curve (when its events hold steps). PNGs are written next to report.md.
 */
public final class ReportWriter {
    private ReportWriter() {}

    /** Writes report.md and its PNGs into {@code outDir}; returns the path of report.md. */
    public static Path write(List<Path> runDirs, Path outDir, String title) {
        List<Map<String, Object>> rows = ComparisonTable.rows(runDirs);
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        md.append(ComparisonTable.markdown(rows)).append('\n');
        md.append("AP = mean score on every task after the last one; BWT = mean change on earlier tasks between ")
                .append("learning them and the end (negative = forgetting); FWT = mean score on a task before ")
                .append("training it minus the starting backbone's score; FWT_raw = the same without the baseline. ")
                .append("Scores are exact match or ROUGE-L, ×100.\n\n");
        List<String> used = new ArrayList<>();
        for (Path d : runDirs) {
            RunDirectory rd = RunDirectory.open(d);
            RunResults r = rd.readResults();
            String name = unique(d.getFileName() == null ? "run" : d.getFileName().toString(), used);
            md.append("## ").append(name).append(" — ").append(r.method()).append(" on ").append(r.backbone())
                    .append("\n\n");
            md.append("Run directory: `").append(d).append("`. Status: ").append(r.status())
                    .append(". Metric: ").append(r.metric()).append(".\n\n");
            String matrixPng = name + "-matrix.png";
            AtomicFiles.writeBytes(outDir.resolve(matrixPng),
                    MatrixHeatmap.png(AccuracyMatrix.of(r.tasks(), r.accuracyMatrix()), name + ": accuracy matrix"));
            md.append("![accuracy matrix of ").append(name).append("](").append(matrixPng).append(")\n\n");

            int last = lastTaskWithUnits(rd, r.tasks().size());
            if (last >= 0) {
                List<UnitRecord> units = rd.readUnits(last);
                String png = name + "-importance-task" + last + ".png";
                AtomicFiles.writeBytes(outDir.resolve(png), ImportanceMap.png(units,
                        name + ": task " + last + " (" + r.tasks().get(last) + ")", ImportanceMap.Value.IMPORTANCE));
                md.append("![importance map of ").append(name).append(", task ").append(last).append("](").append(png)
                        .append(")\n\n");
            }
            List<RunEvent> events = rd.readEvents();
            if (LossCurve.hasSteps(events)) {
                String png = name + "-loss.png";
                AtomicFiles.writeBytes(outDir.resolve(png), LossCurve.png(events, name + ": training loss"));
                md.append("![training loss of ").append(name).append("](").append(png).append(")\n\n");
            }
        }
        Path report = outDir.resolve("report.md");
        AtomicFiles.writeString(report, md.toString());
        return report;
    }

    private static int lastTaskWithUnits(RunDirectory rd, int n) {
        for (int k = n - 1; k >= 0; k--) {
            Path td = rd.findTaskDir(k);
            if (td != null && java.nio.file.Files.isRegularFile(td.resolve(RunDirectory.UNITS))) {
                if (!rd.readUnits(k).isEmpty()) {
                    return k;
                }
            }
        }
        return -1;
    }

    private static String unique(String name, List<String> used) {
        String n = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String out = n;
        for (int i = 2; used.contains(out); i++) {
            out = n + "-" + i;
        }
        used.add(out);
        return out;
    }
}
