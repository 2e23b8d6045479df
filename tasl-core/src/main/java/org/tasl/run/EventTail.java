package org.tasl.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tasl.event.RunEvent;
import org.tasl.util.Json;

/**
 * Follows an events.jsonl that another process (a running {@code ./tasl run}) is appending to:
 * each {@link #poll()} returns the events of the lines completed since the last call. A line
 * still being written (no newline yet) waits for the next poll.
 */
public final class EventTail {
    private final Path file;
    private long position;
    private int lineNumber;

    public EventTail(Path file) {
        this.file = file;
    }

    /** Byte offset up to which the file has been read. */
    public long position() {
        return position;
    }

    public List<RunEvent> poll() {
        List<RunEvent> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len < position) {
                position = 0; // the file was replaced: start over
                lineNumber = 0;
            }
            raf.seek(position);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long consumed = position;
            byte[] buf = new byte[8192];
            long remaining = len - position;
            while (remaining > 0) {
                int n = raf.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    break;
                }
                remaining -= n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        consumed += line.size() + 1;
                        lineNumber++;
                        String text = line.toString(StandardCharsets.UTF_8).strip();
                        line.reset();
                        if (!text.isEmpty()) {
                            out.add(RunEvent.fromJson(Json.parseObject(text, file + ": line " + lineNumber)));
                        }
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
            position = consumed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
