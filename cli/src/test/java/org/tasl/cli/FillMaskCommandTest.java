package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tasl.weights.BackboneCatalog;
import picocli.CommandLine;

class FillMaskCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new FillMaskCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void textWithoutMaskIsRejectedBeforeAnyModelLoads() {
        String[] r = run("--backbone", "no-such-model", "no mask here");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("TEXT must contain [MASK]"), r[2]);
    }

    @Test
    void badTopIsRejected() {
        String[] r = run("--top", "0", "a [MASK] b");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--top"), r[2]);
    }

    @Test
    void jsonHasExactlyPredictionsWithTokenAndProbability() throws Exception {
        assumeTrue(BackboneCatalog.isCached("bert-base-uncased"),
                "bert-base-uncased is not in the cache (./tasl models --fetch bert-base-uncased); skipping");
        String[] r = run("--top", "3", "--json", "--device", "cpu", "the", "capital", "of", "france", "is", "[MASK]", ".");
        assertEquals("0", r[0], r[2]);
        JsonNode root = new ObjectMapper().readTree(r[1]);
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("predictions"), keys);
        JsonNode preds = root.get("predictions");
        assertEquals(3, preds.size());
        double prev = 1.0;
        for (JsonNode p : preds) {
            List<String> pk = new ArrayList<>();
            p.fieldNames().forEachRemaining(pk::add);
            assertEquals(List.of("token", "score"), pk);
            double s = p.get("score").asDouble();
            assertTrue(s > 0 && s <= prev, p.toString());
            prev = s;
        }
        assertEquals("paris", preds.get(0).get("token").asText());
    }
}
