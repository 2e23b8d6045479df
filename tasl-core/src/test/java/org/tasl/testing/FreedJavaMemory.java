package org.tasl.testing;

/**
 * Makes the JVM free the direct buffers nobody references any more. DJL's PyTorch engine builds
 * an array from Java data with {@code torch::from_blob} over a direct ByteBuffer (the array
 * keeps the buffer alive; its views and aliases do not), so a native tensor that still points
 * into such a buffer after its owner was closed reads freed memory once this has run: the
 * allocator writes its free-list links into the first bytes of a freed block at once.
 */
public final class FreedJavaMemory {
    private FreedJavaMemory() {}

    /** Several full collections, each followed by time for the cleaner thread to free what they found. */
    public static void release() {
        for (int i = 0; i < 8; i++) {
            System.gc();
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
