package org.tasl.dashboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tasl.event.EventBus;
import org.tasl.event.RunListener;

/**
 * The live feeds the server knows: runs attached in this process (fed by their event bus) and
 * runs of other processes (fed by following their events.jsonl while someone watches).
 */
final class Feeds implements AutoCloseable {

    /** A run of this process: its folder (may not exist yet) and its feed. */
    record Attached(String id, Path dir, RunFeed feed, EventBus bus) {}

    private record Tailed(RunFeed feed, EventsTail tail) {}

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
                t = new Tailed(feed, new EventsTail(dir.resolve("events.jsonl"), feed).start());
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
}
