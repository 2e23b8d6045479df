package org.tasl.data.pull;

/** The server answered 404 for a file: it does not exist there (a split some tasks lack). */
public final class UpstreamNotFoundException extends DataPullException {
    public UpstreamNotFoundException(String message) {
        super(message);
    }
}
