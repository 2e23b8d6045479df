#!/usr/bin/env python3
"""Start-up benchmark: time to first output of the tasl kernels, IPython and ./tasl script.

usage: /usr/bin/python3 tools/startup_bench.py [--repeat N] [--kernels tasl,tasl-js,python3]
                                                [--no-scripts] [--json FILE]

For each kernel, N times, the way a notebook client starts one: jupyter_client starts the
kernel process, waits for its kernel_info reply ("ready"), sends one cell that prints a line,
and stops the clock when that line arrives on IOPub ("first output"). The kernels are measured
interleaved (tasl, tasl-js, python3, tasl, ...) so that load from other work on the machine hits
them alike. Then `./tasl script` on a trivial .py and .js file (wall time of the whole command).

Prints min / median / max per kernel and the ratio of the tasl kernels' median first output to
IPython's. The tasl kernelspecs are installed into a temporary prefix from this checkout
(`./tasl kernel install --prefix`), so an installed older spec is never measured by mistake.
Nothing is asserted: this is a measurement, not a test.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel 6 warns about frozen modules otherwise
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELLS = {
    "tasl": "print('first output')",
    "tasl-js": "console.log('first output')",
    "python3": "print('first output')",
}
TIMEOUT = 300


def first_output(kernel_name):
    """(ready_s, first_output_s) for one fresh kernel."""
    km = KernelManager(kernel_name=kernel_name)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        ready = time.monotonic() - t0
        msg_id = kc.execute(CELLS[kernel_name])
        while True:
            m = kc.get_iopub_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream" and "first output" in m["content"]["text"]:
                return ready, time.monotonic() - t0
            if m["msg_type"] == "error":
                raise RuntimeError("%s: the cell failed: %s" % (kernel_name, m["content"]))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def script_seconds(path):
    t0 = time.monotonic()
    p = subprocess.run([os.path.join(ROOT, "tasl"), "script", path], capture_output=True, text=True, timeout=TIMEOUT)
    seconds = time.monotonic() - t0
    if p.returncode != 0 or "first output" not in p.stdout:
        raise RuntimeError("./tasl script %s failed (%d): %s%s" % (path, p.returncode, p.stdout, p.stderr))
    return seconds


def summary(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def fmt(s):
    return "min %5.2f s  median %5.2f s  max %5.2f s  (n=%d)" % (s["min"], s["median"], s["max"], s["n"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--kernels", default="tasl,tasl-js,python3")
    ap.add_argument("--no-scripts", action="store_true", help="skip ./tasl script")
    ap.add_argument("--json", help="also write the numbers to this file")
    a = ap.parse_args()

    prefix = tempfile.mkdtemp(prefix="tasl-startup-bench-")
    try:
        subprocess.run([os.path.join(ROOT, "tasl"), "kernel", "install", "--prefix", prefix], check=True,
                       stdout=subprocess.DEVNULL)
        os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter") + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        from jupyter_client.kernelspec import KernelSpecManager
        available = KernelSpecManager().find_kernel_specs()
        kernels = [k for k in a.kernels.split(",") if k]
        missing = [k for k in kernels if k not in available]
        for k in missing:
            print("skip %s: no such kernelspec (found %s)" % (k, ", ".join(sorted(available))), flush=True)
        kernels = [k for k in kernels if k not in missing]
        ready = {k: [] for k in kernels}
        first = {k: [] for k in kernels}
        load = os.getloadavg()[0]
        for i in range(a.repeat):
            for k in kernels:
                r, f = first_output(k)
                ready[k].append(r)
                first[k].append(f)
                print("run %d %-8s ready %5.2f s  first output %5.2f s  (load %.1f)" % (i + 1, k, r, f, os.getloadavg()[0]),
                      flush=True)
        scripts = {}
        if not a.no_scripts:
            tmp = os.path.join(prefix, "scripts")
            os.makedirs(tmp)
            files = {"hello.py": "import tasl\nprint('first output', tasl.__version__)\n",
                     "hello.js": "const tasl = require('tasl');\nconsole.log('first output', tasl.version);\n"}
            times = {n: [] for n in files}
            for n, text in files.items():
                with open(os.path.join(tmp, n), "w") as f:
                    f.write(text)
            for i in range(a.repeat):
                for n in files:
                    s = script_seconds(os.path.join(tmp, n))
                    times[n].append(s)
                    print("run %d ./tasl script %-8s %5.2f s" % (i + 1, n, s), flush=True)
            scripts = {n: summary(v) for n, v in times.items()}

        print("\nload average at start %.1f, at end %.1f, %d CPUs" % (load, os.getloadavg()[0], os.cpu_count()))
        result = {"kernels": {}, "scripts": scripts}
        for k in kernels:
            result["kernels"][k] = {"ready": summary(ready[k]), "first_output": summary(first[k])}
            print("%-8s ready         %s" % (k, fmt(result["kernels"][k]["ready"])))
            print("%-8s first output  %s" % (k, fmt(result["kernels"][k]["first_output"])))
        if "python3" in first:
            base = statistics.median(first["python3"])
            for k in kernels:
                if k != "python3":
                    ratio = statistics.median(first[k]) / base
                    result["kernels"][k]["ratio_to_ipython"] = ratio
                    print("ratio %s / IPython (median first output): %.2f" % (k, ratio))
        for n, s in scripts.items():
            print("./tasl script %-8s %s" % (n, fmt(s)))
        if a.json:
            with open(a.json, "w") as f:
                json.dump(result, f, indent=2)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
