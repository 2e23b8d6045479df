"""Executes notebooks with a Jupyter kernel through nbclient (run by `./tasl notebooks run`).

usage: run_notebooks.py --out DIR [--kernel NAME] --timeout SECONDS NOTEBOOK...

Writes each executed copy to DIR (also when a cell fails, so the error can be read there),
prints one line per notebook, and exits 1 when any cell of any notebook raised.
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def failing_cell(nb):
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, cell, output
    return None, None, None


def run_one(path, out_dir, kernel, timeout, startup_timeout):
    nb = nbformat.read(path, as_version=4)
    # Each notebook on its own kernelspec (tasl or tasl-js) unless --kernel names one for all.
    kernel = kernel or nb.metadata.get("kernelspec", {}).get("name") or "tasl"
    # A JVM kernel on a busy machine can take minutes to start: wait for it as long as --startup-timeout.
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, startup_timeout=startup_timeout, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.time()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = e
    except (CellTimeoutError, DeadKernelError) as e:
        error = e
    except Exception as e:  # noqa: BLE001 - e.g. the kernel did not start: report it per notebook
        error = e
    seconds = time.time() - started
    target = os.path.join(out_dir, os.path.basename(path))
    tmp = target + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, target)
    name = os.path.basename(path)
    if error is None:
        print("ok      %-36s %7.1f s  -> %s" % (name, seconds, target), flush=True)
        return True
    index, cell, output = failing_cell(nb)
    if output is not None:
        first = "".join(cell.get("source", "")).strip().splitlines()
        print("FAILED  %-36s %7.1f s  cell %d (id %s, \"%s\"): %s: %s" % (
            name, seconds, index, cell.get("id", "?"), first[0][:60] if first else "",
            output.get("ename"), output.get("evalue")), flush=True)
    else:
        lines = str(error).strip().splitlines()
        print("FAILED  %-36s %7.1f s  %s: %s" % (name, seconds, type(error).__name__, lines[-1] if lines else ""),
              flush=True)
    print("        executed copy with the traceback: %s" % target, flush=True)
    return False


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--kernel", default=None, help="kernelspec for every notebook (default: each notebook's own)")
    p.add_argument("--timeout", type=int, default=1800)
    p.add_argument("--startup-timeout", type=int, default=300)
    p.add_argument("notebooks", nargs="+")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    ok = True
    for path in a.notebooks:
        ok = run_one(path, a.out, a.kernel, a.timeout, a.startup_timeout) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
