package org.tasl.weights;

import java.nio.file.Path;

/** Where converted weights live: {@code $TASL_CACHE}, else {@code -Dtasl.cache}, else {@code ~/.cache/tasl}. */
public final class TaslCache {

    private TaslCache() {}

    public static Path root() {
        String env = System.getenv("TASL_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        String prop = System.getProperty("tasl.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "tasl");
    }

    public static Path backbones() {
        return root().resolve("backbones");
    }
}
