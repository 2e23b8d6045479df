"""Line magics (%time, %who, %env, %dashboard, %lsmagic) and how a cell's magic lines become calls.

Part of the Python half of the TaSL kernel (see ``tasl_kernel``); loaded into the kernel's
GraalPy context by ``org.tasl.kernel.PythonSession`` before ``tasl_kernel``, which re-exports
its public names.
"""

import os
import re
import sys
import time

from tasl_kernel_display import HTML
from tasl_kernel_host import _hidden, _host

_user_ns = None  # the notebook's namespace, set by tasl_kernel._setup

LINE_MAGICS = ("time", "who", "env", "dashboard", "lsmagic")
CELL_MAGICS = ("js", "java")


def _transform_magics(code):
    """Line magics (``%name args`` on a line of their own) become calls of :func:`line_magic`."""
    out = []
    for line in code.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("%") and not stripped.startswith("%%"):
            indent = line[: len(line) - len(stripped)]
            name, _, args = stripped[1:].partition(" ")
            out.append("%s__import__('tasl_kernel').line_magic(%r, %r)" % (indent, name.strip(), args.strip()))
        else:
            out.append(line)
    return "\n".join(out)


def line_magic(name, args):
    fn = {"time": _magic_time, "who": _magic_who, "env": _magic_env, "dashboard": _magic_dashboard,
          "lsmagic": _magic_lsmagic}.get(name)
    if fn is None:
        raise NameError("unknown line magic %%%s (%%lsmagic lists them)" % name)
    return fn(args)


def _magic_time(args):
    """%time STATEMENT_OR_EXPRESSION: runs it once and prints wall and CPU time."""
    frame_ns = sys._getframe(2).f_globals if sys._getframe(2) else _user_ns
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        code = compile(args, "<%time>", "eval")
        is_expr = True
    except SyntaxError:
        code = compile(args, "<%time>", "exec")
        is_expr = False
    try:
        value = eval(code, frame_ns) if is_expr else exec(code, frame_ns)
    finally:
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print("CPU times: %s\nWall time: %s" % (_fmt_seconds(cpu), _fmt_seconds(wall)), flush=True)
    return value


def _fmt_seconds(s):
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.1f ms" % (s * 1e3)
    return "%.0f µs" % (s * 1e6)


def _magic_who(args):
    """%who [TYPE]: the names defined in the notebook (optionally only of a type name)."""
    names = sorted(n for n, v in _user_ns.items()
                   if not n.startswith("_") and n not in _hidden
                   and (not args or type(v).__name__ in args.split()))
    print("\t".join(names) if names else "Interactive namespace is empty.")


def _magic_env(args):
    """%env: all variables; %env NAME: one; %env NAME=VALUE or %env NAME VALUE: sets it."""
    if not args:
        return dict(os.environ)
    m = re.match(r"^([^=\s]+)\s*(?:=|\s)\s*(.*)$", args)
    if m:
        os.environ[m.group(1)] = m.group(2)
        print("env: %s=%s" % (m.group(1), m.group(2)))
        return None
    return os.environ.get(args)


def _magic_dashboard(args):
    """%dashboard [RUNS_DIR]: starts the live dashboard and shows it inline."""
    start = _host.get("dashboard")
    if start is None:
        raise RuntimeError("the dashboard is not available in this kernel")
    return HTML(str(start(args or None)))


def _magic_lsmagic(args):
    text = "Available line magics:\n%s\n\nAvailable cell magics:\n%s" % (
        "  ".join("%" + m for m in LINE_MAGICS), "  ".join("%%" + m for m in CELL_MAGICS))
    print(text)
