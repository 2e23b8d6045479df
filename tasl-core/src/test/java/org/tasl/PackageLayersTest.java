package org.tasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md over tasl-core's main sources: the learning loop and
 * everything below it never use the run layer, and no two packages use each other, directly
 * or around a cycle. A use is an import or a fully qualified name {@code org.tasl.x.Y} in code
 * (comments do not count; string literals do, Class.forName would be a use); packages are
 * org.tasl's top-level ones ({@code org.tasl.model.bert} counts as {@code model}).
 * {@code tools/package-graph.py} prints the same graph.
 */
class PackageLayersTest {
    private static final Path SOURCES = Paths.get("src/main/java");
    /** The layers below run: the methods and what they are built from (issue 16). */
    private static final List<String> BELOW_RUN = List.of("strategy", "cl", "train", "model", "lora", "nn",
            "weights", "tokenize");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+org\\.tasl(?:\\.([a-z][a-z0-9_]*))?[\\w.]*\\s*;",
            Pattern.MULTILINE);
    private static final Pattern USE = Pattern.compile(
            "\\borg\\.tasl\\.([a-z][a-z0-9_]*)\\b(?=\\s*\\.\\s*[\\w*])|\\borg\\.tasl\\.([A-Z]\\w*)");

    @Test
    void nothingBelowRunUsesRun() throws IOException {
        assertEquals(List.of(), runUsesBelowRun(uses(sources())));
    }

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = graph(uses(sources()));
        assertTrue(graph.keySet().containsAll(BELOW_RUN), "read the sources of " + graph.keySet());
        assertEquals(List.of(), cycles(graph), "package cycles (tools/package-graph.py shows the files)");
    }

    // ---- the checker, on hand-written sources ----

    @Test
    void importsAndQualifiedNamesAreUsesCommentsAreNot() {
        String src = String.join("\n",
                "package org.tasl.strategy.sub;",
                "import org.tasl.cl.UnitRecord;",
                "import static org.tasl.eval.Metrics.ap;",
                "import org.tasl.data.*;",
                "/** see {@link org.tasl.api.Tasl} */",
                "class X { // org.tasl.sweep.Grid",
                "  Object a = org.tasl.run.RunConfig.defaults();",
                "  String c = \"org.tasl.gpu.Bundle\"; /* org.tasl.bench.Compare */",
                "  String d = \"// not a comment\"; Object e = org.tasl.Version.VERSION;",
                "  String f = \"\"\"",
                "      org.tasl.localize.Localization",
                "      \"\"\";",
                "}");
        assertEquals("strategy", packageOf(src));
        assertEquals(Set.of("cl", "eval", "data", "run", "gpu", "(root)", "localize"), usesOf(src));
    }

    @Test
    void aCycleIsFoundAndAnAcyclicGraphHasNone() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("api", Set.of("run"));
        g.put("run", Set.of("strategy", "util"));
        g.put("strategy", Set.of("util"));
        assertEquals(List.of(), cycles(g));
        g.put("strategy", Set.of("util", "cl"));
        g.put("cl", Set.of("run")); // run -> strategy -> cl -> run
        assertEquals(List.of(List.of("cl", "run", "strategy")), cycles(g));
    }

    @Test
    void aRunUsePlantedBelowRunIsReported() {
        Map<SourceFile, Set<String>> uses = new TreeMap<>(BY_PATH);
        uses.put(new SourceFile("org/tasl/strategy/Ok.java", "strategy"), usesOf(
                "package org.tasl.strategy;\nimport org.tasl.cl.UnitRecord;\n/** not {@link org.tasl.run.RunConfig} */"));
        uses.put(new SourceFile("org/tasl/nn/Bad.java", "nn"), usesOf(
                "package org.tasl.nn;\nclass Bad { Object c = org.tasl.run.RunConfig.defaults(); }"));
        uses.put(new SourceFile("org/tasl/sweep/Fine.java", "sweep"), usesOf(
                "package org.tasl.sweep;\nimport org.tasl.run.RunConfig;"));
        assertEquals(List.of("org/tasl/nn/Bad.java (nn) uses org.tasl.run"), runUsesBelowRun(uses));
        uses.put(new SourceFile("org/tasl/run/Experiment.java", "run"), Set.of("strategy", "nn"));
        assertEquals(List.of(List.of("nn", "run")), cycles(graph(uses)));
    }

    // ---- reading the sources ----

    record SourceFile(String path, String pkg) {}

    private static Map<Path, String> sources() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), SOURCES.toAbsolutePath() + ": tasl-core's sources (run from tasl-core)");
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(SOURCES)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                out.put(SOURCES.relativize(p), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static final java.util.Comparator<SourceFile> BY_PATH = (a, b) -> a.path().compareTo(b.path());

    /** Every file of a package below run that uses run, as "PATH (PACKAGE) uses org.tasl.run". */
    static List<String> runUsesBelowRun(Map<SourceFile, Set<String>> uses) {
        List<String> violations = new ArrayList<>();
        uses.forEach((file, used) -> {
            if (BELOW_RUN.contains(file.pkg()) && used.contains("run")) {
                violations.add(file.path() + " (" + file.pkg() + ") uses org.tasl.run");
            }
        });
        return violations;
    }

    private static Map<SourceFile, Set<String>> uses(Map<Path, String> sources) {
        Map<SourceFile, Set<String>> out = new TreeMap<>(BY_PATH);
        sources.forEach((path, src) -> {
            String pkg = packageOf(src);
            if (pkg != null) {
                out.put(new SourceFile(path.toString(), pkg), usesOf(src));
            }
        });
        return out;
    }

    /** The top-level package under org.tasl ("(root)" for org.tasl itself), or null for another package. */
    static String packageOf(String src) {
        Matcher m = PACKAGE.matcher(stripComments(src));
        return m.find() ? (m.group(1) != null ? m.group(1) : "(root)") : null;
    }

    /** The top-level packages a file uses besides its own. */
    static Set<String> usesOf(String src) {
        String code = stripComments(src);
        String own = packageOf(src);
        Matcher pm = PACKAGE.matcher(code);
        if (pm.find()) {
            code = code.substring(pm.end());
        }
        Set<String> used = new TreeSet<>();
        Matcher m = USE.matcher(code);
        while (m.find()) {
            used.add(m.group(1) != null ? m.group(1) : "(root)");
        }
        used.remove(own);
        return used;
    }

    /** Comments blanked (line breaks kept); string, text-block and char literals kept. */
    static String stripComments(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                int j = src.indexOf('\n', i);
                i = j < 0 ? n : j;
            } else if (src.startsWith("/*", i)) {
                int j = src.indexOf("*/", i + 2);
                j = j < 0 ? n : j + 2;
                src.substring(i, j).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = j;
            } else if (src.startsWith("\"\"\"", i)) {
                int j = src.indexOf("\"\"\"", i + 3);
                j = j < 0 ? n : j + 3;
                out.append(src, i, j);
                i = j;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, n);
                out.append(src, i, j);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static Map<String, Set<String>> graph(Map<SourceFile, Set<String>> uses) {
        Map<String, Set<String>> g = new TreeMap<>();
        uses.forEach((file, used) -> g.computeIfAbsent(file.pkg(), k -> new TreeSet<>()).addAll(used));
        return g;
    }

    /** Every strongly connected component of more than one package, each sorted (Tarjan). */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        return new Tarjan(graph).components;
    }

    private static final class Tarjan {
        final Map<String, Set<String>> graph;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new TreeSet<>();
        final List<List<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
            for (String v : new TreeSet<>(graph.keySet())) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : new TreeSet<>(graph.getOrDefault(v, Set.of()))) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> comp = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    comp.add(w);
                } while (!w.equals(v));
                if (comp.size() > 1) {
                    components.add(comp.stream().sorted().toList());
                }
            }
        }
    }
}
