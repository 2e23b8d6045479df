package org.tasl.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tasl.localize.Localization;
import org.tasl.localize.LocalizationCurves;
import org.tasl.localize.LocalizationVerdict;
import org.tasl.run.RunConfig;
import org.tasl.run.RunOptions;
import org.tasl.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tasl localize}: the skill-localization test as a command. Trains one task, ranks
 * its skill units by importance, and prints how much of the trained gain survives removing the
 * top, random or bottom units and grafting only the top or random units. Every run option is
 * a flag, as for {@code run}.
 */
@Command(name = "localize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one task, rank its skill units, and measure removal and graft curves (shares of the gain kept).",
            "Example: ./tasl localize --benchmark long-sequence --task agnews --backbone bert-base-uncased"})
public final class LocalizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--task", description = "the task to localize (default: agnews; topic on the built-in stream)")
    String task;

    @Option(names = "--fractions", defaultValue = "0.05,0.1,0.2,0.4",
            description = "shares of the units to remove or keep (default: ${DEFAULT-VALUE})")
    String fractions;

    @Option(names = "--seeds", defaultValue = "3", description = "random draws per fraction (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--json", description = "print only the JSON (task, backbone, zero_shot, trained, fractions, curves, spread)")
    boolean json;

    @Override
    public Integer call() {
        RunConfig cfg = RunOptionsCli.read(spec.commandLine().getParseResult(), Localization.defaults());
        if (!cfg.isSet(RunOptions.BENCHMARK) && !org.tasl.data.DataDirectory.isInstalled(
                org.tasl.data.DataDirectory.resolve(cfg.get(RunOptions.DATA_DIR)), "long-sequence")) {
            cfg.set(RunOptions.BENCHMARK, "builtin"); // a fresh clone without data still localizes something
        }
        if (task != null) {
            cfg.set(RunOptions.TASKS, List.of(task));
        } else if (cfg.get(RunOptions.TASKS) == null) {
            cfg.set(RunOptions.TASKS, List.of(cfg.get(RunOptions.BENCHMARK).equals("builtin") ? "topic" : "agnews"));
        }
        PrintStream progress = json ? System.err : System.out;
        Localization.Outcome o = Localization.run(cfg, org.tasl.localize.LocalizeMain.parseFractions(fractions), seeds,
                new ProgressPrinter(progress), progress::println);
        if (json) {
            System.out.println(Json.pretty(Json.sanitize(o.toJson())));
        } else {
            System.out.print(table(o));
            System.out.println("curves: " + o.runDir().resolve(Localization.FILE));
            System.out.println("see them: ./tasl dashboard --runs " + o.runDir());
        }
        return 0;
    }

    /** The curves as a table, and in words what they say at 20 % (or the fraction nearest to it). */
    static String table(Localization.Outcome o) {
        LocalizationCurves.Result r = o.curves();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%s on %s: zero-shot %.1f, trained %.1f (%d evaluation rows, %d skill units, %.0f s)%n",
                o.task(), o.backbone(), r.zeroShot(), r.trained(), o.evalRows(), r.units(), o.seconds()));
        b.append("share of the gain kept (1 = as trained, 0 = as the untrained backbone):\n");
        b.append(String.format(Locale.ROOT, "%-15s", "units"));
        for (int i = 0; i < r.fractions().size(); i++) {
            b.append(String.format(Locale.ROOT, "%12s", Math.round(100 * r.fractions().get(i)) + "% (" + r.unitsPerFraction()[i] + ")"));
        }
        b.append('\n');
        for (String c : LocalizationCurves.CURVES) {
            b.append(String.format(Locale.ROOT, "%-15s", c));
            double[] v = r.curves().get(c);
            Map<String, double[]> sp = r.spread().get(c);
            for (int i = 0; i < v.length; i++) {
                String cell = String.format(Locale.ROOT, "%.2f", v[i]);
                if (sp != null && Double.isFinite(sp.get("sd")[i])) {
                    cell += String.format(Locale.ROOT, "±%.2f", sp.get("sd")[i]);
                }
                b.append(String.format(Locale.ROOT, "%12s", cell));
            }
            b.append('\n');
        }
        b.append(verdict(r)).append('\n');
        return b.toString();
    }

    static String verdict(LocalizationCurves.Result r) {
        if (!(r.trained() - r.zeroShot() > 0)) {
            return "Training did not raise the score above zero-shot: there is no gain to localize (train longer or pick a task the backbone cannot do zero-shot).";
        }
        LocalizationVerdict v = LocalizationVerdict.of(r.fractions(), r.curves(), r.trained() - r.zeroShot());
        long pct = Math.round(100 * v.fraction());
        boolean removal = v.removalHolds();
        boolean graft = v.graftHolds();
        return String.format(Locale.ROOT,
                "At %d%%: removing the top units costs %.0f%% of the gain, random units %.0f%%; keeping only the top units keeps %.0f%%, random units %.0f%%.%n"
                + "%s",
                pct, 100 * v.removeTopCost(), 100 * v.removeRandomCost(), 100 * v.keepTop(), 100 * v.keepRandom(),
                removal && graft ? "The skill is localized: the important units carry it (top costs at least twice random, and the top graft keeps more)."
                        : "Not localized by this test: " + (removal ? "" : "removing the top units does not cost twice as much as random units; ")
                        + (graft ? "" : "grafting the top units does not keep more than random units; ")
                        + "see the curves above.");
    }
}
