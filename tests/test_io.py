"""Cell output: Java streams and native writes to fds 1 and 2 arrive complete, in order, under
the cell that made them, coalesced into few messages."""

# 16,000 lines of 65 characters and a newline: 1,056,000 bytes, a little over 1 MiB.
LINES, WIDTH = 16_000, 65
MANY_LINES = f"""
for (int i = 0; i < {LINES}; i++) {{
    System.out.println(String.format("%05d", i) + "x".repeat({WIDTH - 5}));
}}
"""


def expected_lines():
    return "".join(f"{i:05d}" + "x" * (WIDTH - 5) + "\n" for i in range(LINES))


def test_stdout_and_stderr_go_to_their_streams(kernel):
    run = kernel.run('System.out.println("to out"); System.err.println("to err");')
    assert run.status == "ok"
    assert run.stream("stdout") == "to out\n"
    assert run.stream("stderr") == "to err\n"


def test_child_process_output_is_captured(kernel):
    run = kernel.run('new ProcessBuilder("sh", "-c", "echo from child; echo child err >&2")'
                     '.inheritIO().start().waitFor();')
    assert run.status == "ok"
    assert run.stream("stdout") == "from child\n"
    assert run.stream("stderr") == "child err\n"


def test_libc_printf_through_jna_is_captured_without_fflush(kernel):
    # C stdio buffers fully when fd 1 is a pipe: the kernel must flush it before going idle.
    run = kernel.run("""
interface LibC extends com.sun.jna.Library { int printf(String format, Object... args); }
LibC libc = com.sun.jna.Native.load("c", LibC.class);
libc.printf("native %d\\n", 42);
""")
    assert run.status == "ok", run.content
    assert run.stream("stdout") == "native 42\n"


def test_java_and_native_output_keep_their_order(kernel):
    run = kernel.run("""
System.out.println("one");
new ProcessBuilder("echo", "two").inheritIO().start().waitFor();
System.out.println("three");
new ProcessBuilder("echo", "four").inheritIO().start().waitFor();
""")
    assert run.status == "ok"
    assert run.stream("stdout") == "one\ntwo\nthree\nfour\n"


def test_a_mebibyte_of_lines_arrives_complete_in_few_messages(kernel):
    run = kernel.run(MANY_LINES)
    assert run.status == "ok"
    text = run.stream("stdout")
    assert len(text) == LINES * (WIDTH + 1)
    assert text == expected_lines()
    messages = run.mine("stream")
    assert len(messages) < 200, f"{len(messages)} stream messages for {len(text)} bytes"


def test_output_never_appears_under_the_next_cell(kernel):
    child = kernel.run('new ProcessBuilder("sh", "-c", "for i in $(seq 1 3000); do echo child$i; done")'
                       '.inheritIO().start().waitFor();')
    java = kernel.run(MANY_LINES)
    last = kernel.run('System.out.println("last");')
    assert child.stream("stdout") == "".join(f"child{i}\n" for i in range(1, 3001))
    assert java.stream("stdout") == expected_lines()
    assert last.stream("stdout") == "last\n"
    # Anything printed that reached another cell's parent would show up here.
    seen = child.iopub + java.iopub + last.iopub
    for msg in seen:
        if msg["msg_type"] == "stream":
            parent = msg["parent_header"]["msg_id"]
            text = msg["content"]["text"]
            if "child" in text:
                assert parent == child.msg_id
            if "xxxxx" in text:
                assert parent == java.msg_id
            if "last" in text:
                assert parent == last.msg_id
