package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} works on every command: the root, every subcommand and every sub-subcommand
 * (found by walking the command tree, so a new command is covered without touching this test)
 * prints its usage, lists each of its visible options, and exits 0 without running anything.
 */
class HelpTest {

    static Stream<Named<List<String>>> commands() {
        List<List<String>> paths = new ArrayList<>();
        walk(Main.commandLine(), new ArrayList<>(), paths);
        return paths.stream().map(p -> Named.of(p.isEmpty() ? "tasl" : "tasl " + String.join(" ", p), p));
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            // aliases map to the same command object; visit each command once, by its own name
            if (name.equals(sub.getCommandName())) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, out);
            }
        });
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void printsItsUsageAndEveryOption(List<String> path) {
        CommandLine root = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        root.setOut(new PrintWriter(out));
        root.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        int code = root.execute(args.toArray(String[]::new));

        String usage = out.toString();
        assertEquals(0, code, "exit code of " + args + "; stderr: " + err);
        assertEquals("", err.toString(), "stderr of " + args);
        String name = String.join(" ", Stream.concat(Stream.of("tasl"), path.stream()).toList());
        assertTrue(usage.lines().anyMatch(l -> l.equals("Usage: " + name) || l.startsWith("Usage: " + name + " ")),
                "usage of " + args + " names the command:\n" + usage);
        CommandLine command = root;
        for (String p : path) {
            command = command.getSubcommands().get(p);
        }
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (!o.hidden()) {
                assertTrue(usage.contains(o.longestName()), args + " lists " + o.longestName() + ":\n" + usage);
            }
        }
    }

    /** demo and localize list their own defaults (the values they run with), not run's. */
    @org.junit.jupiter.api.Test
    void demoAndLocalizeHelpShowTheirOwnDefaults() {
        String demo = usage("demo");
        String localize = usage("localize");
        String run = usage("run");
        assertTrue(run.replaceAll("\\s+", " ").contains("0 = all) (default: 200)"), run);
        assertTrue(demo.replaceAll("\\s+", " ").contains("0 = all) (default: 128)"), demo);
        assertTrue(demo.replaceAll("\\s+", " ").contains("(default: labels)"), demo);
        assertTrue(localize.replaceAll("\\s+", " ").contains("0 = all) (default: 400)"), localize);
        assertTrue(localize.replaceAll("\\s+", " ").contains("(default: 0.005)"), localize);
        // and name the folder each really writes
        assertTrue(run.replaceAll("\\s+", " ").contains("(default runs/<method>-<timestamp>)"), run);
        assertTrue(demo.replaceAll("\\s+", " ").contains("(default runs/demo-<timestamp>)"), demo);
        assertTrue(localize.replaceAll("\\s+", " ").contains("(default runs/localize-<task>-<timestamp>)"), localize);
    }

    private static String usage(String command) {
        StringWriter out = new StringWriter();
        CommandLine root = Main.commandLine();
        root.setOut(new PrintWriter(out));
        root.execute(command, "--help");
        return out.toString();
    }
}
