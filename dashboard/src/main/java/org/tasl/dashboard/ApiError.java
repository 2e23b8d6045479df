package org.tasl.dashboard;

/** An answer other than 200, with the status and a message the client can show. */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
