package org.tasl.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A fixed-width table of the rows of {@code Tasl.compare}. */
final class CompareTable {
    private CompareTable() {}

    static String render(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %-22s %-16s %7s %7s %7s %8s%n", "method", "backbone", "benchmark",
                "AP", "BWT", "FWT", "seconds"));
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "%-12s %-22s %-16s %7s %7s %7s %8.0f%n", r.get("method"),
                    r.get("backbone"), r.get("benchmark"), ProgressPrinter.fmt(r.get("ap")),
                    ProgressPrinter.fmt(r.get("bwt")), ProgressPrinter.fmt(r.get("fwt")),
                    ((Number) r.get("seconds")).doubleValue()));
        }
        return sb.toString();
    }
}
