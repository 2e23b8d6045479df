package org.tasl.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notebooks as committed: nbformat 4.5 with a unique id on every cell, no outputs or
 * execution counts (outputs are stripped in git), a tasl kernelspec (tasl or tasl-js), and prose with a formula.
 */
class NotebookFilesTest {
    static final List<String> EXPECTED = List.of("01_skill_localization.ipynb", "02_consolidation.ipynb",
            "03_continual_benchmark.ipynb", "04_mixed_java_python.ipynb", "05_live_dashboard.ipynb", "06_javascript_benchmark.ipynb");
    // nbformat 4.5: ids are 1-64 characters of letters, digits, '-' and '_'.
    private static final Pattern CELL_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    static Path folder() {
        // Surefire runs in the module folder, which is where the notebooks live.
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve(EXPECTED.get(0))) ? here : here.resolve("notebooks");
    }

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(folder())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void theFiveTeachingNotebooksArePresent() throws IOException {
        List<String> names = notebooks().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(EXPECTED), "expected " + EXPECTED + " in " + folder() + ", found " + names);
    }

    @Test
    void everyNotebookIsStrippedAndHasCellIds() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        for (Path nb : notebooks()) {
            String name = nb.getFileName().toString();
            JsonNode root = json.readTree(nb.toFile());
            if (root.path("nbformat").asInt() != 4 || root.path("nbformat_minor").asInt() < 5) {
                problems.add(name + ": nbformat " + root.path("nbformat") + "." + root.path("nbformat_minor")
                        + ", expected 4.5 or later (cell ids)");
            }
            JsonNode spec = root.path("metadata").path("kernelspec");
            boolean python = spec.path("name").asText().equals("tasl") && spec.path("language").asText().equals("python");
            boolean js = spec.path("name").asText().equals("tasl-js") && spec.path("language").asText().equals("javascript");
            if (!python && !js) {
                problems.add(name + ": kernelspec " + spec + ", expected name 'tasl' (language 'python') or 'tasl-js' (language 'javascript')");
            }
            Set<String> ids = new HashSet<>();
            int i = 0;
            for (JsonNode cell : root.path("cells")) {
                String where = name + " cell " + i++;
                String id = cell.path("id").asText("");
                if (!CELL_ID.matcher(id).matches()) {
                    problems.add(where + ": missing or invalid id '" + id + "'");
                } else if (!ids.add(id)) {
                    problems.add(where + ": duplicate id '" + id + "'");
                }
                if (cell.path("cell_type").asText().equals("code")) {
                    if (cell.path("outputs").size() > 0) {
                        problems.add(where + ": has " + cell.path("outputs").size() + " outputs (strip them before committing)");
                    }
                    if (!cell.path("execution_count").isNull()) {
                        problems.add(where + ": execution_count " + cell.path("execution_count") + " (expected null)");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyNotebookExplainsItsIdeaWithAFormula() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (Path nb : notebooks()) {
            StringBuilder prose = new StringBuilder();
            for (JsonNode cell : json.readTree(nb.toFile()).path("cells")) {
                if (cell.path("cell_type").asText().equals("markdown")) {
                    cell.path("source").forEach(line -> prose.append(line.asText()));
                }
            }
            String text = prose.toString();
            assertTrue(text.startsWith("# "), nb.getFileName() + ": should open with a title cell");
            assertTrue(text.contains("$"), nb.getFileName() + ": prose should state the paper's formula in LaTeX");
            assertFalse(text.length() < 800, nb.getFileName() + ": prose of " + text.length() + " characters is too thin");
        }
    }
}
