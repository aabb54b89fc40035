"""The magics that read /proc work for a kernel that runs as a user other than root, as it does in the
image (uid 1000, Binder, JupyterHub): %strace reads the work's /proc/PID/io counters as it ends,
traced or not. (An ended process's /proc files belong to root: a non-root reader must have them
open before.) Run as root, the kernel runs as uid 1000; run as another user, as that user."""
import pytest

from test_std_fds import iopub_of, reply_to, shared_dir, start, stop  # noqa: F401 (shared_dir: a fixture)

# head writes exactly 100 bytes (wchar) after reading at least that many (rchar)
CELL = ("%strace {flags} head -c 100 /etc/passwd\n"
        "var report = syslab.magic.strace.Strace.last();\n"
        'report.traced() + " " + report.io().get("wchar") + " " + (report.io().get("rchar") >= 100)')


@pytest.mark.parametrize("flags, traced", [("", "true"), ("--no-ptrace", "false")], ids=["traced", "untraced"])
def test_strace_reads_the_counters_of_the_work_as_another_user(shared_dir, flags, traced):
    process, client = start(shared_dir, "")
    try:
        assert reply_to(client, process, client.kernel_info())["status"] == "ok"
        msg_id = client.execute(CELL.format(flags=flags))
        reply = reply_to(client, process, msg_id)
        outputs = iopub_of(client, msg_id)
        assert reply["status"] == "ok", (reply, outputs)
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        assert results == [f"{traced} 100 true"], outputs
    finally:
        stop(process, client)
