"""Benchmarks and experiments: what to train on, how, and running it."""

import os

from . import _facade, _java
from .events import Event, EventStream, ProgressPrinter
from .metrics import Metric
from .result import Result

__all__ = ["Benchmark", "Experiment"]


class Benchmark:
    """A task stream: a named benchmark in a task order, with example budgets per task.

    Made by :func:`tasl.benchmark`; :attr:`tasks` lists the task names in training order.
    """

    def __init__(self, java_benchmark, name, order, options):
        self._java = java_benchmark
        self.name = name
        self.order = order
        self.options = dict(options)
        self._tasks = None

    @property
    def java(self):
        """The underlying Java benchmark."""
        return self._java

    @property
    def tasks(self):
        """Task names in training order."""
        if self._tasks is None:
            self._tasks = _facade.benchmark_tasks(self._java)
        return list(self._tasks)

    def __len__(self):
        return len(self.tasks)

    def __repr__(self):
        extra = "".join(", %s=%r" % kv for kv in self.options.items() if kv[1] is not None)
        return "Benchmark(%r, order=%r%s)" % (self.name, self.order, extra)


class Experiment:
    """A configured run: a benchmark, a method, a backbone and options. Run it once.

    * :meth:`run` blocks and returns a :class:`tasl.Result`; progress goes to stdout.
    * :meth:`events` starts the run on a Java thread and yields its :class:`tasl.Event`\\ s.
    * As a context manager, leaving the block cancels a run still going.
    """

    def __init__(self, java_experiment, benchmark, config, metric=None):
        self._java = java_experiment
        self.benchmark = benchmark
        self._config = dict(config)
        self.metric = metric
        self._result = None
        self._stream = None

    @property
    def java(self):
        """The underlying Java experiment."""
        return self._java

    @property
    def config(self):
        """The options given (snake_case, as the CLI names them)."""
        return dict(self._config)

    @property
    def method(self):
        return self._config.get("method")

    @property
    def backbone(self):
        return self._config.get("backbone")

    @property
    def out(self):
        """The run directory the engine writes (a string), or ``None``."""
        return _facade.out_dir(self._java)

    @property
    def result(self):
        """The :class:`tasl.Result` of the last completed run, else ``None``."""
        return self._result

    def run(self, on_event=None, progress=True):
        """Trains and evaluates every task, blocking until done; returns a :class:`tasl.Result`.

        Args:
            on_event: called with each :class:`tasl.Event` as it happens (on this thread). If it
                raises, the run is cancelled and the exception propagates.
            progress: print progress to stdout (``True``), or not (``False``), or any callable
                taking an event (e.g. ``ProgressPrinter(steps=10)``).
        """
        printer = ProgressPrinter() if progress is True else (progress or None)
        failure = []

        def listener(jevent):
            if failure:
                return
            try:
                ev = Event(_facade.event_to_dict(jevent))
                if printer is not None:
                    printer(ev)
                if on_event is not None:
                    on_event(ev)
            except BaseException as e:  # noqa: BLE001 - re-raised after the run stops
                failure.append(e)
                try:
                    _facade.cancel(self._java)
                except BaseException:  # noqa: BLE001
                    pass

        jres = _facade.run(self._java, listener)
        if failure:
            raise failure[0]
        self._result = None if jres is None else Result(jres)
        return self._result

    def events(self):
        """Starts the run on a Java thread and returns an iterator of its events.

        Leaving the loop early cancels the run; afterwards the stream's ``result`` (and this
        experiment's :attr:`result`) hold the :class:`tasl.Result`.
        """
        if self._stream is not None and not self._stream.finished:
            raise RuntimeError("this experiment is already running")
        self._stream = EventStream(self)
        return self._stream

    def cancel(self):
        """Asks the run to stop at the next step boundary (completed tasks stay on disk)."""
        if self._stream is not None and not self._stream.finished:
            self._stream.close()
        else:
            _facade.cancel(self._java)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._stream is not None and not self._stream.finished:
            self._stream.close()
        return False

    def __repr__(self):
        opts = ", ".join("%s=%r" % kv for kv in self._config.items() if kv[0] not in ("method", "backbone"))
        return "Experiment(%r, method=%r, backbone=%r%s)" % (
            self.benchmark.name if self.benchmark is not None else None, self.method, self.backbone,
            ", " + opts if opts else "")
