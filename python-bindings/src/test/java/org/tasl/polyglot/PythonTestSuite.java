package org.tasl.polyglot;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the stdlib-unittest tests in src/test/python inside GraalPy, one JUnit dynamic test
 * per Python test case (so they count in the surefire report). The tests talk to the facade
 * double {@code org.tasl.fake.FakeTasl}.
 */
class PythonTestSuite {
    static final Path TEST_DIR = Path.of("src/test/python").toAbsolutePath();
    private static Context py;

    private static final String HARNESS = String.join("\n",
            "import sys, unittest, traceback",
            "sys.path.insert(0, %r)",
            "def _flatten(s):",
            "    for t in s:",
            "        if isinstance(t, unittest.TestSuite): yield from _flatten(t)",
            "        else: yield t",
            "_suite = unittest.TestLoader().discover(%r, pattern='test_*.py', top_level_dir=%r)",
            "_cases = {t.id(): t for t in _flatten(_suite)}",
            "def _ids(): return sorted(_cases)",
            "def _run(case_id):",
            "    r = unittest.TestResult()",
            "    _cases[case_id].run(r)",
            "    if r.errors or r.failures: return 'FAIL\\n' + '\\n'.join(tb for _, tb in r.errors + r.failures)",
            "    if r.skipped: return 'SKIP ' + r.skipped[0][1]",
            "    return 'OK'",
            "");

    @TestFactory
    Stream<DynamicTest> python() throws Exception {
        Path work = Files.createTempDirectory("tasl-pytest");
        py = TaslPolyglot.newPythonContext(ScriptOptions.defaults().facadeClass("org.tasl.fake.FakeTasl").workingDir(work));
        String dir = TEST_DIR.toString();
        String quoted = "'" + dir.replace("\\", "\\\\").replace("'", "\\'") + "'";
        py.eval("python", HARNESS.replace("%r", quoted));
        Value bindings = py.getBindings("python");
        Value ids = bindings.getMember("_ids").execute();
        Value run = bindings.getMember("_run");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < ids.getArraySize(); i++) {
            String id = ids.getArrayElement(i).asString();
            tests.add(DynamicTest.dynamicTest(id, () -> {
                String outcome = run.execute(id).asString();
                if (outcome.startsWith("SKIP")) {
                    Assumptions.abort(outcome.substring(5));
                } else if (!outcome.equals("OK")) {
                    fail(id + " failed in GraalPy:\n" + outcome.substring(5));
                }
            }));
        }
        if (tests.isEmpty()) {
            fail("no Python tests found in " + dir);
        }
        return tests.stream();
    }

    @AfterAll
    static void close() {
        if (py != null) {
            py.close(true);
        }
    }
}
