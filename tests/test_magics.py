"""Magics that depend on the kernel itself (classpath, Maven, %load's payload, fork in a plain cell),
and every registered magic's --help."""
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
