"""The Python half of the TaSL kernel: runs cells, renders values, completes and inspects.

Loaded into each kernel's GraalPy context as the module ``tasl_kernel``, after its parts (each
a module of its own, by concern): ``tasl_kernel_host`` (shared state), ``tasl_kernel_display``
(rich display), ``tasl_kernel_magics`` (line magics), ``tasl_kernel_inspect`` (completion,
inspection, is_complete) and ``tasl_kernel_progress`` (notebook progress, interruptible runs).
This module runs cells and formats errors, and re-exports the public names of the parts. The
Java half (``org.tasl.kernel``) routes Jupyter messages and calls the functions here; it hands
in ``_host``, a dict of Java callables (publish a display, track an experiment, start the
dashboard). Everything the user sees comes back as JSON strings so that no Python object
crosses into Java.
"""

import ast
import builtins
import json
import linecache
import sys
import traceback

import tasl_kernel_inspect
import tasl_kernel_magics
import tasl_kernel_progress
from tasl_kernel_display import HTML, DisplayHandle, display, mime_bundle, update_display  # noqa: F401
from tasl_kernel_host import _hidden, _host, _is_java
from tasl_kernel_inspect import complete, inspect_at, is_complete  # noqa: F401
from tasl_kernel_magics import CELL_MAGICS, LINE_MAGICS, _transform_magics, line_magic  # noqa: F401
from tasl_kernel_progress import NotebookProgress  # noqa: F401

_user_ns = None


def _setup(host, user_ns):
    """Called once by the Java kernel with its callables and the cell namespace (``__main__``)."""
    global _user_ns
    for key in ("publish", "track", "dashboard"):
        fn = getattr(host, key, None)
        if fn is not None:
            _host[key] = fn
    _user_ns = user_ns
    for part in (tasl_kernel_magics, tasl_kernel_inspect):
        part._user_ns = user_ns
    builtins.display = display
    _user_ns["display"] = display
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True)
        except Exception:  # noqa: BLE001 - a stream without reconfigure is unbuffered already
            pass
    _hidden.update(_user_ns.keys())
    _hidden.update(("In", "Out", "exit", "quit", "get_ipython"))
    tasl_kernel_progress.install()


# ---------------------------------------------------------------------------------------------
# Running cells

def run_cell(code, count):
    """Runs one cell; returns JSON: ``{"result": bundle|null}`` or ``{"error": {...}}``."""
    filename = "<cell %d>" % count
    source = _transform_magics(code)
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        tree = ast.parse(source, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), _user_ns)
        value = None if last is None else eval(compile(last, filename, "eval"), _user_ns)
        if value is None:
            return json.dumps({"result": None})
        _user_ns["_"] = value
        return json.dumps({"result": mime_bundle(value)}, default=str)
    except BaseException as e:  # noqa: BLE001 - every error becomes an error reply
        return json.dumps({"error": format_error(e)}, default=str)
    finally:
        _flush()


def _flush():
    for s in (sys.stdout, sys.stderr):
        try:
            s.flush()
        except Exception:  # noqa: BLE001
            pass


def format_error(e):
    """ename, evalue and traceback lines (the cell's frames; frames of this module left out)."""
    tb = getattr(e, "__traceback__", None)
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    if _is_java(e):
        name = str(e.getClass().getName())
        lines = ["Traceback (most recent call last):"]
        try:
            lines += [l.rstrip("\n") for l in traceback.format_tb(tb)]
        except Exception:  # noqa: BLE001 - a foreign exception may carry no Python frames
            pass
        lines.append("%s: %s" % (name, e.getMessage()))
        lines += _java_lines(e, "Java exception")
        return {"ename": name.rsplit(".", 1)[-1], "evalue": str(e.getMessage()),
                "traceback": "\n".join(lines).split("\n")}
    lines = [l.rstrip("\n") for l in traceback.format_exception(type(e), e, tb)]
    seen = set()
    cause = e
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        java = getattr(cause, "java_exception", None) or (cause if _is_java(cause) else None)
        if java is not None and _is_java(java):
            lines += _java_lines(java, "Java cause")
            break
        cause = getattr(cause, "__cause__", None) or getattr(cause, "__context__", None)
    return {"ename": type(e).__name__, "evalue": str(e), "traceback": "\n".join(lines).split("\n")}


def _java_lines(j, title, depth=12):
    out = ["", "%s: %s: %s" % (title, j.getClass().getName(), j.getMessage())]
    # Truffle's own frames (the guest-to-host call machinery) say nothing to a notebook user.
    frames = [f for f in j.getStackTrace() if not str(f.getClassName()).startswith(("com.oracle.truffle.", "org.graalvm."))]
    out += ["    at %s" % f for f in frames[:depth]]
    if len(frames) > depth:
        out.append("    ... %d more" % (len(frames) - depth))
    c = j.getCause()
    if c is not None and c is not j:
        out.append("Caused by: %s: %s" % (c.getClass().getName(), c.getMessage()))
    return out
