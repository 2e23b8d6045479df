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
        for (RunOption<?> o : RunOptions.all()) {
            if (spec.findOption(o.cliName()) != null) {
                continue;
            }
            // Options without a fixed default say in their help what decides it (the method, --seed,
            // $TASL_DATA...): a generic suffix would repeat that or be wrong (order, tasks, data_dir).
            String def = o.defaultValue() == null ? "" : " (default: " + o.defaultValue() + ")";
            boolean flag = o.type() == RunOption.Type.BOOLEAN;
            OptionSpec.Builder option = OptionSpec.builder(o.cliName())
                    .type(String.class)
                    .paramLabel(flag ? "BOOL" : o.key().toUpperCase())
                    .arity(flag ? "0..1" : "1")
                    .description(o.help() + def);
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
