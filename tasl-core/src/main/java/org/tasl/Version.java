package org.tasl;

/** The toolkit's version, as written into every run's config.json and shown by bindings. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {}
}
