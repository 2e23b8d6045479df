package org.tasl.cli;

import picocli.CommandLine;

/**
 * Bad input is the user's to fix: print the message (which names the file, field and value)
 * without a stack trace. Set TASL_DEBUG=1 to see the trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("TASL_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        cl.getErr().println("error: " + msg);
        Throwable c = ex.getCause();
        while (c != null && c != c.getCause()) {
            if (c.getMessage() != null && !msg.contains(c.getMessage())) {
                cl.getErr().println("  caused by: " + c.getMessage());
            }
            c = c.getCause();
        }
        return 2;
    }
}
