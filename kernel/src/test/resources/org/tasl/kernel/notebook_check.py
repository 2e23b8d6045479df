"""Executes a notebook with every kernel feature through nbclient, then checks each cell's outputs.

Usage: notebook_check.py OUT.ipynb   (JUPYTER_PATH must hold the tasl kernelspec).
Prints "ok <cell>" per passed check; exits 1 at the first failure. nbclient shuts the kernel
down when execution ends (also on failure).
"""

import base64
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

CELLS = [
    ("stream", 'import sys\nprint("hello from python")\nprint("to stderr", file=sys.stderr)'),
    ("value", "x = 6 * 7\nx"),
    ("silenced", "x;"),
    ("rich", '''import base64
PNG_1PX = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
class Rich:
    def _repr_html_(self): return "<b>rich html</b>"
    def _repr_markdown_(self): return "**rich md**"
    def _repr_svg_(self): return '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'
    def _repr_png_(self): return PNG_1PX
    def _repr_json_(self): return {"answer": 42}
    def __repr__(self): return "Rich()"
Rich()'''),
    ("display", 'display(Rich())\ndisplay("just text")'),
    ("update", 'from tasl_kernel import HTML\n'
               'display(HTML("<i>step 1</i>"), display_id="prog")\n'
               'display(HTML("<i>step 2 done</i>"), display_id="prog", update=True)'),
    ("progress", '''import tasl, tasl_kernel
from tasl.events import Event
p = tasl_kernel.NotebookProgress(every_s=0)
p(Event({"type": "run_started", "run": "r1", "tasks": ["a", "b"]}))
for t in range(2):
    p(Event({"type": "task_started", "task": t, "task_name": "ab"[t], "steps": 3}))
    for s in range(1, 4):
        p(Event({"type": "step", "task": t, "step": s, "steps": 3, "loss": 1.0 / s}))
    p(Event({"type": "task_evaluated", "task": t, "task_name": "ab"[t], "row": [50.0, 60.0]}))
p(Event({"type": "run_finished", "status": "completed", "ap": 55.0, "bwt": -1.0}))'''),
    ("tasl_table", 'tasl.Table([{"task": "dbpedia", "score": 91.5}, {"task": "amazon", "score": 55.25}])'),
    ("tasl_png", "tasl.Png(PNG_1PX)"),
    ("error", "def inner():\n    return 1 / 0\n\ninner()"),
    ("java_error", 'from java.lang import Integer\nInteger.parseInt("not a number")'),
    ("js", "%%js\nconsole.log('hello from js');\nvar y = py.x + 1;\ny"),
    ("js_sets", "%%js\npy.fromJs = 'set by js'"),
    ("java", '%%java\nint z = (Integer) py("x") * 2;\npy("fromJava", "set by java " + z);\nSystem.out.println("hello from java");\nz'),
    ("shared", "fromJs, fromJava"),
    ("time", "%time total = sum(range(1000))\ntotal"),
    ("who", "%who"),
    ("env", "%env TASL_KERNEL_DEMO=yes\n%env TASL_KERNEL_DEMO"),
    ("lsmagic", "%lsmagic"),
    ("dashboard", "%dashboard " + tempfile.mkdtemp(prefix="tasl-kernel-runs-")),
]

RAISES = {"error", "java_error"}


def fail(name, why, outputs):
    print("FAIL %s: %s\n  outputs: %r" % (name, why, outputs)[:3000], flush=True)
    raise SystemExit(1)


def text_of(outputs, stream=None):
    parts = []
    for o in outputs:
        if o["output_type"] == "stream" and (stream is None or o["name"] == stream):
            parts.append(o["text"])
    return "".join(parts)


def result(outputs):
    r = [o for o in outputs if o["output_type"] == "execute_result"]
    return r[0]["data"] if r else None


