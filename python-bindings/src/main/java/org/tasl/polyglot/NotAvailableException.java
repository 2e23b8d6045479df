package org.tasl.polyglot;

/** A feature this host does not provide (Python sees {@code tasl.NotAvailable}). */
public final class NotAvailableException extends RuntimeException {
    public NotAvailableException(String message) {
        super(message);
    }
}
