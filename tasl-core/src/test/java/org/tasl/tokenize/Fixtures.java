package org.tasl.tokenize;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/fixtures ($TASL_FIXTURES first); tests skip when it is absent. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir() {
        String env = System.getenv("TASL_FIXTURES");
        Path p = env != null ? Path.of(env) : null;
        if (p == null || !Files.isDirectory(p)) {
            Path cwd = Path.of("").toAbsolutePath();
            for (Path d = cwd; d != null; d = d.getParent()) {
                Path c = d.resolve("../shared/fixtures").normalize();
                if (Files.isDirectory(c)) {
                    p = c;
                    break;
                }
            }
        }
        assumeTrue(p != null && Files.isDirectory(p), "fixtures not found (set TASL_FIXTURES or provide ../shared/fixtures); skipping");
        return p;
    }

    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        assumeTrue(Files.exists(f), "fixture " + f + " is missing; skipping");
        return f;
    }
}
