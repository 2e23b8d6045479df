package org.tasl.dashboard;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a run's events.jsonl (written by another process) into a feed: everything already
 * there, then each line as it is appended. Only complete lines are read, so a line being
 * written is picked up on the next poll.
 */
final class EventsTail implements AutoCloseable {
    static final long POLL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(EventsTail.class);

    private final Path file;
    private final RunFeed feed;
    private final Thread thread;
    private volatile boolean closed;

    EventsTail(Path file, RunFeed feed) {
        this.file = file;
        this.feed = feed;
        this.thread = new Thread(this::follow, "tasl-dashboard-tail-" + feed.runId());
        thread.setDaemon(true);
    }

    EventsTail start() {
        thread.start();
        return this;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void follow() {
        long pos = 0;
        byte[] pending = new byte[0];
        byte[] buf = new byte[1 << 16];
        try {
            while (!closed) {
                long size = Files.isRegularFile(file) ? Files.size(file) : 0;
                if (size < pos) {
                    LOG.warn("dashboard: {} shrank; following it from its new end", file);
                    pos = size;
                    pending = new byte[0];
                }
                if (size == pos) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    raf.seek(pos);
                    int n;
                    while (!closed && pos < size && (n = raf.read(buf, 0, (int) Math.min(buf.length, size - pos))) > 0) {
                        pos += n;
                        pending = emitLines(concat(pending, buf, n));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("dashboard: stopped following {}: {}", file, e.toString());
            }
        }
    }

    /** Publishes each complete line; returns the bytes after the last newline. */
    private byte[] emitLines(byte[] data) throws InterruptedException {
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                String line = new String(data, start, i - start, StandardCharsets.UTF_8).trim();
                start = i + 1;
                if (!line.isEmpty()) {
                    publish(line);
                }
            }
        }
        byte[] rest = new byte[data.length - start];
        System.arraycopy(data, start, rest, 0, rest.length);
        return rest;
    }

    private void publish(String line) throws InterruptedException {
        Map<String, Object> json;
        try {
            json = Json.parseObject(line);
        } catch (IOException e) {
            LOG.warn("dashboard: {}: skipping a line that is not a JSON object: {}", file.getFileName(), e.getMessage());
            return;
        }
        if (!(json.get("type") instanceof String)) {
            LOG.warn("dashboard: {}: skipping a line without a string 'type'", file.getFileName());
            return;
        }
        feed.publishJson(json);
    }

    private static byte[] concat(byte[] a, byte[] b, int n) {
        byte[] out = new byte[a.length + n];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, n);
        return out;
    }
}
