"""tasl: continual learning of language models with TaSL, driven from Python.

The engine is Java (tasl-core on DJL) in the same JVM; this package is its Python face
(GraalPy, standard library only). A tiny experiment::

    import tasl
    bench = tasl.benchmark("long-sequence", order=4, train_per_task=32, eval_per_task=16)
    exp = tasl.experiment(bench, method="tasl", backbone="all-minilm-l6-v2", epochs=1)
    res = exp.run()                      # progress on stdout
    print(res.matrix_table())
    print(res.importance(task=0).sort_by("score", reverse=True).head(5))

Main entry points: :func:`backbones`, :func:`benchmark`, :func:`experiment`,
:func:`load_run`, :func:`compare`, :func:`metric`, :func:`dashboard`. Errors are
:class:`TaslError` subclasses with the Java exception as ``__cause__``. Hosts change how runs
show progress or are wrapped with :func:`set_default_progress` and :func:`add_run_hook`.
The package is typed (PEP 561, ``py.typed``).
"""

from __future__ import annotations

import os as _os
from typing import Any, Iterable, Optional, Sequence, Union

from . import _facade, _java
from .display import Png, Table
from .errors import NotAvailable, RunCancelled, RunError, TaslError, TaslIOError, TaslValueError
from .events import EVENT_TYPES, Event, EventStream, ProgressPrinter
from .experiment import (Benchmark, Experiment, ProgressFactory, RunHook, add_run_hook, remove_run_hook,
                         set_default_progress)
from .metrics import Metric, MetricFn, Tensor, metric
from .result import Result

_PathLike = Union[str, "_os.PathLike[str]"]

__version__ = str(_java.bridge.version())

__all__ = [
    "__version__", "backbones", "benchmark", "experiment", "localize", "demo_settings", "load_run", "compare", "forgetting_summary", "dashboard",
    "metric", "runtime", "Benchmark", "Experiment", "Result", "Event", "EventStream",
    "ProgressPrinter", "Metric", "Tensor", "Table", "Png", "EVENT_TYPES",
    "TaslError", "TaslValueError", "TaslIOError", "RunError", "RunCancelled", "NotAvailable",
    "set_default_progress", "add_run_hook", "remove_run_hook",
]


def backbones() -> Table:
    """The backbone catalog as a :class:`Table`: name, parameters, hidden, layers, cached, source.

    ``cached`` tells whether the converted weights are already on this machine.
    """
    return Table(_facade.backbones(), ["name", "parameters", "hidden", "layers", "cached", "source"])


def benchmark(name: str = "long-sequence", order: Optional[int] = None, *,
              tasks: Union[str, Sequence[str], None] = None, data_dir: Optional[_PathLike] = None,
              train_per_task: int = 200, eval_per_task: int = 100, seed: int = 1) -> Benchmark:
    """A task stream to train on.

    Args:
        name: benchmark name (``"long-sequence"``, ``"superni"``, ... as ``./tasl data list`` shows).
        order: the paper's task order number (``None`` = the benchmark's default order).
        tasks: explicit task names in order, instead of ``order``.
        data_dir: folder with the benchmark files (``None`` = ``$TASL_DATA`` or the built-in stream).
        train_per_task: training examples per task.
        eval_per_task: evaluation examples per task.
        seed: sampling seed.
    """
    if tasks is not None and isinstance(tasks, str):
        tasks = [t.strip() for t in tasks.split(",") if t.strip()]
    jb = _facade.benchmark(name, order, tasks, data_dir, train_per_task, eval_per_task, seed)
    return Benchmark(jb, name, order, {"tasks": tasks, "data_dir": data_dir, "train_per_task": train_per_task,
                                       "eval_per_task": eval_per_task, "seed": seed})


def experiment(bench: Union[Benchmark, str] = "long-sequence", method: str = "tasl",
               backbone: str = "all-minilm-l6-v2", *, epochs: int = 1, seed: int = 1,
               out: Optional[_PathLike] = None, device: Optional[str] = None,
               importance_metric: Union[Metric, MetricFn, None] = None, **method_options: Any) -> Experiment:
    """A configured, not yet started, run. Call :meth:`Experiment.run` or :meth:`Experiment.events`.

    Args:
        bench: a :class:`Benchmark`, or a benchmark name (then default budgets).
        method: ``tasl``, ``taslora``, ``tasl-replay``, ``seqft``, ``seqlora``, ``inclora``,
            ``olora``, ``replay``, ``ewc``, ``mtl`` or ``pertask``.
        backbone: a name from :func:`backbones`.
        epochs: epochs per task.
        seed: training seed.
        out: run directory (``None`` = the engine's default under ``runs/``).
        device: ``"cpu"``, ``"gpu"`` or ``"auto"`` (``None`` = the engine's default).
        importance_metric: a function ``fn(weight, grad)`` returning element scores, or a
            :class:`Metric` (see :mod:`tasl.metrics`); replaces the engine's metric.
        **method_options: any other run option by its CLI name in snake_case
            (``lr``, ``tau``, ``beta``, ``rank``, ``batch_size``, ...).
    """
    if isinstance(bench, str):
        bench = benchmark(bench)
    if not isinstance(bench, Benchmark):
        raise TaslValueError(f"bench must be a tasl.Benchmark or a benchmark name, got {bench!r}")
    options: dict[str, Any] = {"method": method, "backbone": backbone, "epochs": epochs, "seed": seed,
               "out": None if out is None else _os.fspath(out), "device": device}
    options.update(method_options)
    jexp = _facade.experiment(bench.java, _facade.config(options))
    m: Optional[Metric] = None
    if importance_metric is not None:
        m = importance_metric if isinstance(importance_metric, Metric) else Metric(importance_metric)
        _facade.set_metric(jexp, m.to_java())
    return Experiment(jexp, bench, {k: v for k, v in options.items() if v is not None}, m)


