package org.tasl.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces written bytes and renames to the disk. A rename is atomic, but after a power loss the
 * new name can point to a file whose bytes never reached the disk (an empty or short file), or
 * the rename itself can be lost: an atomic write therefore syncs the temp file before the rename
 * and the folder after it.
 */
public final class Fsync {
    private Fsync() {}

    /** Flushes {@code file}'s content and metadata to the disk. */
    public static void file(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Flushes {@code dir}'s entries (a rename into it) to the disk. Opening a folder for syncing
     * works on Linux and macOS; where the platform refuses it (Windows) there is nothing to
     * sync this way and the rename's durability is the file system's.
     */
    public static void directory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (ch) {
            ch.force(true);
        }
    }
}
