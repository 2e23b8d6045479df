"""Benchmarks and experiments: what to train on, how, and running it.

Two documented hooks let a host (the Jupyter kernel, a GUI) change how every blocking
:meth:`Experiment.run` behaves without replacing it:

* :func:`set_default_progress` chooses what ``run(progress=True)`` shows (by default
  :class:`ProgressPrinter` lines on stdout);
* :func:`add_run_hook` wraps every run in a context manager (entered before training starts,
  exited when it ends or fails), e.g. to make it interruptible.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, ContextManager, Optional, Union

from . import _facade
from .events import Event, EventStream, ProgressPrinter
from .metrics import Metric
from .result import Result

__all__ = ["Benchmark", "Experiment", "ProgressFactory", "RunHook", "set_default_progress", "add_run_hook",
           "remove_run_hook"]

#: Makes the callable that receives every event of one run (called once per run).
ProgressFactory = Callable[[], Callable[[Event], None]]
#: ``hook(experiment)`` returns a context manager wrapped around that experiment's run.
RunHook = Callable[["Experiment"], ContextManager[Any]]

_default_progress: ProgressFactory = ProgressPrinter
_run_hooks: list[RunHook] = []


def set_default_progress(factory: Optional[ProgressFactory]) -> ProgressFactory:
    """Chooses what ``Experiment.run(progress=True)`` shows; returns the previous choice.

    ``factory()`` is called once at the start of each run and returns the callable that gets
    every :class:`tasl.Event`. ``None`` restores :class:`ProgressPrinter` (lines on stdout).
    The Jupyter kernel sets its progress bar updated in place this way.
    """
    global _default_progress
    previous = _default_progress
    _default_progress = ProgressPrinter if factory is None else factory
    return previous


def add_run_hook(hook: RunHook) -> RunHook:
    """Wraps every blocking :meth:`Experiment.run` in ``hook(experiment)``, a context manager.

    It is entered before training starts and exited when the run returns or fails (hooks are
    entered in the order they were added and exited in reverse). Its exit may raise, e.g.
    ``KeyboardInterrupt`` to report that the run was interrupted; the result is stored in
    :attr:`Experiment.result` first. Adding the same hook twice keeps one. Returns ``hook``, so
    it works as a decorator. :meth:`Experiment.events` runs are not wrapped.
    """
    if hook not in _run_hooks:
        _run_hooks.append(hook)
    return hook


def remove_run_hook(hook: RunHook) -> None:
    """Stops wrapping runs in ``hook`` (no error if it was not added)."""
    if hook in _run_hooks:
        _run_hooks.remove(hook)


class Benchmark:
    """A task stream: a named benchmark in a task order, with example budgets per task.

    Made by :func:`tasl.benchmark`; :attr:`tasks` lists the task names in training order.
    """

    def __init__(self, java_benchmark: Any, name: str, order: Optional[int], options: dict[str, Any]) -> None:
        self._java = java_benchmark
        self.name = name
        self.order = order
        self.options = dict(options)
        self._tasks: Optional[list[str]] = None

    @property
    def java(self) -> Any:
        """The underlying Java benchmark."""
        return self._java

    @property
    def tasks(self) -> list[str]:
        """Task names in training order."""
        if self._tasks is None:
            self._tasks = _facade.benchmark_tasks(self._java)
        return list(self._tasks)

    def __len__(self) -> int:
        return len(self.tasks)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.options.items() if v is not None)
        return f"Benchmark({self.name!r}, order={self.order!r}{extra})"


class Experiment:
    """A configured run: a benchmark, a method, a backbone and options. Run it once.

    * :meth:`run` blocks and returns a :class:`tasl.Result`; progress goes to stdout.
    * :meth:`events` starts the run on a Java thread and yields its :class:`tasl.Event`\\ s.
    * As a context manager, leaving the block cancels a run still going.
    """

    def __init__(self, java_experiment: Any, benchmark: Optional[Benchmark], config: dict[str, Any],
                 metric: Optional[Metric] = None) -> None:
        self._java = java_experiment
        self.benchmark = benchmark
        self._config = dict(config)
        self.metric = metric
        self._result: Optional[Result] = None
        self._stream: Optional[EventStream] = None

    @property
    def java(self) -> Any:
        """The underlying Java experiment."""
        return self._java

    @property
    def config(self) -> dict[str, Any]:
        """The options given (snake_case, as the CLI names them)."""
        return dict(self._config)

    @property
    def method(self) -> Optional[str]:
        """The method name, e.g. ``"tasl"``."""
        return self._config.get("method")

    @property
    def backbone(self) -> Optional[str]:
        """The backbone name."""
        return self._config.get("backbone")

    @property
    def out(self) -> Optional[str]:
        """The run directory the engine writes (a string), or ``None``."""
        return _facade.out_dir(self._java)

    @property
    def result(self) -> Optional[Result]:
        """The :class:`tasl.Result` of the last completed run, else ``None``."""
        return self._result

    def run(self, on_event: Optional[Callable[[Event], None]] = None,
            progress: Union[bool, Callable[[Event], None], None] = True) -> Optional[Result]:
        """Trains and evaluates every task, blocking until done; returns a :class:`tasl.Result`.

        Args:
            on_event: called with each :class:`tasl.Event` as it happens (on this thread). If it
                raises, the run is cancelled and the exception propagates.
            progress: show progress (``True``: what :func:`set_default_progress` chose, by default
                lines on stdout), or not (``False``), or any callable taking an event (e.g.
                ``ProgressPrinter(steps=10)``).

        Every hook added with :func:`add_run_hook` is wrapped around the run.
        """
        printer = _default_progress() if progress is True else (progress or None)
        failure: list[BaseException] = []

        def listener(jevent: Any) -> None:
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

        with contextlib.ExitStack() as hooks:
            for hook in list(_run_hooks):
                hooks.enter_context(hook(self))
            jres = _facade.run(self._java, listener)
            if failure:
                raise failure[0]
            self._result = None if jres is None else Result(jres)
        return self._result

    def events(self) -> EventStream:
        """Starts the run on a Java thread and returns an iterator of its events.

        Leaving the loop early cancels the run; afterwards the stream's ``result`` (and this
        experiment's :attr:`result`) hold the :class:`tasl.Result`.
        """
        if self._stream is not None and not self._stream.finished:
            raise RuntimeError("this experiment is already running")
        self._stream = EventStream(self)
        return self._stream

    def cancel(self) -> None:
        """Asks the run to stop at the next step boundary (completed tasks stay on disk)."""
        if self._stream is not None and not self._stream.finished:
            self._stream.close()
        else:
            _facade.cancel(self._java)

    def __enter__(self) -> Experiment:
        return self

    def __exit__(self, *exc: Any) -> bool:
        if self._stream is not None and not self._stream.finished:
            self._stream.close()
        return False

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self._config.items() if k not in ("method", "backbone"))
        bench = self.benchmark.name if self.benchmark is not None else None
        return f"Experiment({bench!r}, method={self.method!r}, backbone={self.backbone!r}{', ' + opts if opts else ''})"
