"""A finished (or loaded) run: scores, the accuracy matrix, importance and consolidation."""

from __future__ import annotations

import html
import math
from typing import Any, Optional, Union

from . import _facade
from .display import Png, Table

__all__ = ["Result", "UNIT_COLUMNS"]

# Columns shown for unit tables; every row also has "importance" (the units.csv name of "score").
UNIT_COLUMNS = ("unit", "layer", "module", "kind", "rank", "score", "cumulative", "category", "weight")


class Result:
    """The outcome of a run, as returned by :meth:`Experiment.run` or :func:`tasl.load_run`.

    Scalars (``ap``, ``bwt``, ``fwt``, ``fwt_raw``, ``seconds``) are floats, ``tasks`` a list
    of task names in training order, ``accuracy_matrix`` a list of rows (row j = scores on
    every task after training task j). Per-unit tables come from :meth:`importance` and
    :meth:`consolidation`. The Java ``RunResult`` is :attr:`java`.
    """

    def __init__(self, java_result: Any) -> None:
        self._java = java_result
        self._summary: Optional[dict[str, Any]] = None
        self._json: Optional[dict[str, Any]] = None

    @property
    def java(self) -> Any:
        """The underlying Java ``RunResult`` (for calling engine methods directly)."""
        return self._java

    def _s(self, key: str) -> Any:
        if self._summary is None:
            self._summary = _facade.result_summary(self._java)
        return self._summary[key]

    @property
    def method(self) -> str:
        """Continual-learning method, e.g. ``"tasl"``."""
        return self._s("method")

    @property
    def backbone(self) -> str:
        """Backbone name, e.g. ``"all-minilm-l6-v2"``."""
        return self._s("backbone")

    @property
    def benchmark(self) -> str:
        """Benchmark name."""
        return self._s("benchmark")

    @property
    def tasks(self) -> list[str]:
        """Task names in training order."""
        return list(self._s("tasks"))

    @property
    def accuracy_matrix(self) -> list[list[float]]:
        """N×N list of lists of floats: row j = score on each task after training task j."""
        return [list(r) for r in self._s("accuracy_matrix")]

    @property
    def ap(self) -> float:
        """Average performance after the last task."""
        return self._s("ap")

    @property
    def bwt(self) -> float:
        """Backward transfer (negative = forgetting)."""
        return self._s("bwt")

    @property
    def fwt(self) -> float:
        """Forward transfer against the per-task baseline scores."""
        return self._s("fwt")

    @property
    def fwt_raw(self) -> float:
        """Forward transfer without the baseline correction."""
        return self._s("fwt_raw")

    @property
    def baseline_scores(self) -> list[float]:
        """Per-task baseline scores used by FWT."""
        return list(self._s("baseline_scores"))

    @property
    def seconds(self) -> float:
        """Wall time of the run."""
        return self._s("seconds")

    @property
    def dir(self) -> Optional[str]:
        """The run directory (a string), or ``None`` for a run kept in memory."""
        return self._s("dir")

    @property
    def status(self) -> Optional[str]:
        """``"completed"``, ``"interrupted"`` or ``"failed"`` as results.json says."""
        return self.to_dict().get("status")

    def to_dict(self) -> dict[str, Any]:
        """Everything results.json holds, as a dict."""
        if self._json is None:
            self._json = _facade.result_json(self._java)
        return dict(self._json)

    def _task_index(self, task: Union[int, str]) -> int:
        if isinstance(task, str):
            try:
                return self.tasks.index(task)
            except ValueError:
                raise ValueError(f"no task {task!r} in this run (tasks: {', '.join(self.tasks)})") from None
        if not isinstance(task, int) or not 0 <= task < len(self.tasks):
            raise ValueError(f"task must be an index in 0..{len(self.tasks) - 1} or a task name, got {task!r}")
        return task

    def importance(self, task: Union[int, str] = 0) -> Table:
        """Per skill unit importance after training ``task`` (index or name), as a :class:`Table`.

        Columns: unit, layer, module, kind, rank, importance (= score, the raw I(U_k)),
        cumulative (Î_k), category, weight.
        """
        return Table(_facade.importance(self._java, self._task_index(task)), UNIT_COLUMNS)

    def consolidation(self, task: Union[int, str] = 1) -> Table:
        """Per skill unit consolidation decision at ``task``: category and weight, as a :class:`Table`."""
        return Table(_facade.consolidation(self._java, self._task_index(task)), UNIT_COLUMNS)

    def plot_importance(self, task: Union[int, str] = 0) -> Png:
        """A heatmap of unit importance after ``task`` as :class:`Png` (renders in notebooks)."""
        i = self._task_index(task)
        return Png.from_base64(_facade.importance_png(self._java, i), f"importance, task {self.tasks[i]}")

    def plot_matrix(self) -> Png:
        """The accuracy matrix as a heatmap :class:`Png`."""
        return Png.from_base64(_facade.matrix_png(self._java), "accuracy matrix")

    def matrix_table(self) -> Table:
        """The accuracy matrix as a :class:`Table`: one row per trained task, one column per task."""
        rows = []
        for name, row in zip(self.tasks, self.accuracy_matrix):
            r: dict[str, Any] = {"after": name}
            r.update(zip(self.tasks, row))
            rows.append(r)
        return Table(rows, ["after"] + self.tasks)

    def summary(self) -> dict[str, Any]:
        """One row for tables: method, backbone, benchmark, tasks, ap, bwt, fwt, seconds, dir."""
        return {"method": self.method, "backbone": self.backbone, "benchmark": self.benchmark,
                "tasks": len(self.tasks), "ap": self.ap, "bwt": self.bwt, "fwt": self.fwt,
                "seconds": self.seconds, "dir": self.dir}

    def __repr__(self) -> str:
        return (f"Result({self.method} on {self.backbone}, {len(self.tasks)} tasks, "
                f"AP={_num(self.ap)} BWT={_num(self.bwt)} FWT={_num(self.fwt)})")

    def _repr_html_(self) -> str:
        head = (f"<p><b>{html.escape(self.method)}</b> on <b>{html.escape(self.backbone)}</b> "
                f"({html.escape(self.benchmark)}): AP {_num(self.ap)}, BWT {_num(self.bwt)}, FWT {_num(self.fwt)}</p>")
        return head + self.matrix_table()._repr_html_()


def _num(v: Optional[float]) -> str:
    return "nan" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.4f}"
