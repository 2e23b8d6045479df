package org.tasl.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tasl.util.Json;

/** b_i of TASL_SPEC §8 — the starting backbone's score on every task — in baseline.json of a run. */
public final class BaselineScores {
    public static final String FILE = "baseline.json";

    private BaselineScores() {}

    public static void write(RunDirectory dir, double[] scores) {
        Json.writeAtomically(dir.dir().resolve(FILE), Json.sanitize(scores));
    }

    /** The saved scores, or null when the run has not computed them yet. */
    public static double[] read(RunDirectory dir) {
        Path f = dir.dir().resolve(FILE);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return Json.doubles(Json.parse(Files.readString(f), f.toString()), f.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
