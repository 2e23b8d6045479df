package org.tasl.util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes a file so that a reader sees either the old content or the new one, never half of
 * it: the bytes go to a temp file in the same folder, which is synced to the disk and then
 * renamed over the target, and the folder is synced so the rename survives a power loss too
 * ({@link Fsync}). If writing fails the temp file is removed and the previous file is untouched.
 * Folders are put in place the same way: {@link #syncTree}, then {@link #move}.
 */
public final class AtomicFiles {

    /** Produces the content of a file; may throw, in which case nothing is replaced. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void writeString(Path target, String content) {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Fsync.file(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            Fsync.directory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temp file is hidden (dot name); a leftover one harms nothing
                }
            }
        }
    }

    /**
     * Calls {@code writer} with a fresh temp path (not yet created) in the target's folder, then
     * syncs it and renames it over the target: for writers that open the file themselves (a
     * {@code FileChannel} of safetensors). If the writer throws, the temp file is removed.
     */
    public static void writeVia(Path target, Consumer<Path> writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            writer.accept(tmp);
            Fsync.file(tmp);
            move(tmp, abs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover dot-file does not hide the error being thrown
            }
        }
    }

    /** Renames {@code from} over {@code to} (atomically where the file system can) and syncs the folder. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        Fsync.directory(to.toAbsolutePath().getParent());
    }

    /** Syncs every file and folder of a tree to the disk (before the tree is renamed into place). */
    public static void syncTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p)) {
                    Fsync.directory(p);
                } else if (Files.isRegularFile(p)) {
                    Fsync.file(p);
                }
            }
        }
    }

    /** Deletes a folder tree if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
