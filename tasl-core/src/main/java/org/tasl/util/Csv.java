package org.tasl.util;

import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 CSV: fields quoted only when they hold a comma, quote or line break. */
public final class Csv {
    private Csv() {}

    public static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.append('\n').toString();
    }

    /** Parses a whole CSV text into rows of fields. A quote left open is an error. */
    public static List<List<String>> parse(String text, String source) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    row.add(f.toString());
                    f.setLength(0);
                    any = true;
                }
                case '\r' -> { }
                case '\n' -> {
                    row.add(f.toString());
                    rows.add(row);
                    row = new ArrayList<>();
                    f.setLength(0);
                    any = false;
                }
                default -> {
                    f.append(c);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ": unterminated quoted field in line " + (rows.size() + 1));
        }
        if (any || f.length() > 0) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }

    /** A number cell: NaN is written empty. */
    public static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    public static double parseNumber(String cell, String where) {
        String s = cell.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + cell + "' is not a number");
        }
    }

    public static int parseInt(String cell, String where) {
        try {
            return Integer.parseInt(cell.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + cell + "' is not an integer");
        }
    }
}
