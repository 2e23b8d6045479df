"""The Python half of the TaSL kernel: runs cells, renders values, completes and inspects.

Loaded once into each kernel's GraalPy context as the module ``tasl_kernel``. The Java half
(``org.tasl.kernel``) routes Jupyter messages and calls the functions below; it hands in
``_host``, a dict of Java callables (publish a display, track an experiment, start the
dashboard). Everything the user sees comes back as JSON strings so that no Python object
crosses into Java.
"""

import ast
import base64
import builtins
import codeop
import inspect
import json
import linecache
import os
import re
import sys
import time
import traceback
import types

_host = {}
_user_ns = None
_hidden = set()

_REPR_METHODS = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_latex_", "text/latex"),
    ("_repr_json_", "application/json"),
)

LINE_MAGICS = ("time", "who", "env", "dashboard", "lsmagic")
CELL_MAGICS = ("js", "java")


def _setup(host, user_ns):
    """Called once by the Java kernel with its callables and the cell namespace (``__main__``)."""
    global _user_ns
    for key in ("publish", "track", "dashboard"):
        fn = getattr(host, key, None)
        if fn is not None:
            _host[key] = fn
    _user_ns = user_ns
    builtins.display = display
    _user_ns["display"] = display
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True)
        except Exception:  # noqa: BLE001 - a stream without reconfigure is unbuffered already
            pass
    _hidden.update(_user_ns.keys())
    _hidden.update(("In", "Out", "exit", "quit", "get_ipython"))
    _patch_tasl()


# ---------------------------------------------------------------------------------------------
# Rich display

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


# ---------------------------------------------------------------------------------------------
# Running cells

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


def _is_java(e):
    return hasattr(e, "getClass") and hasattr(e, "getStackTrace")


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


# ---------------------------------------------------------------------------------------------
# Line magics

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


# ---------------------------------------------------------------------------------------------
# Completion, inspection, is_complete

_TOKEN = re.compile(r"(?:%%?)?[A-Za-z_][\w.]*$|%%?$")


def complete(code, cursor):
    """JSON ``{"matches": [...], "start": i, "end": cursor}``."""
    before = code[:cursor]
    m = _TOKEN.search(before)
    token = m.group(0) if m else ""
    start = cursor - len(token)
    matches = []
    line = before.split("\n")[-1]
    if token.startswith("%"):
        matches = [("%%" + c) for c in CELL_MAGICS if ("%%" + c).startswith(token)]
        matches += [("%" + c) for c in LINE_MAGICS if ("%" + c).startswith(token)]
    elif re.match(r"^\s*(import|from)\s+[\w.]*$", line):
        matches = _module_names(token)
    else:
        mf = re.match(r"^\s*from\s+([\w.]+)\s+import\s+(?:.*,\s*)?$", line[: len(line) - len(token)])
        if mf:
            try:
                mod = __import__(mf.group(1), fromlist=["*"])
                matches = [n for n in dir(mod) if n.startswith(token) and not n.startswith("_")]
            except Exception:  # noqa: BLE001
                matches = []
        elif token:
            matches = _rl_matches(token)
    seen = []
    for x in matches:
        if x not in seen:
            seen.append(x)
    return json.dumps({"matches": seen, "start": start, "end": cursor})


def _rl_matches(token):
    import rlcompleter
    completer = rlcompleter.Completer(_user_ns)
    out = []
    for i in range(500):
        try:
            c = completer.complete(token, i)
        except Exception:  # noqa: BLE001
            break
        if c is None:
            break
        out.append(c[:-1] if c.endswith("(") else c)
    if "." in token:
        hide_private = not token.rsplit(".", 1)[1].startswith("_")
        out = [c for c in out if not (hide_private and c.rsplit(".", 1)[1].startswith("_"))]
    return out


def _module_names(prefix):
    names = set(n for n in sys.modules if "." not in n)
    try:
        import pkgutil
        names.update(m.name for m in pkgutil.iter_modules())
    except Exception:  # noqa: BLE001
        pass
    if "." in prefix:
        parent, _, part = prefix.rpartition(".")
        try:
            mod = __import__(parent, fromlist=["*"])
            import pkgutil
            subs = [m.name for m in pkgutil.iter_modules(getattr(mod, "__path__", []))]
            return sorted(parent + "." + s for s in subs if s.startswith(part))
        except Exception:  # noqa: BLE001
            return []
    return sorted(n for n in names if n.startswith(prefix))


