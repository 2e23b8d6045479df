package org.tasl.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/** Calls into a session's guest-side helper module (tasl_kernel.py, the JS kernel script). */
final class GuestFunctions {
    private GuestFunctions() {}

    /**
     * {@code functions.fn(args...)}, whose result is a JSON object text. An interrupt passes
     * through (the cell ends with KeyboardInterrupt); any other guest error becomes an
     * IllegalStateException prefixed by {@code who} (which helper failed).
     */
    static JsonObject callForJson(Value functions, String who, String fn, Object... args) {
        String json;
        try {
            json = functions.getMember(fn).execute(args).asString();
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled()) {
                throw e;
            }
            throw new IllegalStateException(who + fn + " failed: " + e.getMessage(), e);
        }
        return new JsonParser().parse(json).getAsJsonObject();
    }
}
