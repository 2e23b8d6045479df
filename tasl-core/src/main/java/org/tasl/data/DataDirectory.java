package org.tasl.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where benchmarks live: {@code --data-dir}, else {@code $TASL_DATA}, else
 * {@code ~/.tasl/benchmarks}. Layout: {@code <dir>/<benchmark>/<split>/<task>.json[.gz]}.
 */
public final class DataDirectory {
    public static final String ENV = "TASL_DATA";

    private DataDirectory() {}

    public static Path resolve(String explicit) {
        return resolve(explicit, System.getenv(ENV), System.getProperty("user.home"));
    }

    static Path resolve(String explicit, String env, String home) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(home, ".tasl", "benchmarks");
    }

    /** True when the benchmark's train split folder exists and holds a task file. */
    public static boolean isInstalled(Path dataDir, String benchmark) {
        Path train = dataDir.resolve(benchmark).resolve("train");
        if (!Files.isDirectory(train)) {
            return false;
        }
        try (var s = Files.list(train)) {
            return s.anyMatch(p -> BenchmarkLoader.taskNameOf(p) != null);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
