"""Completion, inspection (signature and docstring at the cursor) and is_complete.

Part of the Python half of the TaSL kernel (see ``tasl_kernel``); loaded into the kernel's
GraalPy context by ``org.tasl.kernel.PythonSession`` before ``tasl_kernel``, which re-exports
its public names.
"""

import builtins
import codeop
import inspect
import json
import re
import sys

from tasl_kernel_host import _is_java
from tasl_kernel_magics import CELL_MAGICS, LINE_MAGICS, _transform_magics

_user_ns = None  # the notebook's namespace, set by tasl_kernel._setup

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
