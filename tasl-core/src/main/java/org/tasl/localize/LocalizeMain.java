package org.tasl.localize;

import java.util.ArrayList;
import java.util.List;
import org.tasl.run.RunConfig;
import org.tasl.run.RunMain;
import org.tasl.run.RunOptions;
import org.tasl.util.Json;

/**
 * {@code ./tasl localize} from {@code key=value} arguments, without the CLI's dependencies: the
 * main class the GPU bundle's {@code run.sh} starts. Keys are the run options (as for
 * {@link RunMain}) plus {@code task=NAME}, {@code fractions=0.05,0.1,0.2,0.4} and
 * {@code seeds=3}. Progress goes to stderr; stdout gets one line, the localize JSON.
 *
 * <pre>run.sh org.tasl.localize.LocalizeMain benchmark=long-sequence task=agnews backbone=DIR device=gpu out=runs/loc</pre>
 */
public final class LocalizeMain {
    private LocalizeMain() {}

    public static void main(String[] args) {
        RunConfig config = Localization.defaults();
        List<Double> fractions = Localization.DEFAULT_FRACTIONS;
        int seeds = Localization.DEFAULT_SEEDS;
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            String key = eq > 0 ? a.substring(0, eq) : "";
            String value = eq > 0 ? a.substring(eq + 1) : "";
            switch (key) {
                case "task" -> config.set(RunOptions.TASKS, List.of(value));
                case "fractions" -> fractions = parseFractions(value);
                case "seeds" -> seeds = parseSeeds(value);
                default -> rest.add(a);
            }
        }
        RunMain.parseArgs(rest.toArray(String[]::new), config);
        Localization.Outcome o = Localization.run(config, fractions, seeds, null, System.err::println);
        System.err.printf("localize: %d evaluation rows, %.0f s, curves in %s%n", o.evalRows(), o.seconds(),
                o.runDir().resolve(Localization.FILE));
        System.out.println(Json.compact(Json.sanitize(o.toJson())));
    }

    /** "0.05,0.1" → [0.05, 0.1], naming the value that is not a number. */
    public static List<Double> parseFractions(String text) {
        List<Double> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                out.add(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fractions: '" + s.trim() + "' is not a number (expected e.g. 0.05,0.1,0.2,0.4)");
            }
        }
        return out;
    }

    static int parseSeeds(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seeds: expected a whole number of random draws, got '" + text + "'");
        }
    }
}