def localize(bench="long-sequence", task=None, backbone="all-minilm-l6-v2", *, fractions=(0.05, 0.1, 0.2, 0.4),
             seeds=3, seed=None, out=None, device=None, **options):
    """The skill-localization test of ``./tasl localize``: trains one task, ranks its skill units
    by importance, and measures how much of the trained gain survives removing the top, random
    or bottom units, and keeping only the top or random units.

    Args:
        bench: a :class:`Benchmark` of one task, or a benchmark name (then give ``task``).
        task: the task name (default: the benchmark's only task).
        backbone: a name from :func:`backbones`.
        fractions: shares of the units removed or kept.
        seeds: random draws per fraction.
        seed: the run's seed (default: ``./tasl localize``'s, so both give the same result).
        out: the run directory; a finished one is reused instead of retrained.
        **options: any run option (``train_per_task``, ``eval_per_task``, ``epochs``, ``lr``,
            ``granularity``, ``importance``, ...); unset ones take localize's defaults.

    Returns:
        ``{"task", "backbone", "zero_shot", "trained", "fractions", "curves", "spread"}``:
        scores 0–100; ``curves[name][i]`` is the gain share (score − zero-shot) / (trained −
        zero-shot) at ``fractions[i]`` for ``remove_top``, ``remove_random``, ``remove_bottom``,
        ``keep_top``, ``keep_random``; ``spread`` the sd/min/max of the random curves over seeds.
    """
    opts = {"backbone": backbone, "seed": seed, "device": device,
            "out": None if out is None else _os.fspath(out)}
    if isinstance(bench, Benchmark):
        opts["benchmark"] = bench.name
        for key in ("data_dir", "train_per_task", "eval_per_task"):
            if bench.options.get(key) is not None:
                opts[key] = bench.options[key]
        if bench.options.get("seed") is not None:
            opts["data_seed"] = bench.options["seed"]
        names = bench.tasks
        if task is None:
            if len(names) != 1:
                raise TaslValueError(f"localize studies one task: pass task=NAME (the benchmark has {names})")
            task = names[0]
    else:
        opts["benchmark"] = str(bench)
    if task is None:
        raise TaslValueError("localize studies one task: pass task=NAME")
    opts["tasks"] = str(task)
    opts.update(options)
    return _facade.localize(opts, list(fractions), seeds)


def demo_settings(data_dir=None, benchmark=None):
    """The settings of ``./tasl demo``: a dict of run options (``benchmark``, ``tasks`` or
    ``order``, ``backbone``, ``train_per_task``, ``eval_per_task``, ``lr``, ...) and ``methods``.
    The built-in stream, also when ``data_dir`` (else ``$TASL_DATA``) holds the Long Sequence
    data (Standard CL does not fit a 5-minute CPU demo: amazon and yahoo are not learned);
    ``benchmark="long-sequence"`` gives Standard CL order 4 at the best CPU budget measured.
    Notebook 3 runs the same comparison with them.
    """
    return _facade.demo_settings(data_dir, benchmark)


def load_run(path: _PathLike) -> Result:
    """The :class:`Result` of a run directory written by the engine (``results.json`` etc.)."""
    return Result(_facade.load_run(path))


def compare(runs: Iterable[Union[Result, _PathLike]]) -> Table:
    """A :class:`Table` comparing runs: run, method, backbone, ap, bwt, fwt, seconds.

    ``runs`` holds :class:`Result` objects and/or run directory paths.
    """
    jruns = []
    for r in runs:
        jruns.append(r.java if isinstance(r, Result) else _facade.load_run(r))
    return Table(_facade.compare(jruns))


def forgetting_summary(runs):
    """The words ``./tasl demo`` prints under its table: per method and task the zero-shot, the
    right-after-training and the final score, then one sentence per method on what it learned and
    forgot, and what TaSL kept against SeqLoRA. ``runs``: :class:`Result` objects or run paths.
    """
    jruns = []
    for r in runs:
        jruns.append(r.java if isinstance(r, Result) else _facade.load_run(r))
    return _facade.forgetting_summary(jruns)


class Dashboard:
    """A running dashboard: :attr:`url`; renders as an inline frame in notebooks."""

    def __init__(self, url: Any) -> None:
        self.url = str(url)

    def _repr_html_(self) -> str:
        import html
        url = html.escape(self.url)
        return (f'<iframe src="{url}" width="100%" height="620" style="border:1px solid #ccc"></iframe>'
                f'<p><a href="{url}" target="_blank">open the dashboard</a></p>')

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"Dashboard({self.url!r})"


def dashboard(runs: Optional[_PathLike] = None, port: int = 0) -> Dashboard:
    """Starts (or finds) the live dashboard for a runs folder and returns a :class:`Dashboard`.

    Raises :class:`NotAvailable` when this host has no dashboard module (then use
    ``./tasl dashboard --runs DIR``).
    """
    url = _java.call("starting the dashboard", _java.bridge.dashboard,
                     None if runs is None else _os.fspath(runs), int(port))
    return Dashboard(url)


def runtime() -> dict[str, Any]:
    """Facts about this interpreter: tasl version, GraalPy optimizing JIT on or off."""
    return {"tasl": __version__, "optimizing": bool(_java.bridge.optimizing()),
            "facade": str(_java.bridge.facadeClass())}
