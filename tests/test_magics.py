"""Magics that depend on the kernel itself (classpath, Maven, %load's payload, fork in a plain cell),
every registered magic's --help, and the experiments' C versions (--with-c)."""
import os
import re
import subprocess

from conftest import Kernel


def test_maven_adds_an_artifact_and_its_dependencies(kernel):
    run = kernel.run("%maven org.apache.commons:commons-text:1.10.0", timeout=300)
    assert run.status == "ok", run.content
    assert "Added" in run.stream()
    # commons-text needs commons-lang3, which arrives transitively
    run = kernel.run('org.apache.commons.text.WordUtils.capitalize("fork and exec") + " "'
                     ' + org.apache.commons.lang3.StringUtils.reverse("abc")')
    assert run.status == "ok", run.content
    assert run.result() == 'Fork And Exec cba'


def test_maven_rejects_bad_coordinates_clearly(kernel):
    run = kernel.run("%maven not-coordinates")
    assert run.status == "error"
    assert run.content["ename"] == "UsageError"
    assert "group:artifact:version" in run.content["evalue"]
    assert not any("\tat " in line for line in run.content["traceback"])


def test_maven_reports_an_artifact_that_does_not_exist(kernel):
    run = kernel.run("%maven org.syslab.nosuch:nothing-here:0.0.1", timeout=300)
    assert run.status == "error"
    assert "could not resolve org.syslab.nosuch:nothing-here:0.0.1" in run.content["evalue"]


def test_classpath_adds_a_compiled_class(kernel, tmp_path):
    # in a package: cells live in JShell's package REPL, which cannot see the unnamed package
    (tmp_path / "Greeter.java").write_text("package course; public class Greeter {"
                                           " public static String hi() { return \"hi from a class folder\"; } }\n")
    classes = tmp_path / "classes"
    subprocess.run(["javac", "-d", str(classes), str(tmp_path / "Greeter.java")], check=True)
    assert kernel.run(f"%classpath {classes}").status == "ok"
    assert kernel.run("course.Greeter.hi()").result() == 'hi from a class folder'


def test_load_sets_the_next_input(kernel, tmp_path):
    source = tmp_path / "snippet.jsh"
    source.write_text("int loaded = 3;\n")
    run = kernel.run(f"%load {source}")
    assert run.status == "ok", run.content
    payload = run.content["payload"]
    assert payload and payload[0]["source"] == "set_next_input"
    assert "int loaded = 3;" in payload[0]["text"]


def test_fork_in_a_plain_cell_runs_the_child_to_the_end_of_the_cell(kernel):
    # The notes' program, unchanged but for Java syntax; fds 1 and 2 are the kernel's capture pipe,
    # so stdio is fully buffered and "hello world!" is printed twice, as with ./a.out | cat.
    kernel.run("int num = 0;")
    run = kernel.run('printf("hello world!\\n");\n'
                     "int pid = fork();\n"
                     'if (pid == 0) { printf("son pid = %d, num = %d\\n", getpid(), ++num); }\n'
                     'else { waitpid(pid, null, 0); printf("parent pid = %d, num = %d\\n", getpid(), num); }')
    assert run.status == "ok", run.content
    out = run.stream()
    assert out.count("hello world!") == 2, out
    assert "num = 1" in out and "num = 0" in out, out
    assert kernel.run("num").result() == "0"  # the child's ++num stayed in the child
    assert kernel.run("ProcessHandle.current().children().count()").result() == "0"


def registered_magics(kernel):
    """(prefix, name) of every magic %lsmagic lists, '%' for line and '%%' for cell magics."""
    run = kernel.run("%lsmagic")
    assert run.status == "ok", run.content
    return re.findall(r"<code>(%%?)([\w-]+)</code>", run.result("text/html"))


def subcommands(usage):
    """The names under picocli's 'Commands:' heading."""
    if "\nCommands:\n" not in usage:
        return []
    return re.findall(r"^  (\w[\w-]*) ", usage.split("\nCommands:\n", 1)[1], re.M)


def test_every_registered_magic_and_subcommand_answers_help(kernel):
    magics = registered_magics(kernel)
    assert len(magics) >= 10, magics
    helped = []
    for prefix, name in magics:
        words = [name]
        todo = [words]
        while todo:
            words = todo.pop()
            code = f"{prefix}{' '.join(words)} --help" + ("\n" if prefix == "%%" else "")
            run = kernel.run(code)
            out = run.stream("stdout")
            assert run.status == "ok", (code, run.content)
            assert out.startswith("Usage: "), (code, out[:200])
            assert "WARN" not in out + run.stream("stderr"), (code, out[:300])
            helped.append(code)
            todo += [words + [sub] for sub in subcommands(out)]
    assert any(" compare --help" in c for c in helped), helped  # the subcommands were reached


