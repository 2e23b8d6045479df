package org.tasl.cli;

import org.tasl.run.RunConfig;
import org.tasl.run.RunOption;
import org.tasl.run.RunOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns every run option (org.tasl.run.RunOptions) into a command-line option, so that each
 * constant of the spec is settable as {@code --name value} and listed by {@code --help} with
 * its default, without a second list to keep in sync.
 */
final class RunOptionsCli {
    private RunOptionsCli() {}

    static void addTo(CommandSpec spec) {
        addTo(spec, RunConfig.defaults());
    }

    /**
     * As {@link #addTo(CommandSpec)}, listing the defaults of {@code base} where it sets an option
     * (demo's and localize's own sizes, lr, ...), so --help shows what the command really uses.
     * The data selection (benchmark, order, tasks) stays in the command's description: demo's
     * depends on whether data is installed.
     */
    static void addTo(CommandSpec spec, RunConfig base) {
        addTo(spec, base, null);
    }

    /** As {@link #addTo(CommandSpec, RunConfig)}, with the command's own help for --out (null: run's). */
    static void addTo(CommandSpec spec, RunConfig base, String outHelp) {
        java.util.Set<RunOption<?>> described = java.util.Set.of(RunOptions.BENCHMARK, RunOptions.ORDER, RunOptions.TASKS);
        for (RunOption<?> o : RunOptions.all()) {
            if (spec.findOption(o.cliName()) != null) {
                continue;
            }
            // Options without a fixed default say in their help what decides it (the method, --seed,
            // $TASL_DATA...): a generic suffix would repeat that or be wrong (order, tasks, data_dir).
            Object value = base.isSet(o) && !described.contains(o) ? base.get(o) : o.defaultValue();
            String def = value == null ? "" : " (default: " + (value instanceof java.util.List<?> l
                    ? String.join(",", l.stream().map(String::valueOf).toList()) : value) + ")";
            boolean flag = o.type() == RunOption.Type.BOOLEAN;
            OptionSpec.Builder option = OptionSpec.builder(o.cliName())
                    .type(String.class)
                    .paramLabel(flag ? "BOOL" : o.key().toUpperCase())
                    .arity(flag ? "0..1" : "1")
                    .description(o == RunOptions.OUT && outHelp != null ? outHelp : o.help() + def);
            if (flag) {
                // a bare --flag means true; other options keep picocli's default fallback ("",
                // never used with arity 1): a null fallback crashed --help inside picocli
                option.fallbackValue("true");
            }
            spec.addOption(option.build());
        }
    }

    static RunConfig read(ParseResult pr, RunConfig base) {
        RunConfig cfg = base.copy();
        for (RunOption<?> o : RunOptions.all()) {
            if (pr.hasMatchedOption(o.cliName())) {
                Object v = pr.matchedOptionValue(o.cliName(), (String) null);
                cfg.set(o.key(), v);
            }
        }
        return cfg;
    }
}
