package org.tasl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tasl.polyglot.ScriptOptions;
import org.tasl.polyglot.ScriptRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ./tasl script FILE.py|FILE.js [ARGS...]: a research script with tasl and the engine in-process. */
@Command(name = "script", mixinStandardHelpOptions = true, modelTransformer = ScriptCommand.StopAtScript.class,
        description = {
            "Runs a Python (GraalPy) or JavaScript (GraalJS) script in this JVM with the tasl package",
            "importable (Python: import tasl; JS: require('tasl') or the tasl global) and the script API's",
            "Java classes reachable (import java / java.type(...)). Arguments after FILE go to the script",
            "(sys.argv / process.argv); the exit code is the script's (sys.exit(n) / process.exit(n)),",
            "1 for an uncaught error (reported with file and line), 2 when FILE cannot be run."},
        footer = {"", "Java access: the facade org.tasl.api.Tasl and the types it returns, the event contract,",
            "ImportanceMetric, and a few java.lang/java.util value classes. Widen it with",
            "--allow-java CLASS (repeatable) or --allow-java '*' (all public Java)."})
public final class ScriptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the script (.py or .js)")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments for the script")
    List<String> args = new ArrayList<>();

    @Option(names = "--allow-java", paramLabel = "CLASS",
            description = "a further Java class scripts may use (fully qualified name; '*' = all)")
    List<String> allowJava = new ArrayList<>();

    @Override
    public Integer call() {
        ScriptOptions o = ScriptOptions.defaults().allowJava(allowJava.toArray(String[]::new));
        return new ScriptRunner(o).run(file, args);
    }

    /** Everything after FILE belongs to the script, even when it looks like an option. */
    static final class StopAtScript implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }
}
