package org.tasl.polyglot;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the GraalJS tests in src/test/js (each {@code *.test.js} exports named test
 * functions), one JUnit dynamic test per function, against the facade double.
 */
class JsTestSuite {
    static final Path TEST_DIR = Path.of("src/test/js").toAbsolutePath();
    private static Context js;

    @TestFactory
    Stream<DynamicTest> javascript() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(TEST_DIR)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.js")).sorted().toList();
        }
        js = TaslPolyglot.newJsContext(ScriptOptions.defaults().facadeClass("org.tasl.fake.FakeTasl")
                .workingDir(TEST_DIR).allowJava("java.nio.file.Files"));
        Value collect = js.eval("js", "(function (files) { const out = [];"
                + " for (const f of files) { const m = require('./' + f);"
                + "   for (const k of Object.keys(m)) out.push([f.replace('.test.js', '') + ': ' + k, m[k]]); }"
                + " return out; })");
        Value tests = collect.execute((Object) files.toArray(String[]::new));
        List<DynamicTest> out = new ArrayList<>();
        for (int i = 0; i < tests.getArraySize(); i++) {
            Value t = tests.getArrayElement(i);
            String name = t.getArrayElement(0).asString();
            Value fn = t.getArrayElement(1);
            out.add(DynamicTest.dynamicTest(name, () -> {
                try {
                    fn.execute();
                } catch (PolyglotException e) {
                    StringBuilder where = new StringBuilder();
                    for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
                        if (f.isGuestFrame() && f.getSourceLocation() != null) {
                            where.append("\n    at ").append(f.getRootName()).append(" (")
                                    .append(f.getSourceLocation().getSource().getName()).append(':')
                                    .append(f.getSourceLocation().getStartLine()).append(')');
                        }
                    }
                    fail(name + " failed in GraalJS: " + e.getMessage() + where);
                }
            }));
        }
        if (out.isEmpty()) {
            fail("no JS tests found in " + TEST_DIR);
        }
        return out.stream();
    }

    @AfterAll
    static void close() {
        if (js != null) {
            js.close(true);
        }
    }
}
