"""Experiments in a notebook: progress shown in place, runs interruptible at a step boundary.

Part of the Python half of the TaSL kernel (see ``tasl_kernel``); loaded into the kernel's
GraalPy context by ``org.tasl.kernel.PythonSession`` before ``tasl_kernel``, which re-exports
its public names.
"""

import contextlib
import time

from tasl_kernel_display import _publish
from tasl_kernel_host import _host


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


@contextlib.contextmanager
def _interruptible(experiment):
    """Lets the kernel's interrupt cancel this run at the next step boundary (a ``tasl`` run hook)."""
    track = _host.get("track")
    if track is not None:
        track(experiment.java, True)
    cancelled = False
    try:
        yield
    finally:
        if track is not None:
            cancelled = bool(track(experiment.java, False))
    if cancelled:
        raise KeyboardInterrupt("run cancelled at a step boundary (completed tasks stay in %s)" % experiment.out)


def install():
    """Kernel-side defaults of the ``tasl`` package, through its documented hooks: notebook
    progress for ``run(progress=True)`` and interruptible runs."""
    try:
        import tasl
    except Exception:  # noqa: BLE001 - the kernel still runs Python without the package
        return
    tasl.set_default_progress(NotebookProgress)
    tasl.add_run_hook(_interruptible)
