"""Run events as Python objects, the live event iterator, and the default progress printer.

An :class:`Event` is one line of ``events.jsonl``: ``event.type`` is the wire name
(``"step"``, ``"task_evaluated"``, ...) and every other key is an attribute and an item
(``event.loss`` == ``event["loss"]``). Keys per type are listed in docs/ARCHITECTURE.md.
"""

import sys
import time

import polyglot

from . import _java

__all__ = ["Event", "EventStream", "ProgressPrinter", "EVENT_TYPES"]

EVENT_TYPES = ("run_started", "task_started", "step", "importance_snapshot", "task_trained",
               "consolidation", "task_evaluated", "task_completed", "log", "run_finished")


class Event:
    """One thing that happened in a run (a read-only view of its JSON map)."""

    __slots__ = ("_data",)

    def __init__(self, data):
        object.__setattr__(self, "_data", dict(data))

    @property
    def type(self):
        """The event type, e.g. ``"step"``."""
        return self._data.get("type")

    @property
    def run(self):
        """The run id."""
        return self._data.get("run")

    @property
    def time(self):
        """Epoch milliseconds when it happened."""
        return self._data.get("time")

    @property
    def data(self):
        """All keys, as a new dict (the events.jsonl line)."""
        return dict(self._data)

    def get(self, key, default=None):
        """``event[key]`` or ``default``."""
        return self._data.get(key, default)

    def keys(self):
        return self._data.keys()

    def __getitem__(self, key):
        return self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __getattr__(self, name):
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError("%s event has no %r (keys: %s)"
                                 % (self._data.get("type"), name, ", ".join(self._data))) from None

    def __setattr__(self, name, value):
        raise AttributeError("events are read-only")

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(self._data))

    def __eq__(self, other):
        return isinstance(other, Event) and other._data == self._data

    def __hash__(self):
        return hash((self.type, self.run, self.time))

    def __repr__(self):
        shown = []
        for k, v in self._data.items():
            if k in ("type", "run", "time", "config"):
                continue
            if isinstance(v, list) and len(v) > 6:
                v = "[%d items]" % len(v)
            elif isinstance(v, float):
                v = round(v, 5)
            shown.append("%s=%s" % (k, v if isinstance(v, str) and v.startswith("[") else repr(v)))
        return "Event(%s%s)" % (self.type, ", " + ", ".join(shown) if shown else "")


def _release_gil():
    """A context manager under which Java calls do not hold the GIL, when GraalPy supports it."""
    fn = getattr(polyglot, "gil_locked_during_interop", None)
    if fn is None:
        import contextlib
        return contextlib.nullcontext()
    return fn(False)


class EventStream:
    """Iterates over a run's events while it trains on a Java thread.

    Created by :meth:`tasl.Experiment.events`. Training runs on its own Java thread; the
    engine's listener only queues each event, so a slow loop body delays nothing but itself.
    Leaving the loop early (``break``, an exception) or :meth:`close` cancels the run at the
    next step boundary. It is a context manager::

        with exp.events() as stream:
            for ev in stream:
                if ev.type == "step" and ev.loss > 10:
                    break          # the run is cancelled
        print(stream.result)       # None when cancelled
    """

    POLL_MS = 100

    def __init__(self, experiment):
        self._experiment = experiment
        self._handle = _java.call("starting the run", _java.bridge.startRun, experiment._java, False)
        self._done = False
        self._result = None
        self._error = None

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        while True:
            with _release_gil():
                text = self._handle.poll(self.POLL_MS)
            if text is not None:
                return Event(_java.from_json(text))
            if self._handle.finished():
                self._finish()
                raise StopIteration

    def _finish(self):
        self._done = True
        from .result import Result
        try:
            jres = _java.call("run failed", self._handle.result)
        except BaseException as e:  # noqa: BLE001 - kept for .result, re-raised here
            self._error = e
            raise
        self._result = None if jres is None else Result(jres)
        self._experiment._result = self._result

    @property
    def result(self):
        """The :class:`tasl.Result` once the run finished (``None`` before, or if cancelled)."""
        return self._result

    @property
    def finished(self):
        """True once every event was delivered and the run ended."""
        return self._done

    def close(self, timeout=60.0):
        """Cancels the run if it is still going and waits (up to ``timeout`` s) for it to stop."""
        if self._done:
            return
        _java.call("cancelling the run", self._handle.cancel)
        deadline = time.monotonic() + timeout
        with _release_gil():
            while not self._handle.join(200) and time.monotonic() < deadline:
                pass
        self._done = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close(timeout=5.0)
        except BaseException:  # noqa: BLE001 - never raise from a finalizer
            pass

    def __repr__(self):
        return "<EventStream %s>" % ("finished" if self._done else "running")


class ProgressPrinter:
    """Prints a run's progress: one line per task start, a few per task's steps, scores, summary.

    ``ProgressPrinter(file=sys.stdout, steps=5)`` prints about ``steps`` loss lines per task.
    """

    def __init__(self, file=None, steps=5):
        self.file = file
        self.steps = max(1, int(steps))
        self._tasks = []

    def _print(self, text):
        print(text, file=self.file or sys.stdout, flush=True)

    def __call__(self, ev):
        t = ev.type
        if t == "run_started":
            self._tasks = list(ev.get("tasks") or [])
            self._print("run %s: %s on %s, %d tasks (%s)%s" % (
                ev.run, ev.get("method"), ev.get("backbone"), len(self._tasks), ", ".join(self._tasks),
                " -> " + str(ev.get("out")) if ev.get("out") else ""))
        elif t == "task_started":
            self._print("task %d/%d %s: %s examples, %s steps" % (
                ev.task + 1, max(len(self._tasks), ev.task + 1), ev.get("task_name"),
                ev.get("train_size"), ev.get("steps")))
        elif t == "step":
            steps = ev.get("steps") or 0
            every = max(1, steps // self.steps) if steps else 50
            if ev.step % every == 0 or ev.step == steps:
                self._print("  step %d/%s  loss %.4f" % (ev.step, steps, ev.get("loss", float("nan"))))
        elif t == "task_evaluated":
            names = ev.get("tasks") or self._tasks
            row = ev.get("row") or []
            cells = ["%s %.3f" % (n, s) for n, s in zip(names, row) if s == s]
            self._print("  after %s: %s" % (ev.get("task_name"), " | ".join(cells)))
        elif t == "log" and str(ev.get("level", "")).lower() in ("warn", "warning", "error"):
            self._print("  [%s] %s" % (ev.get("level"), ev.get("message")))
        elif t == "run_finished":
            if ev.get("status") == "completed":
                self._print("done: AP %.4f  BWT %.4f  FWT %.4f  (%.1f s)" % (
                    ev.get("ap", float("nan")), ev.get("bwt", float("nan")),
                    ev.get("fwt", float("nan")), ev.get("seconds", float("nan"))))
            else:
                self._print("run %s%s" % (ev.get("status"), ": " + str(ev.get("error")) if ev.get("error") else ""))
