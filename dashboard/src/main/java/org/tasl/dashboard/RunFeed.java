package org.tasl.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tasl.event.RunEvent;
import org.tasl.event.RunListener;

/**
 * The event stream of one run as the dashboard serves it: a history to replay to clients that
 * connect late, and a fan-out to the connected ones.
 *
 * <p>The publisher (the training thread, or an events.jsonl tail) only drops the event into an
 * inbox; serialization, history and fan-out happen on this feed's own thread. The history keeps
 * every event except superseded importance snapshots (only the newest per task is kept) and,
 * past {@value #MAX_STEPS} step events, every other older step, so memory stays bounded on long runs.
 */
final class RunFeed implements RunListener, AutoCloseable {
    static final int MAX_STEPS = 4000;
    private static final Logger LOG = LoggerFactory.getLogger(RunFeed.class);
    private static final Object STOP = new Object();

    private final String runId;
    private final BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(1 << 16);
    private final Object lock = new Object();
    private final List<FeedEntry> history = new ArrayList<>();
    private final List<SseSubscriber> subscribers = new ArrayList<>();
    private final Map<Integer, FeedEntry> latestSnapshot = new HashMap<>();
    private final Map<Integer, Map<String, Object>> consolidations = new TreeMap<>();
    private final Map<Integer, List<Double>> rows = new TreeMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread pump;
    private Map<String, Object> started;
    private Map<String, Object> finished;
    private long nextSeq = 1;
    private int steps;
    private volatile boolean closed;

    RunFeed(String runId) {
        this.runId = runId;
        this.pump = new Thread(this::pump, "tasl-dashboard-feed-" + runId);
        pump.setDaemon(true);
        pump.start();
    }

    String runId() {
        return runId;
    }

    /** From the training thread: never blocks; if the feed is 65 536 events behind, drops. */
    @Override
    public void onEvent(RunEvent event) {
        if (closed || !inbox.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** From a file tail: may wait for room, as the tail has nothing better to do. */
    void publishJson(Map<String, Object> json) throws InterruptedException {
        while (!closed && !inbox.offer(json, 100, TimeUnit.MILLISECONDS)) {
            // wait for the pump
        }
    }

    long dropped() {
        return dropped.get();
    }

    /**
     * Adds a client: it gets every kept event after {@code lastEventId} (0 = all), then the live
     * ones, with no gap and no repeat. False when the feed has been closed.
     */
    boolean subscribe(SseSubscriber s, long lastEventId) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            List<FeedEntry> replay = new ArrayList<>();
            for (FeedEntry e : history) {
                if (e.seq() > lastEventId) {
                    replay.add(e);
                }
            }
            s.replay(replay);
            subscribers.add(s);
            return true;
        }
    }

    /** Removes a client; returns how many are left. */
    int unsubscribe(SseSubscriber s) {
        synchronized (lock) {
            subscribers.remove(s);
            return subscribers.size();
        }
    }

    int subscriberCount() {
        synchronized (lock) {
            return subscribers.size();
        }
    }

    /** The newest importance snapshot's units for a task, or null. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> latestImportance(int task) {
        synchronized (lock) {
            FeedEntry e = latestSnapshot.get(task);
            return e == null ? null : (List<Map<String, Object>>) e.json().get("units");
        }
    }

    /** The consolidation decisions of a task, or null. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> consolidation(int task) {
        synchronized (lock) {
            Map<String, Object> c = consolidations.get(task);
            return c == null ? null : (List<Map<String, Object>>) c.get("units");
        }
    }

    /** Rows of the accuracy matrix seen in task_evaluated events, by task index. */
    Map<Integer, List<Double>> rows() {
        synchronized (lock) {
            return new TreeMap<>(rows);
        }
    }

    Map<String, Object> runStarted() {
        synchronized (lock) {
            return started;
        }
    }

    Map<String, Object> runFinished() {
        synchronized (lock) {
            return finished;
        }
    }

    /** Indexes of the tasks this feed has importance for (snapshots or consolidation). */
    List<Integer> tasksWithImportance() {
        synchronized (lock) {
            TreeMap<Integer, Boolean> t = new TreeMap<>();
            latestSnapshot.keySet().forEach(k -> t.put(k, true));
            consolidations.keySet().forEach(k -> t.put(k, true));
            return new ArrayList<>(t.keySet());
        }
    }

    @Override
    public void close() {
        List<SseSubscriber> toClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(subscribers);
        }
        inbox.clear();
        inbox.offer(STOP);
        toClose.forEach(SseSubscriber::close);
    }

    private void pump() {
        try {
            while (true) {
                Object item = inbox.take();
                if (item == STOP) {
                    return;
                }
                Map<String, Object> json;
                try {
                    json = item instanceof RunEvent e ? e.toJson() : asMap(item);
                    accept(json);
                } catch (RuntimeException e) {
                    LOG.warn("dashboard: skipping an event of run {} that cannot be served: {}", runId, e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object item) {
        return (Map<String, Object>) item;
    }

    @SuppressWarnings("unchecked")
    private void accept(Map<String, Object> json) {
        synchronized (lock) {
            FeedEntry e = FeedEntry.of(nextSeq++, json);
            switch (e.type()) {
                case "importance_snapshot" -> {
                    FeedEntry old = latestSnapshot.put(e.task(), e);
                    if (old != null) {
                        history.remove(old);
                    }
                }
                case "consolidation" -> consolidations.put(e.task(), json);
                case "task_evaluated" -> {
                    if (json.get("row") instanceof List<?> row) {
                        rows.put(e.task(), toDoubles(row));
                    }
                }
                case "run_started" -> started = json;
                case "run_finished" -> finished = json;
                case "step" -> {
                    if (++steps > MAX_STEPS) {
                        thinSteps();
                    }
                }
                default -> { }
            }
            history.add(e);
            for (SseSubscriber s : subscribers) {
                s.offer(e);
            }
        }
    }

    /** Drops every other step event from the history (live clients already have them). */
    private void thinSteps() {
        boolean[] drop = {false};
        history.removeIf(h -> "step".equals(h.type()) && (drop[0] = !drop[0]));
        steps = (int) history.stream().filter(h -> "step".equals(h.type())).count() + 1;
    }

    private static List<Double> toDoubles(List<?> row) {
        List<Double> out = new ArrayList<>(row.size());
        for (Object o : row) {
            out.add(o instanceof Number n ? n.doubleValue() : null);
        }
        return out;
    }
}