def test_a_fork_in_the_first_cell_of_a_fresh_kernel_runs_the_child():
    # The child resolves System.out through the cell's loader, which took the JIT's Compile_lock:
    # in a fresh kernel a compiler thread held it at the fork in 4 runs of 10, and the child hung.
    code = ("int pid = fork();\n"
            'if (pid == 0) System.out.println("child");\n'
            'else { waitpid(pid, null, 0); System.out.println("parent"); }')
    outputs = []
    for _ in range(5):
        fresh = Kernel()
        try:
            run = fresh.run(code)
            outputs.append((run.status, run.stream(), run.stream("stderr")))
        finally:
            fresh.close()
    assert all(o == ("ok", "child\nparent\n", "") for o in outputs), outputs


def test_fork_block_mode_is_decided_from_the_code_not_its_comments(kernel):
    # "->" in a comment is no lambda: the cell still runs as one block, and the child ends with it
    run = kernel.run("int pid = fork(); // parent -> child\n"
                     'if (pid == 0) System.out.println("child");\n'
                     'else { waitpid(pid, null, 0); System.out.println("parent"); }')
    assert run.status == "ok", run.content
    assert run.stream().splitlines() == ["child", "parent"], run.stream()
    # and "fork()" in a comment forks nothing: the cell is no block, its variable stays
    assert kernel.run("// fork() is libc's\nint notForked = 5;").status == "ok"
    assert kernel.run("notForked").result() == "5"


def shown_tables(run):
    """Each HTML table the cell showed, as (column names, rows of cell texts)."""
    tables = []
    for m in run.mine("display_data", "execute_result"):
        html = m["content"]["data"].get("text/html", "")
        if "<table" in html:
            cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", html)]
            tables.append((cells[0], cells[1:]))
    return tables


def assert_c_beside_java(table, java_column):
    """The C column of java_column holds positive figures, and Java / C is their ratio (as shown, rounded)."""
    names, rows = table
    assert f"C {java_column}" in names and "Java / C" in names, names
    for row in rows:
        java, c, ratio = (float(row[names.index(n)].replace(",", "")) for n in (java_column, f"C {java_column}", "Java / C"))
        assert c > 0, row
        # every figure is shown with 2 decimals (MB/s with none): allow what rounding may shift
        slack = 0.006 + (java / c) * (0.6 / java + 0.6 / c if "MB/s" in java_column else 0.006 / java + 0.006 / c)
        assert abs(ratio - java / c) <= slack, (row, java / c)


def test_epoll_compare_with_c_shows_the_kernels_figure_beside_the_jvms(kernel):
    run = kernel.run("%epoll compare --with-c --fds=10,1000 --rounds=50 --methods=poll,epoll", timeout=120)
    assert run.status == "ok", run.content
    [table] = shown_tables(run)
    assert [row[0] for row in table[1]] == ["poll", "epoll", "poll", "epoll"], table
    assert_c_beside_java(table, "median µs")
    [chart] = [m for m in run.mine("display_data") if "image/png" in m["content"]["data"]]
    assert "4 series" in chart["content"]["data"]["text/plain"], chart["content"]["data"]["text/plain"]


def test_ipc_compare_with_c_shows_the_kernels_figures_beside_the_jvms(kernel):
    run = kernel.run("%ipc compare --with-c --methods=pipe,shm,signal --bytes=1M --round-trips=200 -r 2"
                     " --placements=one-cpu", timeout=120)
    assert run.status == "ok", run.content
    bandwidth, latency = shown_tables(run)
    assert [row[0] for row in bandwidth[1]] == ["pipe", "shm"], bandwidth
    assert [row[0] for row in latency[1]] == ["pipe", "shm", "signal"], latency
    assert_c_beside_java(bandwidth, "MB/s median")
    assert_c_beside_java(latency, "round trip median µs")


def test_compare_with_c_without_gcc_says_what_to_install(tmp_path):
    # no gcc on PATH, and an empty cache: the C program must be compiled, and cannot be
    k = Kernel(env=dict(os.environ, PATH=str(tmp_path / "no-bin"), XDG_CACHE_HOME=str(tmp_path / "cache")))
    try:
        for magic in ("%epoll compare --with-c --fds=10 --rounds=5", "%ipc compare --with-c --methods=pipe -r 1"):
            run = k.run(magic)
            assert run.status == "error", run.content
            assert run.content["evalue"].startswith("--with-c needs gcc: apt-get install gcc libc6-dev (cannot run gcc: ENOENT"), \
                run.content["evalue"]
            assert not any("\tat " in line for line in run.content["traceback"])
    finally:
        k.close()
