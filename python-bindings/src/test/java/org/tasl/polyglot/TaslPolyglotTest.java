package org.tasl.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;

class TaslPolyglotTest {

    @Test
    void pythonContextImportsTaslAndWritesToTheGivenStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Context py = TaslPolyglot.newPythonContext(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream())) {
            py.eval("python", "import tasl\nprint(tasl.__version__)");
            assertSame(TaslPolyglot.engine(), py.getEngine(), "every context shares the JVM's engine");
        }
        assertEquals(org.tasl.Version.VERSION, out.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void argvReachesSysArgvAndWorkingDirectoryIsTheCurrentDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ScriptOptions o = ScriptOptions.defaults().argv("job.py", List.of("--lr", "0.1")).workingDir(dir);
        try (Context py = TaslPolyglot.newPythonContext(o)) {
            assertEquals("['job.py', '--lr', '0.1']", py.eval("python", "import sys; str(sys.argv)").asString());
            assertEquals(dir.toAbsolutePath().toString(), py.eval("python", "import os; os.getcwd()").asString());
        }
    }

    @Test
    void policyRefusesClassesOutsideTheAllowList() {
        try (Context py = TaslPolyglot.newPythonContext(ScriptOptions.defaults())) {
            PolyglotException e = assertThrows(PolyglotException.class,
                    () -> py.eval("python", "import java\njava.type('java.lang.Runtime')"));
            assertTrue(e.getMessage().contains("java.lang.Runtime"), e.getMessage());
            assertThrows(PolyglotException.class, () -> py.eval("python", "import java\njava.type('java.io.File')"));
            assertEquals(6, py.eval("python", "from java.util import ArrayList\nl = ArrayList(); l.add(6); l.get(0)").asInt());
        }
        try (Context js = TaslPolyglot.newJsContext(ScriptOptions.defaults())) {
            assertThrows(PolyglotException.class, () -> js.eval("js", "Java.type('java.lang.System')"));
        }
    }

    @Test
    void hostCanWidenThePolicyByClassName() {
        try (Context py = TaslPolyglot.newPythonContext(ScriptOptions.defaults().allowJava("java.io.File"))) {
            assertEquals("x", py.eval("python", "import java\njava.type('java.io.File')('/tmp/x').getName()").asString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaslPolyglot.newPythonContext(ScriptOptions.defaults().allowJava("no.such.Klass")));
        assertTrue(e.getMessage().contains("no.such.Klass"), e.getMessage());
    }

    @Test
    void theRealFacadeAndTheTypesItReturnsAreReachableAndNothingElse() {
        java.util.Set<String> names = HostAccessPolicy.of(HostAccessPolicy.FACADE_CLASS, List.of()).lookupNames();
        for (String n : List.of("org.tasl.api.Tasl", "org.tasl.run.Experiment", "org.tasl.run.RunResult",
                "org.tasl.cl.UnitRecord", "org.tasl.run.RunConfig", "org.tasl.data.Benchmark",
                "org.tasl.weights.BackboneInfo", "org.tasl.event.RunEvent", "org.tasl.cl.ImportanceMetric")) {
            assertTrue(names.contains(n), n + " should be reachable from the facade");
        }
        assertTrue(names.stream().noneMatch(n -> n.startsWith("ai.djl.") || n.equals("java.lang.Runtime")), names.toString());
    }

    @Test
    void pythonDrivesTheRealFacadeWithoutLoadingAModel() {
        try (Context py = TaslPolyglot.newPythonContext(ScriptOptions.defaults())) {
            py.eval("python", "import tasl");
            assertEquals("['sentiment', 'topic', 'negation', 'parity']",
                    py.eval("python", "str(tasl.benchmark('builtin', train_per_task=4, eval_per_task=2).tasks)").asString());
            assertTrue(py.eval("python", "'all-minilm-l6-v2' in tasl.backbones().column('name')").asBoolean());
            assertEquals("TaslValueError", py.eval("python", String.join("\n",
                    "try:",
                    "    tasl.experiment(tasl.benchmark('builtin', train_per_task=4, eval_per_task=2), method='nope')",
                    "except tasl.TaslError as e:",
                    "    r = type(e).__name__",
                    "r")).asString());
        }
    }

    @Test
    void jsContextHasRequireAndGlobalAndArgv() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScriptOptions o = ScriptOptions.defaults().streams(new ByteArrayInputStream(new byte[0]), out, out).argv("a.js", List.of("7"));
        try (Context js = TaslPolyglot.newJsContext(o)) {
            js.eval("js", "console.log(require('tasl') === tasl, tasl.version, process.argv.join(' '))");
        }
        assertEquals("true " + org.tasl.Version.VERSION + " a.js 7", out.toString(StandardCharsets.UTF_8).trim());
    }
}
