package org.tasl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of ./tasl: one subcommand class per file, each owning its options. */
@Command(name = "tasl", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "TaSL Studio: continual learning of language models with task skill localization and consolidation.",
        subcommands = {
            DemoCommand.class, RunCommand.class, SweepCommand.class, LocalizeCommand.class, CompareCommand.class, ConsolidateCommand.class,
            DataCommand.class, ModelsCommand.class, FillMaskCommand.class, BenchCommand.class,
            ScriptCommand.class, KernelCommand.class, DashboardCommand.class, NotebooksCommand.class,
            NativeCommand.class, CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this rather than main). */
    public static int execute(String... args) {
        // Scripts and notebook cells reach the dashboard through the bindings, which do not
        // depend on the dashboard module: the CLI (and the kernel it starts) provides it.
        org.tasl.polyglot.TaslPolyglot.setDashboardStarter(org.tasl.dashboard.Dashboard::url);
        return commandLine().execute(args);
    }

    /** The whole command tree as {@link #execute} runs it (tests walk it). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        // Every run option of the core becomes a flag of run, demo and localize, and a fixed option of sweep.
        RunOptionsCli.addTo(cl.getSubcommands().get("run").getCommandSpec());
        RunOptionsCli.addTo(cl.getSubcommands().get("demo").getCommandSpec(),
                org.tasl.run.DemoSettings.defaults(null),
                "the demo's folder: one run per method and report.md (default runs/demo-<timestamp>)");
        RunOptionsCli.addTo(cl.getSubcommands().get("sweep").getCommandSpec());
        RunOptionsCli.addTo(cl.getSubcommands().get("localize").getCommandSpec(),
                org.tasl.localize.Localization.defaults(),
                "run directory of the trained task (default runs/localize-<task>-<timestamp>)");
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tasl " + org.tasl.Version.VERSION};
        }
    }
}
