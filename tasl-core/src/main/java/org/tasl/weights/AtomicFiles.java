package org.tasl.weights;

import java.io.IOException;
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
import org.tasl.util.Fsync;

/**
 * Files and folders that appear whole or not at all: write beside the target, sync it to the
 * disk, rename, then sync the folder, so that neither a crash nor a power loss leaves an empty
 * or partial file under the final name ({@link Fsync}).
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Calls {@code writer} with a fresh temp path in the target's folder, then renames it over the target. */
    public static void write(Path target, Consumer<Path> writer) {
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

    public static void writeString(Path target, String text) {
        write(target, tmp -> {
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, tmp -> {
            try {
                Files.write(tmp, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Renames {@code from} over {@code to} (atomically where the file system can) and syncs the folder. */
    static void move(Path from, Path to) throws IOException {
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
