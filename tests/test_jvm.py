"""The kernel's JVM as the kernelspec starts it: a heap sized from the memory the process may use,
no warning or error from the JVM on any JDK."""
import re

from jupyter_client.manager import start_new_kernel

from conftest import KERNEL_NAME, TIMEOUT


def test_the_heap_limit_is_half_the_memory_the_process_may_use(kernel):
    # getTotalMemorySize is the container's limit where there is one, else the machine's memory:
    # the same figure MaxRAMPercentage is taken of.
    run = kernel.run("((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory"
                     ".getOperatingSystemMXBean()).getTotalMemorySize() + \" \" + Runtime.getRuntime().maxMemory()")
    assert run.status == "ok", run.content
    total, heap = map(int, run.result().strip("'\"").split())
    assert 0.4 * total < heap < 0.55 * total, (total, heap)


def test_the_jvm_starts_without_warnings_or_errors(tmp_path):
    # What the JVM prints (a class archive it cannot use, a restricted method, sun.misc.Unsafe)
    # goes to the kernel's own stdout and stderr: the server's log, or a cell's output if a
    # warning comes late. The kernelspec passes each JDK the flags that keep it quiet.
    log = tmp_path / "kernel.log"
    with open(log, "w") as out:
        km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT, stdout=out, stderr=out)
        try:
            reply = kc.execute_interactive("new java.util.ArrayList<>(java.util.List.of(1, 2)).size()", timeout=TIMEOUT)
            assert reply["content"]["status"] == "ok", reply["content"]
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    noise = [line for line in log.read_text().splitlines()
             if re.match(r"\[[\d.]+s\]\[(warning|error)", line) or line.startswith("WARNING")]
    assert not noise, noise
