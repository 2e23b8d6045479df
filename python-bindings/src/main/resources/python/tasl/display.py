"""Objects that print well in a terminal and render in notebooks.

:class:`Table` is a list of dicts (one per row) with a text form for ``print`` and an HTML
form for notebooks; :class:`Png` is PNG bytes that notebooks display as an image.
"""

from __future__ import annotations

import base64
import html
import math
import os
from typing import Any, Callable, Iterable, Optional, Union

Row = dict[str, Any]

__all__ = ["Table", "Png"]


def _fmt(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return "" if v is None else str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        return f"{v:.4g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.3e}"
    return str(v)


class Table(list):
    """Rows as dicts, in order; ``print(table)`` shows an aligned text table.

    It is a plain ``list`` of ``dict`` (index it, loop over it, ``json.dump`` it) with a few
    conveniences: :attr:`columns`, :meth:`column`, :meth:`sort_by`, :meth:`where`,
    :meth:`to_csv`, and ``_repr_html_`` for notebooks.
    """

    def __init__(self, rows: Iterable[Row] = (), columns: Optional[Iterable[str]] = None) -> None:
        super().__init__(dict(r) for r in rows)
        self._columns = list(columns) if columns is not None else None

    @property
    def columns(self) -> list[str]:
        """Column names: the given order, else first-seen order across rows."""
        if self._columns is not None:
            return list(self._columns)
        seen: list[str] = []
        for row in self:
            for k in row:
                if k not in seen:
                    seen.append(k)
        return seen

    def column(self, name: str) -> list[Any]:
        """The values of one column, as a list."""
        return [row.get(name) for row in self]

    def sort_by(self, key: Union[str, Callable[[Row], Any]], reverse: bool = False) -> Table:
        """A new table sorted by a column name (or a function of a row)."""
        fn = key if callable(key) else (lambda r: (r.get(key) is None, r.get(key)))
        return Table(sorted(self, key=fn, reverse=reverse), self._columns)

    def where(self, predicate: Optional[Callable[[Row], bool]] = None, **equals: Any) -> Table:
        """Rows for which ``predicate(row)`` holds and every ``column=value`` matches."""
        def keep(r: Row) -> bool:
            return (predicate is None or predicate(r)) and all(r.get(k) == v for k, v in equals.items())
        return Table([r for r in self if keep(r)], self._columns)

    def head(self, n: int = 10) -> Table:
        """The first ``n`` rows."""
        return Table(self[:n], self._columns)

    def to_csv(self, path: Union[str, os.PathLike[str]]) -> Union[str, os.PathLike[str]]:
        """Writes the table as CSV (header = :attr:`columns`) and returns the path."""
        import csv
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=self.columns, extrasaction="ignore")
            w.writeheader()
            for r in self:
                w.writerow(r)
        return path

    def __getitem__(self, i: Any) -> Any:
        got = super().__getitem__(i)
        return Table(got, self._columns) if isinstance(i, slice) else got

    def __str__(self) -> str:
        cols = self.columns
        if not cols:
            return "(empty table)"
        cells = [[_fmt(r.get(c)) for c in cols] for r in self]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
        def line(values: list[str]) -> str:
            return "  ".join(v.rjust(w) if _numeric(v) else v.ljust(w) for v, w in zip(values, widths)).rstrip()
        out = [line(cols), "  ".join("-" * w for w in widths)]
        out += [line(row) for row in cells]
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"Table({len(self)} rows, columns={self.columns})\n{self.head(20)}"

    def _repr_html_(self) -> str:
        cols = self.columns
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_fmt(r.get(c)))}</td>" for c in cols) + "</tr>"
                       for r in self)
        return f"<table class=\"tasl-table\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numeric(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


class Png(bytes):
    """PNG image bytes; notebooks render it (``_repr_png_``), :meth:`save` writes it."""

    title: Optional[str] = None

    @classmethod
    def from_base64(cls, text: Any, title: Optional[str] = None) -> Png:
        png = cls(base64.b64decode(str(text)))
        png.title = title
        return png

    def save(self, path: Union[str, os.PathLike[str]]) -> Union[str, os.PathLike[str]]:
        """Writes the image to ``path`` and returns the path."""
        with open(path, "wb") as f:
            f.write(self)
        return path

    def _repr_png_(self) -> bytes:
        return bytes(self)

    def __repr__(self) -> str:
        title = getattr(self, "title", None)
        return f"<PNG {title + ': ' if title else ''}{len(self)} bytes>"
