"""Protocol robustness through real sockets: forged and malformed messages are dropped without
harming the kernel; status, execute_input, silent and store_history follow the messaging spec."""
import hashlib
import hmac
import json
import time
import uuid
from datetime import datetime, timezone

import pytest
import zmq

from conftest import TIMEOUT, alive, drain

DELIM = b"<IDS|MSG>"


def header(msg_type, session="forger"):
    return {"msg_id": uuid.uuid4().hex, "session": session, "username": "test",
            "date": datetime.now(timezone.utc).isoformat(), "msg_type": msg_type,
            "version": "5.3"}


def sign(key, parts):
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for p in parts:
        mac.update(p)
    return mac.hexdigest().encode()


def frames(key, hdr, content):
    """A wire message [DELIM, HMAC, header, parent, metadata, content] signed with key."""
    parts = [json.dumps(x).encode() for x in (hdr, {}, {}, content)]
    return [DELIM, sign(key, parts), *parts]


class RawSocket:
    """A DEALER socket of our own on one of the kernel's channels, to send what no client would."""

    def __init__(self, kernel, channel):
        info = kernel.km.get_connection_info()
        self.key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.linger = 0
        self.sock.connect(f"{info['transport']}://{info['ip']}:{info[channel + '_port']}")

    def send(self, parts):
        self.sock.send_multipart(parts)

    def kernel_info(self, timeout_ms=30_000):
        """A correctly signed kernel_info_request; returns the reply's header and content."""
        hdr = header("kernel_info_request")
        self.send(frames(self.key, hdr, {}))
        while self.sock.poll(timeout_ms):
            msg = self.sock.recv_multipart()
            parts = msg[msg.index(DELIM) + 1:]
            assert hmac.compare_digest(parts[0], sign(self.key, parts[1:5])), "bad reply HMAC"
            parent = json.loads(parts[2])
            if parent.get("msg_id") == hdr["msg_id"]:
                return json.loads(parts[1]), json.loads(parts[4])
        raise TimeoutError("no kernel_info_reply: the channel stopped serving")

    def pending(self, timeout_ms):
        return self.sock.poll(timeout_ms) != 0

    def close(self):
        self.sock.close()
        self.ctx.term()


FORGED_CODE = 'System.out.println("FORGED");'


def bad_messages(key):
    """Messages a kernel must drop: name -> (wire frames, msg_id carried in the header)."""
    def forged():
        h = header("execute_request")
        m = frames(b"not-the-key", h, {"code": FORGED_CODE, "silent": False})
        return m, h["msg_id"]

    def unsigned():
        m, msg_id = forged()
        m[1] = b""
        return m, msg_id

    def bad_json():
        h = header("execute_request")
        parts = [json.dumps(h).encode(), b"{}", b"{}", b'{"code": "System.out.println(1);",']
        return [DELIM, sign(key, parts), *parts], h["msg_id"]

    def too_few_frames():
        h = header("execute_request")
        parts = [json.dumps(h).encode()]
        return [DELIM, sign(key, parts), *parts], h["msg_id"]

    return {"forged": forged, "unsigned": unsigned, "bad_json": bad_json,
            "too_few_frames": too_few_frames}


@pytest.mark.parametrize("kind", ["forged", "unsigned", "bad_json", "too_few_frames"])
def test_bad_shell_message_is_dropped_and_kernel_keeps_serving(kernel, kind):
    raw = RawSocket(kernel, "shell")
    try:
        bad, bad_id = bad_messages(raw.key)[kind]()
        raw.send(bad)
        # Same peer, same channel: this reply proves the bad message was handled first.
        reply_header, content = raw.kernel_info()
        assert reply_header["msg_type"] == "kernel_info_reply"
        assert content["status"] == "ok"
        assert not raw.pending(200), "the kernel answered a message it should have dropped"
    finally:
        raw.close()

    run = kernel.run("6 * 7")
    assert run.status == "ok"
    assert run.result() == "42"
    assert not [m for m in run.iopub if m["parent_header"].get("msg_id") == bad_id]
    assert "FORGED" not in json.dumps(run.iopub, default=str)


def test_forged_shutdown_on_control_is_ignored(kernel):
    raw = RawSocket(kernel, "control")
    try:
        raw.send(frames(b"not-the-key", header("shutdown_request"), {"restart": False}))
        reply_header, _ = raw.kernel_info()
        assert reply_header["msg_type"] == "kernel_info_reply"
    finally:
        raw.close()
    assert alive(kernel.pid)
    assert kernel.run("6 * 7").result() == "42"


