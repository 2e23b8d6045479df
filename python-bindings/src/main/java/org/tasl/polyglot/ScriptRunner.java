package org.tasl.polyglot;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * Runs a Python ({@code .py}) or JavaScript ({@code .js}, {@code .mjs}) file as a program, the
 * way {@code ./tasl script} does: {@code tasl} importable, {@code sys.argv} /
 * {@code process.argv} set, the script's own folder first on {@code sys.path}, and the
 * process exit code the script asked for ({@code sys.exit(3)}, {@code process.exit(3)}),
 * 0 when it ends normally, 1 for an uncaught error (reported on stderr with the script's
 * file and line, as a Python traceback or a JS stack), 2 when the file cannot be run.
 */
public final class ScriptRunner {
    private final ScriptOptions options;

    public ScriptRunner(ScriptOptions options) {
        this.options = options;
    }

    /** The language id for a script file name, or an error naming the expected extensions. */
    public static String languageOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".py")) {
            return TaslPolyglot.PYTHON;
        }
        if (n.endsWith(".js") || n.endsWith(".mjs") || n.endsWith(".cjs")) {
            return TaslPolyglot.JS;
        }
        throw new IllegalArgumentException("script " + file + ": expected a .py or .js file");
    }

    public int run(Path file, List<String> args) {
        PrintStream err = new PrintStream(options.err, true);
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            err.println("error: script " + file + " does not exist or is not a file");
            return 2;
        }
        String language;
        Source source;
        try {
            language = languageOf(abs);
            Source.Builder b = Source.newBuilder(language, abs.toFile());
            if (language.equals(TaslPolyglot.JS) && abs.toString().endsWith(".mjs")) {
                b.mimeType("application/javascript+module");
            }
            source = b.build();
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        options.argv(file.toString(), args);
        try (Context ctx = language.equals(TaslPolyglot.PYTHON)
                ? TaslPolyglot.newPythonContext(options) : TaslPolyglot.newJsContext(options)) {
            try {
                if (language.equals(TaslPolyglot.PYTHON)) {
                    // The script's folder first on sys.path, as CPython does. And an embedded GraalPy
                    // turns SystemExit into an exit status, dropping a message argument: print it as
                    // CPython does (sys.exit("bad input") -> stderr, status 1). __main__ stays clean.
                    ctx.eval(TaslPolyglot.PYTHON, String.join("\n",
                            "def _tasl_setup(folder):",
                            "    import sys",
                            "    sys.path.insert(0, folder)",
                            "    real_exit = sys.exit",
                            "    def exit(code=None):",
                            "        if code is not None and not isinstance(code, int):",
                            "            print(code, file=sys.stderr, flush=True)",
                            "            code = 1",
                            "        real_exit(code)",
                            "    exit.__doc__ = real_exit.__doc__",
                            "    sys.exit = exit",
                            "_tasl_setup"))
                            .execute(abs.getParent().toString());
                    ctx.eval(TaslPolyglot.PYTHON, "del _tasl_setup");
                }
                ctx.eval(source);
                return 0;
            } catch (PolyglotException e) {
                return exitCodeOf(e, ctx, language, err);
            }
        }
    }

    private static int exitCodeOf(PolyglotException e, Context ctx, String language, PrintStream err) {
        if (e.isExit()) {
            return e.getExitStatus();
        }
        if (e.isHostException() && e.asHostException() instanceof ScriptExit x) {
            return x.code();
        }
        if (language.equals(TaslPolyglot.PYTHON) && e.isGuestException() && !e.isSyntaxError()) {
            Integer code = pythonSystemExit(e, err);
            if (code != null) {
                return code;
            }
        }
        if (!(language.equals(TaslPolyglot.PYTHON) && pythonTraceback(e, ctx, err))) {
            report(e, language, err);
        }
        return 1;
    }

    /** Python's own traceback of the exception (exact lines, chained causes); false if unavailable. */
    private static boolean pythonTraceback(PolyglotException e, Context ctx, PrintStream err) {
        Value ex = e.getGuestObject();
        if (e.isSyntaxError() || ex == null || ex.isNull() || ex.isHostObject()) {
            return false;
        }
        try {
            Value format = ctx.eval(TaslPolyglot.PYTHON, "import traceback\n"
                    + "lambda e: ''.join(traceback.format_exception(type(e), e, e.__traceback__))");
            err.print(format.execute(ex).asString());
            err.flush();
            return true;
        } catch (PolyglotException | IllegalStateException | UnsupportedOperationException again) {
            return false;
        }
    }

    /** SystemExit that reached the top: its code (None → 0, int → int, other → print it, 1). */
    private static Integer pythonSystemExit(PolyglotException e, PrintStream err) {
        Value ex = e.getGuestObject();
        if (ex == null || ex.getMetaObject() == null || !"SystemExit".equals(ex.getMetaObject().getMetaSimpleName())) {
            return null;
        }
        Value code = ex.getMember("code");
        if (code == null || code.isNull()) {
            return 0;
        }
        if (code.fitsInInt()) {
            return code.asInt();
        }
        err.println(code.toString());
        return 1;
    }

    /** A Python-style traceback (Python) or message plus stack (JS); script frames only. */
    static void report(PolyglotException e, String language, PrintStream err) {
        List<PolyglotException.StackFrame> frames = new ArrayList<>();
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && f.getSourceLocation() != null && isUserSource(f.getSourceLocation())) {
                frames.add(f);
            }
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e.isHostException() && !message.contains(e.asHostException().getClass().getSimpleName())) {
            message = e.asHostException().getClass().getName() + ": " + message;
        }
        if (language.equals(TaslPolyglot.PYTHON)) {
            if (e.isSyntaxError() && e.getSourceLocation() != null) {
                SourceSection s = e.getSourceLocation();
                err.println("  File \"" + path(s) + "\", line " + s.getStartLine());
                if (s.getSource().hasCharacters() && s.getStartLine() <= s.getSource().getLineCount()) {
                    err.println("    " + s.getSource().getCharacters(s.getStartLine()).toString().strip());
                }
                err.println(message);
                return;
            }
            err.println("Traceback (most recent call last):");
            for (int i = frames.size() - 1; i >= 0; i--) {
                SourceSection s = frames.get(i).getSourceLocation();
                err.println("  File \"" + path(s) + "\", line " + s.getStartLine() + ", in " + frames.get(i).getRootName());
                String line = s.getSource().hasCharacters() && s.getStartLine() <= s.getSource().getLineCount()
                        ? s.getSource().getCharacters(s.getStartLine()).toString().strip() : "";
                if (!line.isEmpty()) {
                    err.println("    " + line);
                }
            }
            err.println(message);
        } else {
            SourceSection top = e.isSyntaxError() && e.getSourceLocation() != null ? e.getSourceLocation()
                    : frames.isEmpty() ? null : frames.get(0).getSourceLocation();
            if (top != null) {
                err.println(path(top) + ":" + top.getStartLine() + ":" + top.getStartColumn());
            }
            err.println(message);
            for (PolyglotException.StackFrame f : frames) {
                SourceSection s = f.getSourceLocation();
                String name = f.getRootName() == null || f.getRootName().isEmpty() ? "<program>" : f.getRootName();
                err.println("    at " + name + " (" + path(s) + ":" + s.getStartLine() + ":" + s.getStartColumn() + ")");
            }
        }
    }

    private static boolean isUserSource(SourceSection s) {
        return !s.getSource().isInternal();
    }

    private static String path(SourceSection s) {
        String p = s.getSource().getPath();
        return p != null ? p : s.getSource().getName();
    }

    /** The current directory, for hosts that want the script's relative paths to resolve there. */
    public static Path cwd() {
        return new File("").getAbsoluteFile().toPath();
    }
}
