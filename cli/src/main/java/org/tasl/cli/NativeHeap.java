package org.tasl.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * Bytes the C allocator (glibc malloc) has handed out and not yet got back: where libtorch's CPU
 * tensors and the JNI layer's objects live, apart from the Java heap. Read with glibc's
 * {@code mallinfo2()} through JNA (already on the classpath for DJL); NaN where there is no such
 * call (other C libraries, other systems).
 */
final class NativeHeap {
    /** glibc's {@code struct mallinfo2}: ten size_t fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
        "keepcost"})
    public static final class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    private interface C extends Library {
        MallInfo2 mallinfo2();
    }

    private static final C LIBC = load();

    private NativeHeap() {}

    private static C load() {
        try {
            C c = Native.load("c", C.class);
            c.mallinfo2();
            return c;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Bytes malloc holds free in its arenas (freed by the program, not yet given back to the
     * system): resident memory that is neither in use nor leaked; NaN when unknown.
     */
    static double heldFreeBytes() {
        if (LIBC == null) {
            return Double.NaN;
        }
        return (double) LIBC.mallinfo2().fordblks;
    }

    /** Bytes in use from malloc: chunks in the arenas plus blocks mapped on their own; NaN when unknown. */
    static double inUseBytes() {
        if (LIBC == null) {
            return Double.NaN;
        }
        MallInfo2 m = LIBC.mallinfo2();
        return (double) m.uordblks + m.hblkhd;
    }
}