def requests(kc):
    """One of each shell request a notebook sends, as functions returning the msg_id."""
    return {
        "execute": lambda: kc.execute("int bracketed = 1;"),
        "kernel_info": kc.kernel_info,
        "complete": lambda: kc.complete("Integer.MAX_VAL"),
        "inspect": lambda: kc.inspect("Math.max("),
        "is_complete": lambda: kc.is_complete("class A {"),
        "history": lambda: kc.history(hist_access_type="tail", n=3),
    }


@pytest.mark.parametrize("request_type", ["execute", "kernel_info", "complete", "inspect",
                                          "is_complete", "history"])
def test_busy_and_idle_bracket_each_request(kernel, request_type):
    run = kernel.wait(requests(kernel.kc)[request_type]())
    mine = run.mine()
    states = [m["content"]["execution_state"] for m in mine if m["msg_type"] == "status"]
    assert states == ["busy", "idle"], states
    assert mine[0]["msg_type"] == "status" and mine[-1]["msg_type"] == "status", \
        [m["msg_type"] for m in mine]


def test_execute_input_is_published_with_the_count(kernel):
    code = "int published = 3;"
    run = kernel.run(code)
    inputs = run.mine("execute_input")
    assert len(inputs) == 1
    assert inputs[0]["content"]["code"] == code
    assert inputs[0]["content"]["execution_count"] == run.content["execution_count"]


def test_silent_publishes_no_result_and_keeps_the_count(kernel):
    before = kernel.run("1 + 1").content["execution_count"]
    silent = kernel.run("2 + 2", silent=True)
    assert silent.status == "ok"
    assert not silent.mine("execute_result")
    after = kernel.run("3 + 3")
    assert after.content["execution_count"] == before + 1
    assert after.mine("execute_result")[0]["content"]["execution_count"] == before + 1


def test_store_history_false_keeps_the_count_and_the_history(kernel):
    before = kernel.run("10 + 1").content["execution_count"]
    unstored = kernel.run("10 + 2", store_history=False)
    assert unstored.status == "ok"
    tail = kernel.request(kernel.kc.history, hist_access_type="tail", n=1, raw=True, output=False)
    assert [h[2] for h in tail["content"]["history"]] == ["10 + 1"]
    after = kernel.run("10 + 3")
    assert after.content["execution_count"] == before + 1


def send_on_control(kc, msg_type, content):
    msg = kc.session.msg(msg_type, content)
    kc.control_channel.send(msg)
    return msg["header"]["msg_id"]


def test_execute_request_on_control_is_not_run(kernel):
    """Control has a handler table of its own (interrupt, shutdown, kernel_info), as ipykernel's
    kernels have: a cell sent there does not run beside shell's. Like ipykernel with a request it
    has no handler for, the kernel goes busy and idle and sends no reply."""
    kc = kernel.kc
    code = 'int ranOnControl = 1; System.out.println("RAN ON CONTROL");'
    execute_id = send_on_control(kc, "execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True})
    info_id = send_on_control(kc, "kernel_info_request", {})
    replies, iopub = [], []
    deadline = time.monotonic() + TIMEOUT
    # Control serves in order: once kernel_info is answered, the execute_request has been handled.
    while not any(r["parent_header"].get("msg_id") == info_id for r in replies):
        assert time.monotonic() < deadline, f"no kernel_info_reply on control; got {replies}"
        replies += drain(kc.get_control_msg, 0.1)
    assert not [r for r in replies if r["parent_header"].get("msg_id") == execute_id]

    def mine():
        return [m for m in iopub if m["parent_header"].get("msg_id") == execute_id]
    while not [m for m in mine() if m["msg_type"] == "status"
               and m["content"]["execution_state"] == "idle"]:
        assert time.monotonic() < deadline, f"no idle for the execute_request on control; got {mine()}"
        iopub += drain(kc.get_iopub_msg, 0.1)
    assert [(m["msg_type"], m["content"].get("execution_state")) for m in mine()] == \
        [("status", "busy"), ("status", "idle")]

    run = kernel.run("ranOnControl")
    assert run.status == "error", run
    assert "ranOnControl" in run.content["evalue"]
    assert "RAN ON CONTROL" not in json.dumps(run.iopub, default=str)
