package org.tasl.dashboard;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180 quoting: "a,b" and "" for a quote inside a field). */
final class Csv {
    private Csv() {}

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (c != '\r') {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
