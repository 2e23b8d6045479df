package org.tasl.kernel;

import org.graalvm.polyglot.Value;

/**
 * Moves a value from one guest context to another (Python, JS, JShell). Truffle forbids handing a
 * guest value to a different context; host objects, primitives and strings travel as they are,
 * anything else as its Java view (a Map, List or function bound to its own context).
 */
final class CrossContext {
    private CrossContext() {}

    static Object toHost(Value v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isHostObject()) {
            return v.asHostObject();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            if (v.fitsInInt()) {
                return v.asInt();
            }
            if (v.fitsInLong()) {
                return v.asLong();
            }
            return v.asDouble();
        }
        if (v.isString()) {
            return v.asString();
        }
        return v.as(Object.class);
    }
}
