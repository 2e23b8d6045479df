package org.tasl.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./tasl script semantics: argv, exit codes, and errors reported with the script's file and line. */
class ScriptRunnerTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String name, String code, String... args) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, code);
        ScriptOptions o = ScriptOptions.defaults().streams(new ByteArrayInputStream(new byte[0]), out, err).workingDir(dir);
        return new ScriptRunner(o).run(f, List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pythonGetsArgvItsFolderOnSysPathAndReturnsItsExitCode() throws IOException {
        Files.writeString(dir.resolve("helper.py"), "VALUE = 41\n");
        int code = run("job.py", String.join("\n",
                "import sys, tasl, helper",
                "print(sys.argv[1:], helper.VALUE + 1, __name__)",
                "if __name__ == '__main__':",
                "    sys.exit(int(sys.argv[1]))",
                ""), "3", "--lr", "0.1");
        assertEquals(3, code, err());
        assertEquals("['3', '--lr', '0.1'] 42 __main__", out().trim());
    }

    @Test
    void pythonEndingNormallyIsZeroAndExitWithAMessageIsOne() throws IOException {
        assertEquals(0, run("ok.py", "print('fine')\n"));
        assertEquals(1, run("msg.py", "import sys\nsys.exit('bad input: x')\n"));
        assertTrue(err().contains("bad input: x"), err());
    }

    @Test
    void pythonErrorIsATracebackWithFileAndLine() throws IOException {
        int code = run("boom.py", "def f(x):\n    return 1 / x\n\nf(0)\n");
        assertEquals(1, code);
        String e = err();
        Path f = dir.resolve("boom.py").toAbsolutePath();
        assertTrue(e.contains("File \"" + f + "\", line 4, in <module>"), e);
        assertTrue(e.contains("File \"" + f + "\", line 2, in f"), e);
        assertTrue(e.contains("ZeroDivisionError: division by zero"), e);
    }

    @Test
    void pythonSyntaxErrorNamesFileAndLine() throws IOException {
        assertEquals(1, run("syntax.py", "x = 1\ny = (\n"));
        assertTrue(err().contains("syntax.py\", line 2"), err());
        assertTrue(err().contains("SyntaxError"), err());
    }

    @Test
    void javascriptExitCodeArgvAndErrorLocation() throws IOException {
        assertEquals(4, run("exit.js", "console.log(process.argv.slice(1).join(','), tasl.version);\nprocess.exit(4);\n", "a", "b"));
        assertEquals("a,b " + org.tasl.Version.VERSION, out().trim());
        assertEquals(1, run("boom.js", "const x = 1;\nfunction f() { return missing + x; }\nf();\n"));
        assertTrue(err().contains(dir.resolve("boom.js").toAbsolutePath() + ":2:"), err());
        assertTrue(err().contains("ReferenceError: missing is not defined"), err());
    }

    @Test
    void filesThatCannotBeRunAreExitCodeTwo() throws IOException {
        assertEquals(2, run("notes.txt", "hello"));
        assertTrue(err().contains("expected a .py or .js file"), err());
        assertEquals(2, new ScriptRunner(ScriptOptions.defaults().streams(System.in, out, err))
                .run(dir.resolve("absent.py"), List.of()));
        assertTrue(err().contains("absent.py does not exist"), err());
    }
}
