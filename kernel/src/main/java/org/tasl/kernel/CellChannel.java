package org.tasl.kernel;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.messages.ContentType;

/**
 * The IOPub side of the cell being executed: streams and displays go to the execute request's
 * environment (so clients file them under that cell). One lock serializes every publish, since
 * the ZeroMQ socket is not thread-safe and output may come from Java threads a cell started.
 */
final class CellChannel {
    private volatile ShellReplyEnvironment env;

    void attach(ShellReplyEnvironment env) {
        this.env = env;
    }

    void detach() {
        this.env = null;
    }

    boolean attached() {
        return env != null;
    }

    /** Publishes to the running cell; false (nothing sent) when no cell runs. */
    <T extends ContentType<T>> boolean publish(T content) {
        ShellReplyEnvironment e = env;
        if (e == null) {
            return false;
        }
        synchronized (this) {
            e.publish(content);
        }
        return true;
    }
}
