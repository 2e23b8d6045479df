"""Rich display: MIME bundles of values, display(), update_display(), HTML.

Part of the Python half of the TaSL kernel (see ``tasl_kernel``); loaded into the kernel's
GraalPy context by ``org.tasl.kernel.PythonSession`` before ``tasl_kernel``, which re-exports
its public names.
"""

import base64
import json
import time

from tasl_kernel_host import _host

_REPR_METHODS = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_latex_", "text/latex"),
    ("_repr_json_", "application/json"),
)


def mime_bundle(obj):
    """The MIME bundle of ``obj``: every ``_repr_*_`` it defines plus ``text/plain``."""
    data = {}
    if not isinstance(obj, type):
        for meth, mime in _REPR_METHODS:
            fn = getattr(obj, meth, None)
            if fn is None or not callable(fn):
                continue
            try:
                value = fn()
            except Exception:  # noqa: BLE001 - a broken repr falls back to the others
                continue
            if isinstance(value, tuple):
                value = value[0]
            if value is None:
                continue
            if mime in ("image/png", "image/jpeg"):
                value = base64.b64encode(bytes(value)).decode("ascii") if isinstance(value, (bytes, bytearray)) else str(value)
            elif mime == "application/json":
                value = json.loads(value) if isinstance(value, str) else value
            else:
                value = str(value)
            data[mime] = value
        _add_project_views(obj, data)
    try:
        data["text/plain"] = repr(obj)
    except Exception as e:  # noqa: BLE001
        data["text/plain"] = "<unprintable %s: %s>" % (type(obj).__name__, e)
    return data


def _add_project_views(obj, data):
    """Plots the kernel adds to project objects that define only an HTML table."""
    try:
        import tasl
    except Exception:  # noqa: BLE001
        return
    if isinstance(obj, getattr(tasl, "Result", ())) and "image/png" not in data:
        try:
            data["image/png"] = base64.b64encode(bytes(obj.java.matrixPng())).decode("ascii")
        except Exception:  # noqa: BLE001 - no plot for this result: the table still shows
            pass


def _publish(kind, data, display_id=None, metadata=None):
    fn = _host.get("publish")
    payload = json.dumps({"data": data, "metadata": metadata or {}}, default=str)
    if fn is None:
        print(data.get("text/plain", ""))
    else:
        fn(kind, payload, display_id)


def display(*objs, display_id=None, update=False, raw=False, metadata=None):
    """Shows each object in the notebook with its richest representation.

    ``display_id`` names the output so that ``update_display(obj, display_id=...)`` (or
    ``display(..., display_id=..., update=True)``) replaces it in place. ``raw=True`` takes
    ready MIME bundles (dicts of MIME type to data).
    """
    if display_id is True:
        display_id = "tasl-%d" % int(time.time() * 1e6)
    for obj in objs:
        data = dict(obj) if raw else mime_bundle(obj)
        _publish("update" if update else "display", data, display_id, metadata)
    return DisplayHandle(display_id) if display_id and not update else None


def update_display(obj, display_id, raw=False):
    """Replaces the output shown under ``display_id``."""
    display(obj, display_id=display_id, update=True, raw=raw)


class DisplayHandle:
    """An output that can be updated in place."""

    def __init__(self, display_id):
        self.display_id = display_id

    def update(self, obj, raw=False):
        update_display(obj, self.display_id, raw=raw)

    def __repr__(self):
        return "<DisplayHandle %s>" % self.display_id


class HTML:
    """Raw HTML, displayed as such."""

    def __init__(self, html):
        self.data = str(html)

    def _repr_html_(self):
        return self.data

    def __repr__(self):
        return "<HTML %d chars>" % len(self.data)
