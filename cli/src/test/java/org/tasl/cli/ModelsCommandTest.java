package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void jsonListsEveryKnownBackboneWithItsShape() throws Exception {
        String[] r = run("--json");
        assertEquals("0", r[0], r[2]);
        JsonNode root = new ObjectMapper().readTree(r[1]);
        List<String> names = new ArrayList<>();
        for (JsonNode b : root.get("backbones")) {
            names.add(b.get("name").asText());
            assertTrue(b.has("cached") && b.has("parameters") && b.has("source") && b.has("path"), b.toString());
        }
        assertEquals(List.of("bert-base-uncased", "all-minilm-l6-v2", "bge-small-en-v1.5", "e5-small-v2"), names);
        JsonNode bert = root.get("backbones").get(0);
        assertEquals(768, bert.get("hidden").asInt());
        assertEquals(12, bert.get("layers").asInt());
        assertTrue(bert.get("mlm_head").asBoolean());
    }

    @Test
    void theTableHasAHeaderAndOneRowPerBackbone() {
        String[] r = run();
        assertEquals("0", r[0]);
        String[] lines = r[1].split("\\R");
        assertTrue(lines[0].startsWith("NAME") && lines[0].contains("CACHED"), lines[0]);
        assertTrue(lines[2].startsWith("all-minilm-l6-v2") && lines[2].contains("22.6M"), lines[2]);
    }

    @Test
    void fetchingAnUnknownNameFailsListingTheKnownOnes() {
        String[] r = run("--fetch", "gpt2");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown backbone 'gpt2'; known backbones: bert-base-uncased"), r[2]);
    }
}
