"""The only module that knows the Java facade ``org.tasl.api.Tasl`` and its result types.

When the facade's signatures change, this file changes; the rest of the package deals in
plain Python values and the handles returned here. See docs/ARCHITECTURE.md, "The facade
scripts and bindings use".
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from . import _java
from ._java import call, to_py

Row = dict[str, Any]

_tasl: Any = None


def tasl() -> Any:
    """The facade class (a Java type with static methods)."""
    global _tasl
    if _tasl is None:
        _tasl = _java.jtype(str(_java.bridge.facadeClass()))
    return _tasl


def _opt_str(v: Any) -> Optional[str]:
    return None if v is None else os.fspath(v) if hasattr(v, "__fspath__") else str(v)


# --- catalog and data -------------------------------------------------------------------

def backbones() -> list[Row]:
    """[{name, parameters, hidden, layers, cached, source}] of the backbone catalog."""
    infos = call("listing backbones", tasl().backbones)
    rows = []
    for b in infos:
        rows.append({
            "name": str(b.name()),
            "parameters": int(b.parameters()),
            "hidden": int(b.hidden()),
            "layers": int(b.layers()),
            "cached": bool(b.cached()),
            "source": None if b.source() is None else str(b.source()),
        })
    return rows


def benchmark(name: str, order: Optional[int], tasks: Optional[Sequence[str]], data_dir: Any,
              train_per_task: int, eval_per_task: int, seed: int) -> Any:
    """The Java Benchmark handle."""
    from java.util import ArrayList
    jtasks = None
    if tasks is not None:
        jtasks = ArrayList()
        for t in tasks:
            jtasks.add(str(t))
    return call(f"loading benchmark {name!r}", tasl().benchmark, str(name),
                None if order is None else int(order), jtasks, _opt_str(data_dir),
                int(train_per_task), int(eval_per_task), int(seed))


def benchmark_tasks(jbench: Any) -> list[str]:
    """Task names of a Java Benchmark, in training order."""
    for accessor in ("taskNames", "tasks"):
        fn = getattr(jbench, accessor, None)
        if fn is not None:
            value = call("reading benchmark tasks", fn)
            return [str(getattr(t, "name")()) if not isinstance(t, str) and hasattr(t, "name") else str(t)
                    for t in value]
    return []


# --- experiments ------------------------------------------------------------------------

def config(options: Mapping[str, Any], defaults: Optional[str] = None) -> Any:
    """A Java RunConfig: ``defaults`` (a facade method name; the spec's defaults when None) with
    ``options`` (snake_case CLI names) set."""
    cfg = call("creating a run config", getattr(tasl(), defaults or "config"))
    for key, value in options.items():
        if value is None:
            continue
        if hasattr(value, "__fspath__"):
            value = os.fspath(value)
        call(f"setting option {key}={value!r}", cfg.set, str(key), value)
    return cfg


def demo_settings(data_dir, benchmark=None):
    """The options of ./tasl demo as a dict (benchmark, order, backbone, sizes, lr, methods, ...)."""
    return to_py(call("reading the demo settings", tasl().demoSettings, _opt_str(data_dir), _opt_str(benchmark)))


def localize(options, fractions, seeds):
    """The localize JSON (task, backbone, zero_shot, trained, fractions, curves, spread) as a dict."""
    from java.util import ArrayList
    cfg = config(options, "localizeConfig")
    jf = ArrayList()
    for f in fractions:
        jf.add(float(f))
    return to_py(call("localizing skill units", tasl().localize, cfg, jf, int(seeds)))


def experiment(jbench: Any, jconfig: Any) -> Any:
    return call("creating the experiment", tasl().experiment, jbench, jconfig)


def set_metric(jexp: Any, jmetric: Any) -> None:
    call("setting the importance metric", jexp.setImportanceMetric, jmetric)


def run(jexp: Any, listener: Callable[[Any], None]) -> Any:
    """Runs on this thread; ``listener`` (a Python function of one RunEvent) gets every event."""
    return call("run failed", jexp.run, listener)


def cancel(jexp: Any) -> None:
    call("cancelling the run", jexp.cancel)


def out_dir(jexp: Any) -> Optional[str]:
    d = call("reading the run directory", jexp.outDir)
    return None if d is None else str(d)


def event_to_dict(jevent: Any) -> dict[str, Any]:
    """A RunEvent as its JSON map (the events.jsonl line)."""
    return to_py(jevent.toJson())


# --- results ----------------------------------------------------------------------------

def result_summary(jres: Any) -> dict[str, Any]:
    """The scalar and list fields of a RunResult as plain Python values."""
    summary = {
        "method": str(jres.method()),
        "backbone": str(jres.backbone()),
        "benchmark": str(jres.benchmark()),
        "tasks": [str(t) for t in jres.tasks()],
        "accuracy_matrix": [[float(x) for x in row] for row in jres.accuracyMatrix()],
        "ap": float(jres.ap()),
        "bwt": float(jres.bwt()),
        "fwt": float(jres.fwt()),
        "fwt_raw": float(jres.fwtRaw()),
        "baseline_scores": _floats(jres.baselineScores()),
        "seconds": float(jres.seconds()),
        "dir": None if jres.dir() is None else str(jres.dir()),
    }
    return summary


def _floats(arr: Optional[Iterable[Any]]) -> list[float]:
    return [] if arr is None else [float(x) for x in arr]


def result_json(jres: Any) -> dict[str, Any]:
    """RunResult.toJson(): everything results.json holds (status, metric, ...)."""
    return to_py(jres.toJson())


def units(records: Any) -> list[Row]:
    """UnitRecords as dicts with the units.csv columns, plus ``score`` (= importance)."""
    rows = []
    for r in to_py(records) or []:
        row = {
            "unit": r.get("unit"),
            "layer": r.get("layer"),
            "module": r.get("module"),
            "kind": r.get("kind"),
            "rank": r.get("rank"),
            "importance": r.get("importance", r.get("score")),
            "score": r.get("importance", r.get("score")),
            "cumulative": r.get("cumulative"),
            "category": r.get("category"),
            "weight": r.get("weight"),
        }
        rows.append(row)
    return rows


def importance(jres: Any, task: int) -> list[Row]:
    return units(call(f"reading importance of task {int(task)}", jres.importance, int(task)))


def consolidation(jres: Any, task: int) -> list[Row]:
    return units(call(f"reading consolidation of task {int(task)}", jres.consolidation, int(task)))


def importance_png(jres: Any, task: int) -> str:
    """Base64 PNG; the result draws it if it can, else the bridge draws it with the core's charts."""
    if hasattr(jres, "importancePng"):
        return _java.bridge.base64(call(f"plotting importance of task {int(task)}", jres.importancePng, int(task)))
    return call(f"plotting importance of task {int(task)}", _java.bridge.importancePng, jres, int(task))


def matrix_png(jres: Any) -> str:
    if hasattr(jres, "matrixPng"):
        return _java.bridge.base64(call("plotting the accuracy matrix", jres.matrixPng))
    return call("plotting the accuracy matrix", _java.bridge.matrixPng, jres)


def load_run(path: Any) -> Any:
    return call(f"loading run {path}", tasl().loadRun, os.fspath(path))


def forgetting_summary(jresults):
    from java.util import ArrayList
    lst = ArrayList()
    for r in jresults:
        lst.add(r)
    return str(call("summarizing runs", tasl().forgettingSummary, lst))


def compare(jresults: Iterable[Any]) -> list[Row]:
    from java.util import ArrayList
    lst = ArrayList()
    for r in jresults:
        lst.add(r)
    return to_py(call("comparing runs", tasl().compare, lst))
