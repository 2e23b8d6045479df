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
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tasl.event.RunEvent;
import org.tasl.util.Json;

/**
 * Reads an events.jsonl, also one that another process (a running {@code ./tasl run}) is still
 * appending to: each poll returns the events of the lines completed since the last call. A line
 * still being written (no newline yet) waits for the next poll. A file that became shorter than
 * what was read was replaced (a new run in the same folder): it is read again from the start.
 */
public final class EventTail {
    private final Path file;
    private final Set<String> types;
    private long position;
    private int lineNumber;

    public EventTail(Path file) {
        this(file, null);
    }

    /**
     * A tail that parses only the lines of these event types ({@code "consolidation"}, ...) and
     * passes over the others unparsed: finding the few large events among thousands of steps
     * costs a substring search per line. {@code null} = every type.
     */
    public EventTail(Path file, Set<String> types) {
        this.file = file;
        this.types = types == null ? null : Set.copyOf(types);
    }

    /** Byte offset up to which the file has been read. */
    public long position() {
        return position;
    }

    /** The events of the lines completed since the last call; a line that is not an event is an error naming it. */
    public List<RunEvent> poll() {
        List<RunEvent> out = new ArrayList<>();
        poll(json -> out.add(RunEvent.fromJson(json)), bad -> {
            throw new IllegalArgumentException(bad);
        });
        return out;
    }

    /**
     * Hands each line completed since the last call, as its JSON object ({@code RunEvent.toJson()}
     * keys, nulls kept), to {@code sink}, in file order. A line that is not a JSON object with a
     * string {@code "type"} goes to {@code bad} as a message naming the file and line, and is
     * passed over (unless {@code bad} throws: then the next poll starts at that line again).
     */
    public void poll(Consumer<Map<String, Object>> sink, Consumer<String> bad) {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len < position) {
                position = 0;
                lineNumber = 0;
            }
            raf.seek(position);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long remaining = len - position;
            while (remaining > 0) {
                int n = raf.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    break;
                }
                remaining -= n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        line.write(buf[i]);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8).strip();
                    int size = line.size();
                    line.reset();
                    deliver(text, lineNumber + 1, sink, bad);
                    lineNumber++;
                    position += size + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void deliver(String text, int number, Consumer<Map<String, Object>> sink, Consumer<String> bad) {
        if (text.isEmpty() || (types != null && types.stream().noneMatch(t -> text.contains("\"" + t + "\"")))) {
            return;
        }
        String where = file + ": line " + number;
        Map<String, Object> json;
        try {
            json = Json.parseObject(text, where);
        } catch (IllegalArgumentException e) {
            bad.accept(e.getMessage());
            return;
        }
        if (!(json.get("type") instanceof String type)) {
            bad.accept(where + ": an event needs a string 'type', found " + Json.kind(json.get("type")));
            return;
        }
        if (types == null || types.contains(type)) {
            sink.accept(json);
        }
    }
}
