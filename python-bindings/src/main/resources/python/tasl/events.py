"""Run events as Python objects, the live event iterator, and the default progress printer.

An :class:`Event` is one line of ``events.jsonl``: ``event.type`` is the wire name
(``"step"``, ``"task_evaluated"``, ...) and every other key is an attribute and an item
(``event.loss`` == ``event["loss"]``). Keys per type are listed in docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, ContextManager, Iterator, KeysView, Mapping, Optional, TextIO

import polyglot

from . import _java

if TYPE_CHECKING:
    from .experiment import Experiment
    from .result import Result

__all__ = ["Event", "EventStream", "ProgressPrinter", "EVENT_TYPES"]

EVENT_TYPES = ("run_started", "task_started", "step", "importance_snapshot", "task_trained",
               "consolidation", "task_evaluated", "task_completed", "log", "run_finished")


class Event:
    """One thing that happened in a run (a read-only view of its JSON map)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(data))

    @property
    def type(self) -> Optional[str]:
        """The event type, e.g. ``"step"``."""
        return self._data.get("type")

    @property
    def run(self) -> Optional[str]:
        """The run id."""
        return self._data.get("run")

    @property
    def time(self) -> Optional[int]:
        """Epoch milliseconds when it happened."""
        return self._data.get("time")

    @property
    def data(self) -> dict[str, Any]:
        """All keys, as a new dict (the events.jsonl line)."""
        return dict(self._data)

    def get(self, key: str, default: Any = None) -> Any:
        """``event[key]`` or ``default``."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[str]:
        return self._data.keys()

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(f"{self._data.get('type')} event has no {name!r} "
                                 f"(keys: {', '.join(self._data)})") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("events are read-only")

    def __dir__(self) -> list[str]:
        return sorted(set(object.__dir__(self)) | set(self._data))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Event) and other._data == self._data

    def __hash__(self) -> int:
        return hash((self.type, self.run, self.time))

    def __repr__(self) -> str:
        shown = []
        for k, v in self._data.items():
            if k in ("type", "run", "time", "config"):
                continue
            if isinstance(v, list) and len(v) > 6:
                v = f"[{len(v)} items]"
            elif isinstance(v, float):
                v = round(v, 5)
            shown.append(f"{k}={v if isinstance(v, str) and v.startswith('[') else repr(v)}")
        return f"Event({self.type}{', ' + ', '.join(shown) if shown else ''})"


def _release_gil() -> ContextManager[Any]:
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

    def __init__(self, experiment: Experiment) -> None:
        self._experiment = experiment
        self._handle = _java.call("starting the run", _java.bridge.startRun, experiment._java, False)
        self._done = False
        self._result: Optional[Result] = None
        self._error: Optional[BaseException] = None

    def __iter__(self) -> Iterator[Event]:
        return self

    def __next__(self) -> Event:
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

    def _finish(self) -> None:
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
    def result(self) -> Optional[Result]:
        """The :class:`tasl.Result` once the run finished (``None`` before, or if cancelled)."""
        return self._result

    @property
    def finished(self) -> bool:
        """True once every event was delivered and the run ended."""
        return self._done

    def close(self, timeout: float = 60.0) -> None:
        """Cancels the run if it is still going and waits (up to ``timeout`` s) for it to stop."""
        if self._done:
            return
        _java.call("cancelling the run", self._handle.cancel)
        deadline = time.monotonic() + timeout
        with _release_gil():
            while not self._handle.join(200) and time.monotonic() < deadline:
                pass
        self._done = True

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: Any) -> bool:
        self.close()
        return False

    def __del__(self) -> None:
        try:
            self.close(timeout=5.0)
        except BaseException:  # noqa: BLE001 - never raise from a finalizer
            pass

    def __repr__(self) -> str:
        return f"<EventStream {'finished' if self._done else 'running'}>"


class ProgressPrinter:
    """Prints a run's progress: one line per task start, a few per task's steps, scores, summary.

    ``ProgressPrinter(file=sys.stdout, steps=5)`` prints about ``steps`` loss lines per task.
    """

    def __init__(self, file: Optional[TextIO] = None, steps: int = 5) -> None:
        self.file = file
        self.steps = max(1, int(steps))
        self._tasks: list[str] = []

    def _print(self, text: str) -> None:
        print(text, file=self.file or sys.stdout, flush=True)

    def __call__(self, ev: Event) -> None:
        t = ev.type
        if t == "run_started":
            self._tasks = list(ev.get("tasks") or [])
            out = f" -> {ev.get('out')}" if ev.get("out") else ""
            self._print(f"run {ev.run}: {ev.get('method')} on {ev.get('backbone')}, {len(self._tasks)} tasks "
                        f"({', '.join(self._tasks)}){out}")
        elif t == "task_started":
            self._print(f"task {int(ev.task + 1)}/{int(max(len(self._tasks), ev.task + 1))} {ev.get('task_name')}: "
                        f"{ev.get('train_size')} examples, {ev.get('steps')} steps")
        elif t == "step":
            steps = ev.get("steps") or 0
            every = max(1, steps // self.steps) if steps else 50
            if ev.step % every == 0 or ev.step == steps:
                self._print(f"  step {int(ev.step)}/{steps}  loss {ev.get('loss', float('nan')):.4f}")
        elif t == "task_evaluated":
            names = ev.get("tasks") or self._tasks
            row = ev.get("row") or []
            cells = [f"{n} {s:.3f}" for n, s in zip(names, row) if s == s]
            self._print(f"  after {ev.get('task_name')}: {' | '.join(cells)}")
        elif t == "log" and str(ev.get("level", "")).lower() in ("warn", "warning", "error"):
            self._print(f"  [{ev.get('level')}] {ev.get('message')}")
        elif t == "run_finished":
            if ev.get("status") == "completed":
                nan = float("nan")
                self._print(f"done: AP {ev.get('ap', nan):.4f}  BWT {ev.get('bwt', nan):.4f}  "
                            f"FWT {ev.get('fwt', nan):.4f}  ({ev.get('seconds', nan):.1f} s)")
            else:
                error = f": {ev.get('error')}" if ev.get("error") else ""
                self._print(f"run {ev.get('status')}{error}")
