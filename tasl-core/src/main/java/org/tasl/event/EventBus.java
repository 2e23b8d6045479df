package org.tasl.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans a run's events out to its listeners. A listener that throws is logged and kept out of
 * the way: a broken progress bar or a closed browser tab must never stop training.
 */
public final class EventBus implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    public EventBus add(RunListener l) {
        listeners.add(l);
        return this;
    }

    public void remove(RunListener l) {
        listeners.remove(l);
    }

    @Override
    public void onEvent(RunEvent event) {
        for (RunListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed on {}: {}", l, event.name(), e.toString());
            }
        }
    }
}
