package org.tasl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The door through which training reads numbers from the device. On a GPU every read is a
 * pipeline stall (the host waits for all queued work), so a training step reads once
 * ({@link StepReadout}); counting the reads here lets a test and the soak benchmark check that.
 */
public final class HostTransfers {
    private static final AtomicLong COUNT = new AtomicLong();

    private HostTransfers() {}

    /** All values of {@code a} as doubles, in one device→host copy. */
    public static double[] toDoubles(NDArray a) {
        COUNT.incrementAndGet();
        NDArray d = a.getDataType() == DataType.FLOAT64 ? a : a.toType(DataType.FLOAT64, false);
        try {
            return d.toDoubleArray();
        } finally {
            if (d != a) {
                d.close();
            }
        }
    }

    /** Reads counted since the JVM started (all threads). */
    public static long count() {
        return COUNT.get();
    }
}