_NAME_AT = re.compile(r"[A-Za-z_][\w.]*")


def inspect_at(code, cursor):
    """JSON ``{"found": bool, "text": ...}``: signature and docstring of the name at the cursor."""
    name = _name_at(code, cursor)
    if not name:
        return json.dumps({"found": False})
    obj = _resolve(name)
    if obj is _MISSING:
        return json.dumps({"found": False})
    parts = []
    try:
        sig = str(inspect.signature(obj))
        parts.append("Signature: %s%s" % (name, sig))
    except (TypeError, ValueError):
        pass
    parts.append("Type:      %s" % type(obj).__name__)
    if not callable(obj) or isinstance(obj, (int, float, str)):
        r = repr(obj)
        parts.append("Value:     %s" % (r if len(r) < 400 else r[:400] + "..."))
    doc = inspect.getdoc(obj)
    if doc:
        parts.append("Docstring:\n%s" % doc)
    elif _is_java(obj) or hasattr(obj, "getClass"):
        try:
            parts.append("Java:      %s" % obj.getClass().getName())
        except Exception:  # noqa: BLE001
            pass
    return json.dumps({"found": True, "text": "\n".join(parts)})


def _name_at(code, cursor):
    """The dotted name under (or just before) the cursor; inside ``f(`` the callee ``f``."""
    for m in _NAME_AT.finditer(code):
        if m.start() <= cursor <= m.end():
            return m.group(0)[: max(0, cursor - m.start())].rstrip(".") + _rest_of_word(m.group(0), cursor - m.start())
    before = code[:cursor]
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                m = re.search(r"[A-Za-z_][\w.]*$", before[:i])
                return m.group(0) if m else None
            depth -= 1
    return None


def _rest_of_word(word, offset):
    rest = word[offset:]
    return rest.split(".", 1)[0]


_MISSING = object()


def _resolve(name):
    parts = name.split(".")
    if parts[0] in _user_ns:
        obj = _user_ns[parts[0]]
    elif hasattr(builtins, parts[0]):
        obj = getattr(builtins, parts[0])
    else:
        return _MISSING
    for p in parts[1:]:
        try:
            obj = getattr(obj, p)
        except Exception:  # noqa: BLE001
            return _MISSING
    return obj


def is_complete(code):
    """JSON ``{"status": "complete"|"incomplete"|"invalid", "indent": "..."}``."""
    if code.lstrip().startswith("%%"):
        done = code.endswith("\n\n") or code.endswith("\n") and code.count("\n") > 1 and not code.rstrip("\n").split("\n")[-1].strip()
        return json.dumps({"status": "complete" if done else "incomplete", "indent": ""})
    source = _transform_magics(code)
    try:
        result = codeop.compile_command(source, "<input>", "exec")
    except (SyntaxError, OverflowError, ValueError) as e:
        # GraalPy's compiler words unfinished input differently from CPython's, which codeop
        # relies on: decide from the message, or from whether a block body would finish it.
        if not _unfinished(source, e):
            return json.dumps({"status": "invalid", "indent": ""})
        result = None
    last = code.rstrip("\n").split("\n")[-1] if code.strip() else ""
    if result is None or (last.startswith((" ", "\t")) and not code.endswith("\n\n")) or last.rstrip().endswith(":"):
        indent = last[: len(last) - len(last.lstrip())]
        if last.rstrip().endswith(":"):
            indent += "    "
        return json.dumps({"status": "incomplete", "indent": indent})
    return json.dumps({"status": "complete", "indent": ""})


_UNFINISHED = ("unexpected EOF", "expected an indented block", "was never closed", "incomplete input",
               "EOF while scanning", "unterminated triple-quoted", "EOF in multi-line")


def _unfinished(source, error):
    if any(m in str(getattr(error, "msg", error)) for m in _UNFINISHED):
        return True
    last = source.rstrip("\n").split("\n")[-1]
    indent = last[: len(last) - len(last.lstrip())]
    for tail in ("\n%s    pass\n" % indent, ")\n", "]\n", "}\n"):
        try:
            compile(source + tail, "<input>", "exec")
            return True
        except (SyntaxError, ValueError):
            continue
    return False


