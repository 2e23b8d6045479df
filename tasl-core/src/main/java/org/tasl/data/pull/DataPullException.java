package org.tasl.data.pull;

/** A download or conversion that cannot complete; the message says what to do about it. */
public class DataPullException extends RuntimeException {
    public DataPullException(String message) {
        super(message);
    }

    public DataPullException(String message, Throwable cause) {
        super(message, cause);
    }
}
