package org.tasl.dashboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tasl.event.EventBus;
import org.tasl.event.RunListener;
import org.tasl.run.EventTail;

/**
 * The live feeds the server knows: runs attached in this process (fed by their event bus) and
 * runs of other processes (fed by following their events.jsonl while someone watches).
 */
final class Feeds implements AutoCloseable {

    /** A run of this process: its folder (may not exist yet) and its feed. */
    record Attached(String id, Path dir, RunFeed feed, EventBus bus) {}

    private record Tailed(RunFeed feed, Follower tail) {}

    private final Map<String, Attached> attached = new ConcurrentHashMap<>();
    private final Map<String, Tailed> tailed = new HashMap<>();

    RunListener attach(String id, Path dir, EventBus bus) {
        RunIds.require(id);
        RunFeed feed = new RunFeed(id);
        Attached old = attached.put(id, new Attached(id, dir, feed, bus));
        if (old != null) {
            detach(old);
        }
        if (bus != null) {
            bus.add(feed);
        }
        return feed;
    }

    void detach(String id) {
        Attached a = attached.remove(id);
        if (a != null) {
            detach(a);
        }
    }

    private static void detach(Attached a) {
        if (a.bus() != null) {
            a.bus().remove(a.feed());
        }
        a.feed().close();
    }

    Attached attached(String id) {
        return attached.get(id);
    }

    List<Attached> allAttached() {
        return new ArrayList<>(attached.values());
    }

    /** The feed of an attached run, or of a followed one (null when nobody follows it now). */
    RunFeed existing(String id) {
        Attached a = attached.get(id);
        if (a != null) {
            return a.feed();
        }
        synchronized (tailed) {
            Tailed t = tailed.get(id);
            return t == null ? null : t.feed();
        }
    }

    /**
     * Subscribes a client to a run: the attached feed, else a feed following {@code dir}/events.jsonl
     * (started on the first client, stopped after the last leaves).
     */
    boolean subscribe(String id, Path dir, SseSubscriber s, long lastEventId) {
        Attached a = attached.get(id);
        if (a != null) {
            return a.feed().subscribe(s, lastEventId);
        }
        synchronized (tailed) {
            Tailed t = tailed.get(id);
            if (t == null) {
                RunFeed feed = new RunFeed(id);
                t = new Tailed(feed, new Follower(dir.resolve("events.jsonl"), feed).start());
                tailed.put(id, t);
            }
            return t.feed().subscribe(s, lastEventId);
        }
    }

    void unsubscribe(String id, SseSubscriber s) {
        Attached a = attached.get(id);
        if (a != null) {
            a.feed().unsubscribe(s);
            return;
        }
        synchronized (tailed) {
            Tailed t = tailed.get(id);
            if (t != null && t.feed().unsubscribe(s) == 0) {
                tailed.remove(id);
                t.tail().close();
                t.feed().close();
            }
        }
    }

    @Override
    public void close() {
        allAttached().forEach(a -> detach(a.id()));
        synchronized (tailed) {
            tailed.values().forEach(t -> {
                t.tail().close();
                t.feed().close();
            });
            tailed.clear();
        }
    }

    /**
     * Feeds the lines another process appends to a run's events.jsonl into a feed: core's
     * {@link EventTail} polled every {@value #POLL_MILLIS} ms on a daemon thread; a line that is
     * not an event is logged and passed over.
     */
    static final class Follower implements AutoCloseable {
        static final long POLL_MILLIS = 200;
        private static final Logger LOG = LoggerFactory.getLogger(Follower.class);

        private final EventTail tail;
        private final RunFeed feed;
        private final Thread thread;
        private volatile boolean closed;

        Follower(Path file, RunFeed feed) {
            this.tail = new EventTail(file);
            this.feed = feed;
            this.thread = new Thread(this::follow, "tasl-dashboard-tail-" + feed.runId());
            thread.setDaemon(true);
        }

        Follower start() {
            thread.start();
            return this;
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
        }

        private void follow() {
            try {
                while (!closed) {
                    tail.poll(this::publish, bad -> LOG.warn("dashboard: skipping a line that is not an event: {}", bad));
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException | Interrupted e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("dashboard: stopped following a run's events: {}", e.toString());
                }
            }
        }

        private void publish(Map<String, Object> json) {
            try {
                feed.publishJson(json);
            } catch (InterruptedException e) {
                throw new Interrupted();
            }
        }

        /** Carries an interrupt out of the tail's callback. */
        private static final class Interrupted extends RuntimeException {
            Interrupted() {
                super(null, null, false, false);
            }
        }
    }
}
