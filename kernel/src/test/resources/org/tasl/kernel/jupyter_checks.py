"""What the kernel client checks (client_check.py, js_client_check.py) share: one "ok <check>"
line per passed check or exit at the first failure, and the request/reply plumbing of
jupyter_client (a request's shell reply and its iopub messages up to idle)."""

TIMEOUT = 180


def check(name, cond, detail=""):
    if not cond:
        print("FAIL %s: %s" % (name, detail), flush=True)
        raise SystemExit(1)
    print("ok %s" % name, flush=True)


def run(kc, code, timeout=TIMEOUT):
    """Executes code; returns (reply content, list of iopub messages of this request)."""
    msgs = []
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        msgs.append(m)
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    return reply["content"], msgs


def shell(kc, msg_id, timeout=TIMEOUT):
    """The content of the shell reply to the request msg_id (e.g. is_complete, which has no reply=True)."""
    while True:
        r = kc.get_shell_msg(timeout=timeout)
        if r["parent_header"].get("msg_id") == msg_id:
            return r["content"]


def outputs(msgs, kind):
    return [m["content"] for m in msgs if m["msg_type"] == kind]


def result_text(msgs):
    r = outputs(msgs, "execute_result")
    return r[0]["data"]["text/plain"] if r else None


def stream(msgs, name):
    return "".join(m["text"] for m in outputs(msgs, "stream") if m["name"] == name)
