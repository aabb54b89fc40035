"""The kernel's JVM as the kernelspec starts it: a heap sized from the memory the process may use."""


def test_the_heap_limit_is_half_the_memory_the_process_may_use(kernel):
    # getTotalMemorySize is the container's limit where there is one, else the machine's memory:
    # the same figure MaxRAMPercentage is taken of.
    run = kernel.run("((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory"
                     ".getOperatingSystemMXBean()).getTotalMemorySize() + \" \" + Runtime.getRuntime().maxMemory()")
    assert run.status == "ok", run.content
    total, heap = map(int, run.result().strip("'\"").split())
    assert 0.4 * total < heap < 0.55 * total, (total, heap)
