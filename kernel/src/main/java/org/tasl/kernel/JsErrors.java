package org.tasl.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * A failed JavaScript cell as Jupyter shows it: the error's name and message, its JavaScript
 * stack (cell and module frames, as {@code at fn (<cell 3>:2:5)}), and the Java exception behind
 * it when there is one: a Java method that threw, or a tasl error's {@code javaCause}.
 */
final class JsErrors {
    private static final Pattern REDECLARED = Pattern.compile("Variable \"([^\"]+)\" has already been declared");

    private JsErrors() {}

    static KernelError of(PolyglotException e) {
        String name = "Error";
        String message = String.valueOf(e.getMessage());
        Value guest = e.getGuestObject();
        Throwable javaCause = null;
        if (e.isHostException()) {
            javaCause = e.asHostException();
            name = javaCause.getClass().getSimpleName();
            message = String.valueOf(javaCause.getMessage());
        } else if (guest != null && guest.hasMembers()) {
            name = string(guest.getMember("name"), name);
            message = string(guest.getMember("message"), message);
            Value cause = guest.getMember("javaCause");
            if (cause != null && cause.isHostObject() && cause.asHostObject() instanceof Throwable t) {
                javaCause = t;
            }
        } else if (message.startsWith("SyntaxError: ")) {
            name = "SyntaxError";
            message = message.substring("SyntaxError: ".length()).split("\n", 2)[0];
        }
        List<String> tb = new ArrayList<>();
        tb.add(name + ": " + message);
        if (e.isSyntaxError() && e.getSourceLocation() != null) {
            SourceSection s = e.getSourceLocation();
            tb.add("    at " + s.getSource().getName() + ":" + s.getStartLine() + ":" + s.getStartColumn());
            Matcher m = REDECLARED.matcher(message);
            if (m.find()) {
                tb.add("A top-level let, const or class name lives as long as the kernel: assign it (" + m.group(1)
                        + " = ...) instead of declaring it again, use var for names a cell re-declares, or restart the kernel.");
            }
        }
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && f.getSourceLocation() != null && !f.getSourceLocation().getSource().isInternal()) {
                SourceSection s = f.getSourceLocation();
                String fn = f.getRootName() == null || f.getRootName().isEmpty() || f.getRootName().equals(":program")
                        ? "" : f.getRootName() + " ";
                String where = s.getSource().getName() + ":" + s.getStartLine() + ":" + s.getStartColumn();
                tb.add("    at " + (fn.isEmpty() ? where : fn + "(" + where + ")"));
            }
        }
        if (javaCause != null) {
            tb.add("");
            tb.addAll(Tracebacks.javaLines(javaCause, "Java cause"));
        }
        return new KernelError(name, message, tb);
    }

    private static String string(Value v, String fallback) {
        return v != null && v.isString() ? v.asString() : fallback;
    }
}
