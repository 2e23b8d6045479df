"""Drives the tasl-js kernel with jupyter_client: every message kind a notebook front end sends.

Run by JsKernelClientsTest with JUPYTER_PATH pointing at a temp kernelspec. Prints one
"ok <check>" line per passed check and exits non-zero at the first failure (with the reason).
The kernel is always shut down (finally). --train BACKBONE adds the interrupt of a running
experiment (needs that backbone in the cache).
"""

import base64
import sys
import time

from jupyter_client.manager import start_new_kernel

from jupyter_checks import check, outputs, result_text, run, shell, stream

TIMEOUT = 180
TRAIN_BACKBONE = sys.argv[sys.argv.index("--train") + 1] if "--train" in sys.argv else None


def main():
    t0 = time.monotonic()
    km, kc = start_new_kernel(kernel_name="tasl-js", startup_timeout=TIMEOUT)
    try:
        ready = time.monotonic()
        reply, msgs = run(kc, "1 + 1")
        print("timing kernel_ready_s=%.2f first_result_s=%.2f" % (ready - t0, time.monotonic() - t0), flush=True)
        check("execute_result", result_text(msgs) == "2", msgs)

        info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        li = info["language_info"]
        check("kernel_info language", li["name"] == "javascript" and li["file_extension"] == ".js"
              and li["mimetype"] == "text/javascript" and li["codemirror_mode"] == "javascript", info)

        # Variables survive between cells: var, let, const, class and functions.
        run(kc, "var a = 40; let b = 1; const c = { n: 2 }; class Thing { go(steps, rate = 0.5) { return steps; } }\n"
                "function twice(x) { return 2 * x; }\nconst thing = new Thing();")
        reply, msgs = run(kc, "a + b + c.n + twice(thing.go(1))")
        check("let and const survive between cells", result_text(msgs) == "45", msgs)
        reply, msgs = run(kc, "let b = 5")
        check("redeclaring a let is an error with a hint", reply["status"] == "error" and reply["ename"] == "SyntaxError"
              and any("assign it" in line for line in reply["traceback"]), reply)
        reply, msgs = run(kc, "b = 5; b")
        check("assigning a let of an earlier cell", result_text(msgs) == "5", msgs)

        reply, msgs = run(kc, "console.log('to stdout'); console.error('to stderr'); undefined")
        check("console.log and console.error stream", stream(msgs, "stdout") == "to stdout\n"
              and stream(msgs, "stderr") == "to stderr\n" and result_text(msgs) is None, msgs)
        reply, msgs = run(kc, "'text'")
        check("strings show quoted", result_text(msgs) == "'text'", msgs)
        reply, msgs = run(kc, "[1, 'x', { k: [2] }]")
        check("arrays and objects show as in a REPL", result_text(msgs) == "[ 1, 'x', { k: [ 2 ] } ]", msgs)

        # Rich display.
        reply, msgs = run(kc, "display.html('<b>bold</b>'); display.markdown('*md*');"
                              " display.png(new Uint8Array([137, 80, 78, 71])); display({ a: 1 })")
        shown = outputs(msgs, "display_data")
        check("display.html", shown[0]["data"].get("text/html") == "<b>bold</b>", shown)
        check("display.markdown", shown[1]["data"].get("text/markdown") == "*md*", shown)
        check("display.png", base64.b64decode(shown[2]["data"]["image/png"]) == bytes([137, 80, 78, 71]), shown)
        check("display(value)", shown[3]["data"]["text/plain"] == "{ a: 1 }", shown)
        reply, msgs = run(kc, "({ [Symbol.for('Jupyter.display')]() { return { 'text/html': '<i>mine</i>', 'text/plain': 'mine' }; } })")
        r = outputs(msgs, "execute_result")
        check("Symbol.for('Jupyter.display') bundle", r and r[0]["data"] == {"text/html": "<i>mine</i>", "text/plain": "mine"}, msgs)
        reply, msgs = run(kc, "const h = display('first', { displayId: true }); h.update('second'); undefined")
        check("display handle update", [m["msg_type"] for m in msgs if m["msg_type"].endswith("display_data")]
              == ["display_data", "update_display_data"], msgs)

        # Errors: the JavaScript stack, and the Java cause of a failing Java call.
        reply, msgs = run(kc, "function inner() { return null.field; }\nfunction outer() { return inner(); }\nouter()")
        tb = "\n".join(reply.get("traceback", []))
        check("error name and JS stack", reply["status"] == "error" and reply["ename"] == "TypeError"
              and "at inner (<cell" in tb and "at outer (<cell" in tb, reply)
        check("error published on iopub", outputs(msgs, "error") and outputs(msgs, "error")[0]["ename"] == "TypeError", msgs)
        reply, msgs = run(kc, "Java.type('java.lang.Integer').parseInt('twelve')")
        tb = "\n".join(reply.get("traceback", []))
        check("Java exception with its Java cause", reply["status"] == "error" and reply["ename"] == "NumberFormatException"
              and "Java cause: java.lang.NumberFormatException" in tb and "twelve" in reply["evalue"], reply)
        reply, msgs = run(kc, "tasl.loadRun('/no/such/run')")
        tb = "\n".join(reply.get("traceback", []))
        check("tasl error with the Java cause", reply["status"] == "error" and reply["ename"].startswith("Tasl")
              and "Java cause:" in tb and "/no/such/run" in reply["evalue"], reply)

        # The tasl module, camelCase, as in scripts.
        reply, msgs = run(kc, "const t2 = require('tasl'); [t2 === tasl, typeof tasl.experiment, typeof tasl.loadRun]")
        check("require('tasl')", result_text(msgs) == "[ true, 'function', 'function' ]", msgs)

        # %%python shares values both ways; %%java sees the same JVM.
        reply, msgs = run(kc, "%%python\nfrom_py = js.a + 2\nprint('python sees', js.c)\nfrom_py * 10")
        check("%%python runs and reads JavaScript globals", result_text(msgs) == "420"
              and "python sees" in stream(msgs, "stdout"), msgs)
        reply, msgs = run(kc, "py.from_py + 1")
        check("JavaScript reads the value %%python set", result_text(msgs) == "43", msgs)
        reply, msgs = run(kc, "%%python\nraise ValueError('bad value')")
        check("%%python error is Python's", reply["status"] == "error" and reply["ename"] == "ValueError", reply)
        reply, msgs = run(kc, "%%java\nint z = 6 * 7;\nz")
        check("%%java", result_text(msgs) == "42", msgs)

        # Line magics as in the Python kernel.
        reply, msgs = run(kc, "%time twice(21)")
        check("%time", result_text(msgs) == "42" and "Wall time" in stream(msgs, "stdout"), msgs)
        reply, msgs = run(kc, "%who")
        names = stream(msgs, "stdout").split()
        check("%who lists let, const, var, class and function names", all(n in names for n in ["a", "b", "c", "Thing", "twice", "thing"])
              and "display" not in names, msgs)
        reply, msgs = run(kc, "%lsmagic")
        check("%lsmagic", "%%python" in stream(msgs, "stdout") and "%time" in stream(msgs, "stdout"), msgs)
        reply, msgs = run(kc, "%env TASL_JS_CHECK=yes\nprocess.env.TASL_JS_CHECK")
        check("%env", result_text(msgs) == "'yes'", msgs)

        # Completion and inspection.
        c = kc.complete("twi", 3, reply=True, timeout=TIMEOUT)["content"]
        check("complete global function", "twice" in c["matches"] and c["cursor_start"] == 0, c)
        c = kc.complete("thing.g", 7, reply=True, timeout=TIMEOUT)["content"]
        check("complete class member", "thing.go" in c["matches"] and c["cursor_start"] == 0, c)
        c = kc.complete("tasl.exper", 10, reply=True, timeout=TIMEOUT)["content"]
        check("complete tasl member", "tasl.experiment" in c["matches"], c)
        c = kc.complete("const s = Java.type('java.lang.String').valueOf(1); s.toUpp", 56, reply=True, timeout=TIMEOUT)["content"]
        run(kc, "const jstr = new (Java.type('java.lang.StringBuilder'))('x')")
        c = kc.complete("jstr.appe", 9, reply=True, timeout=TIMEOUT)["content"]
        check("complete Java object member", "jstr.append" in c["matches"], c)
        c = kc.complete("%%py", 4, reply=True, timeout=TIMEOUT)["content"]
        check("complete cell magic", "%%python" in c["matches"], c)
        i = kc.inspect("thing.go(", 9, reply=True, timeout=TIMEOUT)["content"]
        text = i.get("data", {}).get("text/plain", "")
        check("inspect signature", i["found"] and "go(steps, rate = 0.5)" in text, i)
        i = kc.inspect("Thing", 2, reply=True, timeout=TIMEOUT)["content"]
        check("inspect class", i["found"] and "class Thing" in i["data"]["text/plain"] and "go" in i["data"]["text/plain"], i)
        i = kc.inspect("jstr", 2, reply=True, timeout=TIMEOUT)["content"]
        check("inspect Java object", i["found"] and "java.lang.StringBuilder" in i["data"]["text/plain"], i)

        # is_complete from GraalJS's parser.
        for code, status in [("let x = 1", "complete"), ("function f() {", "incomplete"), ("let y = (1,", "incomplete"),
                             ("`open template", "incomplete"), ("x = = 2", "invalid"), ("%%python\nx = 1\n\n", "complete")]:
            r = shell(kc, kc.is_complete(code))
            check("is_complete %r" % code, r["status"] == status, r)

        # Interrupt a plain loop; the kernel stays usable.
        msg_id = kc.execute("console.log('looping'); let n = 0; while (true) { n++; }")
        streamed = False
        while not streamed:
            m = kc.get_iopub_msg(timeout=TIMEOUT)
            streamed = (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream"
                        and "looping" in m["content"]["text"])
        check("stdout streamed while the cell runs", streamed)
        km.interrupt_kernel()
        r = shell(kc, msg_id)
        check("interrupt loop", r["status"] == "error" and r["ename"] == "KeyboardInterrupt", r)
        reply, msgs = run(kc, "[n > 0, a + 2]")
        check("usable after interrupt", result_text(msgs) == "[ true, 42 ]", msgs)

        if TRAIN_BACKBONE is None:
            print("skip interrupt training: no backbone given (--train BACKBONE)", flush=True)
        else:
            interrupt_training(km, kc)

        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        reply, msgs = run(kc, "[typeof a, typeof b, 2 + 3]")
        check("restart", result_text(msgs) == "[ 'undefined', 'undefined', 5 ]", msgs)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print("ok shutdown", flush=True)