# ---------------------------------------------------------------------------------------------
# Experiments: progress in place, interruptible at a step boundary

class NotebookProgress:
    """Shows a run's progress as one output updated in place (``update_display_data``)."""

    def __init__(self, every_s=0.25):
        self.every_s = every_s
        self.display_id = "tasl-progress-%d" % int(time.time() * 1e6)
        self._shown = False
        self._last = 0.0
        self._tasks = []
        self._state = {"task": None, "step": 0, "steps": 0, "loss": None, "done": [], "status": "running"}

    def __call__(self, ev):
        t = ev.type
        s = self._state
        if t == "run_started":
            self._tasks = list(ev.get("tasks") or [])
            s["run"] = ev.run
        elif t == "task_started":
            s.update(task=ev.get("task"), task_name=ev.get("task_name"), step=0, steps=ev.get("steps") or 0)
        elif t == "step":
            s.update(step=ev.get("step") or 0, steps=ev.get("steps") or s["steps"], loss=ev.get("loss"))
            if time.monotonic() - self._last < self.every_s:
                return
        elif t == "task_evaluated":
            row = ev.get("row") or []
            i = ev.get("task") or 0
            s["done"].append((ev.get("task_name"), row[i] if i < len(row) else None))
        elif t == "run_finished":
            s.update(status=ev.get("status"), ap=ev.get("ap"), bwt=ev.get("bwt"))
        else:
            return
        self._show()

    def _show(self):
        self._last = time.monotonic()
        bundle = {"text/html": self._html(), "text/plain": self._text()}
        _publish("update" if self._shown else "display", bundle, self.display_id)
        self._shown = True

    def _text(self):
        s = self._state
        n = max(len(self._tasks), 1)
        task = s["task"]
        head = "run %s: %s" % (s.get("run"), s["status"])
        if task is not None:
            head += " | task %d/%d %s step %s/%s" % (task + 1, n, s.get("task_name"), s["step"], s["steps"])
        if s["loss"] is not None:
            head += " loss %.4f" % s["loss"]
        if s.get("ap") is not None:
            head += " | AP %.4f BWT %.4f" % (s["ap"], s.get("bwt") or float("nan"))
        return head

    def _html(self):
        import html as _h
        s = self._state
        n = max(len(self._tasks), 1)
        task = s["task"] if s["task"] is not None else -1
        steps = max(int(s["steps"] or 0), 1)
        frac = (max(task, 0) + min(int(s["step"] or 0), steps) / steps) / n if task >= 0 else 0.0
        if s["status"] == "completed":
            frac = 1.0
        done = "".join("<li>%s: %s</li>" % (_h.escape(str(name)), "%.4f" % score if isinstance(score, (int, float)) else "n/a")
                       for name, score in s["done"])
        return ("<div class=\"tasl-progress\"><progress value=\"%.4f\" max=\"1\" style=\"width:60%%\"></progress> "
                "<span>%s</span><ul>%s</ul></div>") % (frac, _h.escape(self._text()), done)


def _patch_tasl():
    """Kernel-side defaults of the ``tasl`` package: notebook progress and interruptible runs."""
    try:
        import tasl  # noqa: F401
        _exp = sys.modules["tasl.experiment"]
    except Exception:  # noqa: BLE001 - the kernel still runs Python without the package
        return
    original = _exp.Experiment.run
    if getattr(original, "_tasl_kernel", False):
        return

    def run(self, on_event=None, progress=True):
        if progress is True:
            progress = NotebookProgress()
        track = _host.get("track")
        if track is not None:
            track(self.java, True)
        cancelled = False
        try:
            result = original(self, on_event=on_event, progress=progress)
        finally:
            if track is not None:
                cancelled = bool(track(self.java, False))
        if cancelled:
            raise KeyboardInterrupt("run cancelled at a step boundary (completed tasks stay in %s)" % self.out)
        return result

    run._tasl_kernel = True
    run.__doc__ = original.__doc__
    run.__wrapped__ = original
    _exp.Experiment.run = run

