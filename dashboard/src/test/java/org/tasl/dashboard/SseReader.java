package org.tasl.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tasl.util.Json;

/** A test client of the events stream: collects (id, event) pairs on a background thread. */
final class SseReader implements AutoCloseable {
    record Message(long id, Map<String, Object> event) {
        String type() {
            return (String) event.get("type");
        }
    }

    private final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final HttpURLConnection conn;
    private final Thread thread;
    final int status;

    SseReader(String url, Map<String, String> headers) throws IOException {
        conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
        conn.setRequestProperty("Accept", "text/event-stream");
        headers.forEach(conn::setRequestProperty);
        conn.setReadTimeout(0);
        status = conn.getResponseCode();
        thread = new Thread(this::read, "sse-reader");
        thread.setDaemon(true);
        if (status == 200) {
            thread.start();
        }
    }

    SseReader(String url) throws IOException {
        this(url, Map.of());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8))) {
            long id = -1;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("data: ")) {
                    messages.add(new Message(id, Json.parseObject(line.substring(6), "response")));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** The next message, waiting at most 20 s (a test that gets null fails with a message). */
    Message next() throws InterruptedException {
        return messages.poll(20, TimeUnit.SECONDS);
    }

    /** Messages until one of {@code type} arrives (inclusive); fails if it does not within 20 s each. */
    List<Message> until(String type) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        while (true) {
            Message m = next();
            if (m == null) {
                throw new AssertionError("no '" + type + "' event within 20 s; got " + out.size() + " others");
            }
            out.add(m);
            if (type.equals(m.type())) {
                return out;
            }
        }
    }

    @Override
    public void close() {
        conn.disconnect();
        thread.interrupt();
    }
}
