"""Drives the tasl kernel with jupyter_client: completion, inspection, is_complete, interrupt.

Run by KernelClientTest with JUPYTER_PATH pointing at a temp kernelspec. Prints one
"ok <check>" line per passed check and exits non-zero at the first failure (with the reason).
The kernel is always shut down (finally).
"""

import sys
import time

from jupyter_client.manager import start_new_kernel

from jupyter_checks import check, outputs, run, shell

TIMEOUT = 120
TRAIN_BACKBONE = sys.argv[sys.argv.index("--train") + 1] if "--train" in sys.argv else None


def main():
    t0 = time.monotonic()
    km, kc = start_new_kernel(kernel_name="tasl", startup_timeout=TIMEOUT)
    try:
        started = time.monotonic()
        reply, msgs = run(kc, "1 + 1")
        first = time.monotonic()
        print("timing kernel_start_s=%.2f first_result_s=%.2f" % (started - t0, first - t0), flush=True)
        check("execute_result", outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "2", msgs)

        info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        check("kernel_info language", info["language_info"]["name"] == "python", info)

        run(kc, "import tasl\nalpha_value = 41\nclass Thing:\n    '''A documented thing.'''\n    def go(self, steps, rate=0.5):\n        '''Goes steps steps.'''\n        return steps\nthing = Thing()")

        c = kc.complete("alpha_v", 7, reply=True, timeout=TIMEOUT)["content"]
        check("complete name", "alpha_value" in c["matches"] and c["cursor_start"] == 0, c)
        c = kc.complete("thing.g", 7, reply=True, timeout=TIMEOUT)["content"]
        check("complete attribute", "thing.go" in c["matches"], c)
        c = kc.complete("tasl.exper", 10, reply=True, timeout=TIMEOUT)["content"]
        check("complete module member", "tasl.experiment" in c["matches"], c)
        c = kc.complete("%ti", 3, reply=True, timeout=TIMEOUT)["content"]
        check("complete magic", "%time" in c["matches"], c)
        c = kc.complete("%%j", 3, reply=True, timeout=TIMEOUT)["content"]
        check("complete cell magic", "%%js" in c["matches"] and "%%java" in c["matches"], c)

        i = kc.inspect("thing.go(", 9, reply=True, timeout=TIMEOUT)["content"]
        text = i.get("data", {}).get("text/plain", "")
        check("inspect signature", i["found"] and "(steps, rate=0.5)" in text and "Goes steps steps." in text, i)
        i = kc.inspect("Thing", 2, reply=True, timeout=TIMEOUT)["content"]
        check("inspect docstring", i["found"] and "A documented thing." in i["data"]["text/plain"], i)

        r = shell(kc, kc.is_complete("x = 1"), TIMEOUT)
        check("is_complete complete", r["status"] == "complete", r)
        r = shell(kc, kc.is_complete("for i in range(3):"), TIMEOUT)
        check("is_complete incomplete", r["status"] == "incomplete" and r.get("indent") == "    ", r)
        r = shell(kc, kc.is_complete("x = (1,"), TIMEOUT)
        check("is_complete open bracket", r["status"] == "incomplete", r)
        r = shell(kc, kc.is_complete("x = = 2"), TIMEOUT)
        check("is_complete invalid", r["status"] == "invalid", r)

        # Interrupt a plain Python loop; the kernel must stay usable.
        msg_id = kc.execute("print('looping', flush=True)\nn = 0\nwhile True:\n    n += 1")
        streamed = False
        while not streamed:
            m = kc.get_iopub_msg(timeout=TIMEOUT)
            streamed = (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream"
                        and "looping" in m["content"]["text"])
        check("stdout streamed while the cell runs", streamed)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=60)
        check("interrupt loop", reply["content"]["status"] == "error"
              and reply["content"]["ename"] == "KeyboardInterrupt", reply["content"])
        reply, msgs = run(kc, "n > 0, alpha_value + 1")
        check("usable after interrupt", outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "(True, 42)", msgs)

        if TRAIN_BACKBONE is None:
            print("skip interrupt training: no backbone given (--train BACKBONE)", flush=True)
        else:
            interrupt_training(km, kc)

        # Restart: a fresh kernel (state gone) that answers.
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        reply, msgs = run(kc, "'alpha_value' in globals(), 2 + 3")
        check("restart", outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "(False, 5)", msgs)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print("ok shutdown", flush=True)


def interrupt_training(km, kc):
    """A training cell is cancelled at a step boundary; the kernel stays usable."""
    train = ("import tasl, tempfile\n"
             "exp = tasl.experiment(tasl.benchmark('builtin', train_per_task=64, eval_per_task=8), method='seqft',"
             " backbone=%r, epochs=50, batch_size=2, device='cpu', out=tempfile.mkdtemp())\n"
             "exp.run()") % TRAIN_BACKBONE
    msg_id = kc.execute(train)
    seen_progress = False
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not seen_progress:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "update_display_data":
            seen_progress = True
        if m["msg_type"] == "error" and m["parent_header"].get("msg_id") == msg_id:
            check("training cell started", False, m["content"])
    check("training progress in place", seen_progress)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    check("interrupt training", reply["content"]["status"] == "error"
          and reply["content"]["ename"] == "KeyboardInterrupt", reply["content"])
    reply, msgs = run(kc, "alpha_value")
    check("usable after training interrupt", outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "41", msgs)


if __name__ == "__main__":
    main()