def interrupt_training(km, kc):
    """A training cell shows progress in place, is cancelled at a step boundary; the kernel stays usable."""
    train = ("const exp = tasl.experiment(tasl.benchmark('builtin', { trainPerTask: 64, evalPerTask: 8 }), { method: 'seqft',"
             " backbone: %r, epochs: 50, batchSize: 2, device: 'cpu', out: Java.type('java.nio.file.Files')"
             ".createTempDirectory('tasl-js').toString() });\nexp.run()") % TRAIN_BACKBONE
    msg_id = kc.execute(train)
    seen_progress = False
    deadline = time.monotonic() + TIMEOUT * 3
    while time.monotonic() < deadline and not seen_progress:
        m = kc.get_iopub_msg(timeout=TIMEOUT * 3)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "update_display_data" and "step" in m["content"]["data"]["text/plain"]:
            seen_progress = True
        if m["msg_type"] == "error":
            check("training cell started", False, m["content"])
    check("training progress in place", seen_progress)
    km.interrupt_kernel()
    r = shell(kc, msg_id, TIMEOUT)
    check("interrupt training", r["status"] == "error" and r["ename"] == "KeyboardInterrupt"
          and "step boundary" in r["evalue"], r)
    reply, msgs = run(kc, "a")
    check("usable after training interrupt", result_text(msgs) == "40", msgs)


if __name__ == "__main__":
    main()
