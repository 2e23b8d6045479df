package org.tasl.run;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tasl.event.RunEvent;
import org.tasl.event.RunListener;
import org.tasl.util.Json;

/**
 * Appends every event to {@code events.jsonl} as one {@link RunEvent#toJson()} line, flushed
 * per line so that a dashboard tailing the file, or a killed run, sees every event that
 * happened. Opening an existing log (a resumed run) first removes a torn last line left by a
 * kill in the middle of a write, so the file stays one JSON object per line.
 */
public final class EventLog implements RunListener, Closeable {
    private final Path file;
    private BufferedWriter out;

    public EventLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            dropTornLastLine(file);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        if (out == null) {
            throw new IllegalStateException("event log " + file + " is closed");
        }
        try {
            out.write(Json.compact(event.toJson()));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
            } finally {
                out = null;
            }
        }
    }

    /** Truncates the file after its last newline (a line without one was cut by a kill). */
    static void dropTornLastLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            raf.seek(len - 1);
            if (raf.read() == '\n') {
                return;
            }
            long pos = len - 1;
            while (pos > 0) {
                raf.seek(pos - 1);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            raf.setLength(pos);
        }
    }
}
