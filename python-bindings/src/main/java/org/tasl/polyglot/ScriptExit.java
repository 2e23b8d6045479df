package org.tasl.polyglot;

/** Thrown through a JS script by {@code process.exit(code)}; carries the exit code to the runner. */
public final class ScriptExit extends RuntimeException {
    private final int code;

    public ScriptExit(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
