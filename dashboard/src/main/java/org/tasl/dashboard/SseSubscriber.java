package org.tasl.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connected SSE client: a bounded queue filled by the feed (never blocking it) and drained
 * by this client's own writer thread. A client too slow to keep up is disconnected rather than
 * allowed to hold back the run; the browser's EventSource reconnects with Last-Event-ID and
 * gets what it missed from the feed's history. Within what a client has fallen behind on, only the
 * newest importance snapshot of a task is sent (it replaces the older ones on the page anyway).
 */
final class SseSubscriber implements Runnable {
    static final int DEFAULT_CAPACITY = 4096;
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final FeedEntry END = new FeedEntry(-1, "", -1, null, new byte[0]);
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final ArrayBlockingQueue<FeedEntry> queue;
    private final OutputStream out;
    private final Runnable onEnd;
    private volatile List<FeedEntry> replay = List.of();
    private volatile boolean closed;

    SseSubscriber(OutputStream out, int capacity, Runnable onEnd) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onEnd = onEnd;
    }

    /** Called by the feed, under its lock, before the first live entry. */
    void replay(List<FeedEntry> entries) {
        this.replay = entries;
    }

    /** Called on the feed's thread: never blocks. */
    void offer(FeedEntry e) {
        if (closed) {
            return;
        }
        if (!queue.offer(e)) {
            close();
        }
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
        queue.clear();
        queue.offer(END);
    }

    @Override
    public void run() {
        List<FeedEntry> batch = new ArrayList<>();
        try {
            for (FeedEntry e : replay) {
                out.write(e.frame());
            }
            replay = List.of();
            out.flush();
            while (!closed) {
                FeedEntry first = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (first == null) {
                    out.write(KEEP_ALIVE);
                    out.flush();
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch);
                Set<Integer> newer = new HashSet<>();
                for (int i = batch.size() - 1; i >= 0; i--) {
                    FeedEntry e = batch.get(i);
                    // a client that fell behind skips snapshots a newer one of the same task replaces
                    if ("importance_snapshot".equals(e.type()) && !newer.add(e.task())) {
                        batch.set(i, null);
                    }
                }
                for (FeedEntry e : batch) {
                    if (e == END) {
                        return;
                    }
                    if (e != null) {
                        out.write(e.frame());
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            onEnd.run();
        }
    }
}