def main():
    out_path = sys.argv[1]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "tasl", "display_name": "TaSL (Python on JVM)", "language": "python"}
    for name, src in CELLS:
        cell = nbformat.v4.new_code_cell(src)
        cell.metadata["name"] = name
        if name in RAISES:
            cell.metadata["tags"] = ["raises-exception"]
        nb.cells.append(cell)
    client = NotebookClient(nb, kernel_name="tasl", timeout=300, startup_timeout=600)
    client.execute()
    nbformat.write(nb, out_path)
    outs = {c.metadata["name"]: c.outputs for c in nb.cells}

    o = outs["stream"]
    if "hello from python" not in text_of(o, "stdout") or "to stderr" not in text_of(o, "stderr"):
        fail("stream", "stdout and stderr text", o)
    print("ok stream")

    if (result(outs["value"]) or {}).get("text/plain") != "42":
        fail("value", "trailing expression shown", outs["value"])
    if result(outs["silenced"]) is not None:
        fail("silenced", "a trailing ; hides the value", outs["silenced"])
    print("ok value")

    r = result(outs["rich"]) or {}
    want = {"text/html": "<b>rich html</b>", "text/markdown": "**rich md**", "text/plain": "Rich()"}
    for k, v in want.items():
        if r.get(k) != v:
            fail("rich", "%s = %r" % (k, v), outs["rich"])
    if "<svg" not in r.get("image/svg+xml", "") or r.get("application/json") != {"answer": 42}:
        fail("rich", "svg and json", outs["rich"])
    if not base64.b64decode(r.get("image/png", "")).startswith(b"\x89PNG"):
        fail("rich", "png as base64", outs["rich"])
    print("ok rich")

    d = [x for x in outs["display"] if x["output_type"] == "display_data"]
    if len(d) != 2 or d[0]["data"].get("text/html") != "<b>rich html</b>" or d[1]["data"].get("text/plain") != "'just text'":
        fail("display", "two display_data outputs", outs["display"])
    print("ok display")

    u = [x for x in outs["update"] if x["output_type"] == "display_data"]
    if len(u) != 1 or u[0]["data"].get("text/html") != "<i>step 2 done</i>":
        fail("update", "one output, updated in place", outs["update"])
    print("ok update")

    p = [x for x in outs["progress"] if x["output_type"] == "display_data"]
    if len(p) != 1 or "completed" not in p[0]["data"].get("text/plain", "") or "<progress" not in p[0]["data"].get("text/html", ""):
        fail("progress", "one progress output updated to the final state", outs["progress"])
    print("ok progress")

    t = result(outs["tasl_table"]) or {}
    if "<table" not in t.get("text/html", "") or "dbpedia" not in t.get("text/html", ""):
        fail("tasl_table", "HTML table", outs["tasl_table"])
    if not base64.b64decode((result(outs["tasl_png"]) or {}).get("image/png", "")).startswith(b"\x89PNG"):
        fail("tasl_png", "image/png", outs["tasl_png"])
    print("ok tasl objects")

    e = [x for x in outs["error"] if x["output_type"] == "error"]
    if not e or e[0]["ename"] != "ZeroDivisionError":
        fail("error", "ZeroDivisionError", outs["error"])
    tb = "\n".join(e[0]["traceback"])
    if "<cell" not in tb or "line 2" not in tb or "line 4" not in tb or "return 1 / 0" not in tb:
        fail("error", "traceback with the cell's lines 4 and 2 and their source", outs["error"])
    print("ok error traceback")

    e = [x for x in outs["java_error"] if x["output_type"] == "error"]
    if not e or "NumberFormatException" not in "\n".join(e[0]["traceback"]) + e[0]["ename"] + e[0]["evalue"]:
        fail("java_error", "the Java cause", outs["java_error"])
    print("ok java cause")

    if (result(outs["js"]) or {}).get("text/plain") != "43" or "hello from js" not in text_of(outs["js"]):
        fail("js", "%%js sees py.x and prints", outs["js"])
    j = outs["java"]
    if (result(j) or {}).get("text/plain") != "84" or "hello from java" not in text_of(j):
        fail("java", "%%java sees py(\"x\") and prints", j)
    if (result(outs["shared"]) or {}).get("text/plain") != "('set by js', 'set by java 84')":
        fail("shared", "values set by js and java are Python globals", outs["shared"])
    print("ok magics js java")

    if "Wall time" not in text_of(outs["time"]) or (result(outs["time"]) or {}).get("text/plain") != "499500":
        fail("time", "%time prints times", outs["time"])
    who = text_of(outs["who"])
    if "x" not in who.split() or "Rich" not in who.split():
        fail("who", "%who lists x and Rich", outs["who"])
    if (result(outs["env"]) or {}).get("text/plain") != "'yes'":
        fail("env", "%env sets and reads", outs["env"])
    if "%%java" not in text_of(outs["lsmagic"]) or "%dashboard" not in text_of(outs["lsmagic"]):
        fail("lsmagic", "lists magics", outs["lsmagic"])
    if "<iframe" not in (result(outs["dashboard"]) or {}).get("text/html", ""):
        fail("dashboard", "inline frame", outs["dashboard"])
    print("ok line magics")
    print("ok notebook")


if __name__ == "__main__":
    main()
