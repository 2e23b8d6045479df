package org.tasl.kernel;

import java.util.List;

/** A cell that failed: what Jupyter shows (ename, evalue, traceback lines). */
public final class KernelError extends Exception {
    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    public KernelError(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
