package org.tasl.testing;

import ai.djl.ndarray.NDManager;

/** How many native arrays a manager holds, its sub-managers' (all descendants) included. */
public final class ManagedArrays {
    private ManagedArrays() {}

    /**
     * Every open array owned by {@code manager} or any manager below it (DJL's
     * {@code getManagedArrays} walks sub-managers and temporarily attached arrays too).
     */
    public static int count(NDManager manager) {
        return manager.getManagedArrays().size();
    }
}
