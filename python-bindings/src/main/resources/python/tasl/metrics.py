"""Importance metrics written in Python, plugged into the Java importance tracker.

A metric is the instantaneous element score s of TASL_SPEC §3.2: a function of a parameter
``w`` and its gradient ``g`` returning one score per element (same shape as ``w``). Pass it
as ``tasl.experiment(..., importance_metric=fn)``.

Two ways for arrays to cross into Python (choose with :func:`metric`):

* ``arrays="tensor"`` (default): ``w`` and ``g`` are :class:`Tensor` objects whose
  arithmetic (``w * g``, ``abs(...)``, ``.square()``, ...) runs in the engine on the same
  native arrays as a Java metric. No data is copied; the cost is one Python call per
  tracked tensor per step plus a few interop calls per operation.
* ``arrays="list"``: ``w`` and ``g`` are flat Python lists of floats (row-major) and the
  function returns a list of the same length (or a number). Any Python code works, at the
  price of copying each tensor into Python and back.

The measured overhead of both against the Java metric is printed by
``MetricOverheadBenchmark`` (see the python-bindings README).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

from . import _java

Operand = Union["Tensor", float, int]
#: What a metric function returns: a tensor, a flat list of scores, or one number for every element.
Scores = Union["Tensor", Sequence[float], float, int]
MetricFn = Callable[[Any, Any], Scores]

__all__ = ["Tensor", "Metric", "metric", "first_order", "second_order", "mix", "BUILT_IN"]


class Tensor:
    """A parameter or gradient tensor inside a metric call; operations run in the engine.

    Supports ``+ - * / **`` with tensors or numbers, ``-t``, ``abs(t)``, and the methods
    below. Results live only for the duration of the metric call.
    """

    __slots__ = ("_t",)

    def __init__(self, java_tensor: Any) -> None:
        self._t = java_tensor

    @property
    def shape(self) -> tuple[int, ...]:
        """Dimensions, as a tuple of ints."""
        return tuple(int(d) for d in self._t.shape())

    @property
    def size(self) -> int:
        """Number of elements."""
        return int(self._t.size())

    @property
    def dtype(self) -> str:
        """Element type, e.g. ``"float32"``."""
        return str(self._t.dtype())

    @staticmethod
    def _o(other: Operand) -> Any:
        return other._t if isinstance(other, Tensor) else float(other)

    def __add__(self, o: Operand) -> Tensor: return Tensor(self._t.add(self._o(o)))
    __radd__ = __add__
    def __sub__(self, o: Operand) -> Tensor: return Tensor(self._t.sub(self._o(o)))
    def __rsub__(self, o: Operand) -> Tensor: return Tensor(self._t.rsub(self._o(o)))
    def __mul__(self, o: Operand) -> Tensor: return Tensor(self._t.mul(self._o(o)))
    __rmul__ = __mul__
    def __truediv__(self, o: Operand) -> Tensor: return Tensor(self._t.div(self._o(o)))
    def __rtruediv__(self, o: Operand) -> Tensor: return Tensor(self._t.rdiv(self._o(o)))
    def __pow__(self, e: float) -> Tensor: return Tensor(self._t.square()) if e == 2 else Tensor(self._t.pow(float(e)))
    def __neg__(self) -> Tensor: return Tensor(self._t.neg())
    def __abs__(self) -> Tensor: return Tensor(self._t.abs())

    def abs(self) -> Tensor:
        """Elementwise absolute value."""
        return Tensor(self._t.abs())

    def square(self) -> Tensor:
        """Elementwise square."""
        return Tensor(self._t.square())

    def sqrt(self) -> Tensor:
        """Elementwise square root."""
        return Tensor(self._t.sqrt())

    def exp(self) -> Tensor:
        """Elementwise e**x."""
        return Tensor(self._t.exp())

    def log(self) -> Tensor:
        """Elementwise natural logarithm."""
        return Tensor(self._t.log())

    def sign(self) -> Tensor:
        """Elementwise sign (-1, 0, 1)."""
        return Tensor(self._t.sign())

    def clip(self, lo: float, hi: float) -> Tensor:
        """Elementwise clamp into [lo, hi]."""
        return Tensor(self._t.clip(float(lo), float(hi)))

    def maximum(self, other: Operand) -> Tensor:
        """Elementwise max with a tensor or number."""
        return Tensor(self._t.maximum(self._o(other)))

    def minimum(self, other: Operand) -> Tensor:
        """Elementwise min with a tensor or number."""
        return Tensor(self._t.minimum(self._o(other)))

    def sum(self) -> float:
        """Sum of all elements, as a float."""
        return float(self._t.sum())

    def mean(self) -> float:
        """Mean of all elements, as a float."""
        return float(self._t.mean())

    def max(self) -> float:
        """Largest element, as a float."""
        return float(self._t.max())

    def min(self) -> float:
        """Smallest element, as a float."""
        return float(self._t.min())

    def tolist(self) -> list[float]:
        """All elements, flattened row-major, as a list of floats (a copy)."""
        return list(self._t.toList())

    def __repr__(self) -> str:
        return f"Tensor(shape={self.shape}, dtype={self.dtype})"


class Metric:
    """A Python importance metric: ``fn(w, g)`` → scores, with how its arrays cross.

    Use :func:`metric` to make one; a plain function passed as ``importance_metric`` is
    wrapped as ``Metric(fn)`` (tensor arrays).
    """

    def __init__(self, fn: MetricFn, arrays: str = "tensor", name: Optional[str] = None) -> None:
        if not callable(fn):
            raise TypeError(f"an importance metric must be callable as fn(weight, grad), got {fn!r}")
        if arrays not in ("tensor", "list"):
            raise ValueError(f"arrays must be 'tensor' or 'list', got {arrays!r}")
        self.fn = fn
        self.arrays = arrays
        self.name: str = name or getattr(fn, "__name__", "metric")
        self.__doc__ = getattr(fn, "__doc__", None)

    def _score(self, w: Any, g: Any) -> Any:
        """What Java calls: ScriptTensor in, ScriptTensor / list / number out."""
        if self.arrays == "list":
            out = self.fn(list(w.toList()), list(g.toList()))
        else:
            out = self.fn(Tensor(w), Tensor(g))
        if isinstance(out, Tensor):
            return out._t
        if isinstance(out, (int, float)):
            return float(out)
        return [float(x) for x in out]

    def to_java(self) -> Any:
        """The ``org.tasl.cl.ImportanceMetric`` the engine calls."""
        return _java.bridge.metric(self._score, f"python metric {self.name}")

    def __call__(self, w: Any, g: Any) -> Scores:
        return self.fn(w, g)

    def __repr__(self) -> str:
        return f"Metric({self.name}, arrays={self.arrays!r})"


def metric(fn: Optional[MetricFn] = None, *, arrays: str = "tensor",
           name: Optional[str] = None) -> Union[Metric, Callable[[MetricFn], Metric]]:
    """Makes an importance metric from ``fn(weight, grad)``; usable as a decorator.

    >>> @tasl.metric(arrays="tensor")
    ... def taylor(w, g):
    ...     return abs(w * g)
    """
    if fn is None:
        return lambda f: Metric(f, arrays=arrays, name=name)
    return Metric(fn, arrays=arrays, name=name)


@metric
def first_order(w: Tensor, g: Tensor) -> Tensor:
    """s = |w ⊙ g| (first-order Taylor; TASL_SPEC §3.2)."""
    return abs(w * g)


@metric
def second_order(w: Tensor, g: Tensor) -> Tensor:
    """s = (w ⊙ g)² (the Fisher-approximated second-order term alone)."""
    return (w * g).square()


@metric
def mix(w: Tensor, g: Tensor) -> Tensor:
    """s = |w⊙g − ½(w⊙g)²| (first plus Fisher second order; the TasLoRA default)."""
    wg = w * g
    return abs(wg - wg.square() * 0.5)


BUILT_IN: dict[str, Metric] = {"first_order": first_order, "second_order": second_order, "mix": mix}
