package org.tasl.kernel;

import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.PolyglotException;

/** Error replies for failures outside the Python cell runner (magics, the kernel itself). */
final class Tracebacks {
    private Tracebacks() {}

    /** A guest (JS) error: its guest stack frames, then the Java cause when there is one. */
    static KernelError fromGuest(PolyglotException e, String where) {
        List<String> tb = new ArrayList<>();
        String name = "Error";
        String msg = String.valueOf(e.getMessage());
        int colon = msg.indexOf(": ");
        if (colon > 0 && colon < 40 && !msg.substring(0, colon).contains(" ")) {
            name = msg.substring(0, colon);
            msg = msg.substring(colon + 2);
        }
        if (e.isHostException()) {
            Throwable h = e.asHostException();
            name = h.getClass().getName();
            msg = String.valueOf(h.getMessage());
        }
        tb.add("Traceback (" + where + "):");
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && f.getSourceLocation() != null) {
                tb.add("  at " + f.getRootName() + " (" + f.getSourceLocation().getSource().getName()
                        + ":" + f.getSourceLocation().getStartLine() + ")");
            }
        }
        tb.add(name + ": " + msg);
        if (e.isHostException()) {
            tb.addAll(javaLines(e.asHostException(), "Java cause"));
        }
        return new KernelError(name, msg, tb);
    }

    static KernelError fromJava(Throwable t, String where) {
        List<String> tb = new ArrayList<>();
        tb.add("Error in " + where + ":");
        tb.addAll(javaLines(t, "Java exception"));
        return new KernelError(t.getClass().getSimpleName(), String.valueOf(t.getMessage()), tb);
    }

    static List<String> javaLines(Throwable t, String title) {
        List<String> out = new ArrayList<>();
        out.add(title + ": " + t);
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(12, st.length); i++) {
            out.add("    at " + st[i]);
        }
        if (st.length > 12) {
            out.add("    ... " + (st.length - 12) + " more");
        }
        if (t.getCause() != null && t.getCause() != t) {
            out.add("Caused by: " + t.getCause());
        }
        return out;
    }
}
