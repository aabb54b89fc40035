"""%%c runs a C program the way a shell does: its output with stdout on a pipe, a file or a terminal
matches what the same program, compiled by gcc here, prints when a shell runs it as
`./a.out | cat`, `./a.out > file` or (through script(1), which gives it a pseudo-terminal) `./a.out`.

The programs fork after printf, so their output depends on stdio's buffering, which depends on what
fd 1 is: the comparison is only right if the kernel reproduces the real setting. Lines are compared
as multisets with every number masked (pids differ between runs)."""
import html
import re
import shutil
import subprocess
from collections import Counter

import pytest

# The notes' program (section fork), with the #include <stdio.h> it lacks.
NOTES = r"""
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int num = 0;
int main() {
    printf("hello world!\n");
    pid_t pid = fork();
    if (pid < 0) exit(1);
    if (pid == 0) {
        printf("son pid = %d, num = %d\n", getpid(), ++num);
    } else {
        sleep(1);
        printf("parent pid = %d, num = %d\n", getpid(), num);
    }
    return 0;
}
"""

# Two forks make four processes; stderr is unbuffered, so its line is never copied.
TWO_FORKS = r"""
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    fprintf(stderr, "E unbuffered, from %d\n", getpid());
    printf("A before the forks, in %d\n", getpid());
    fork();
    printf("B after one fork, in %d\n", getpid());
    fork();
    printf("C after two forks, in %d\n", getpid());
    while (wait(NULL) > 0)
        ;
    return 0;
}
"""

PROGRAMS = {"notes": NOTES, "two-forks": TWO_FORKS}

# How many times each line (masked) shows up, by where stdout goes: the fidelity checks compare
# the kernel with the shell, these check that the shell's figures show the effect at all.
EXPECTED = {
    "notes": {"tty": {"hello world!": 1}, "pipe": {"hello world!": 2}, "file": {"hello world!": 2}},
    "two-forks": {
        "tty": {"E unbuffered, from N": 1, "A before the forks, in N": 1, "B after one fork, in N": 2,
                "C after two forks, in N": 4},
        "pipe": {"E unbuffered, from N": 1, "A before the forks, in N": 4, "B after one fork, in N": 4,
                 "C after two forks, in N": 4},
        "file": {"E unbuffered, from N": 1, "A before the forks, in N": 4, "B after one fork, in N": 4,
                 "C after two forks, in N": 4},
    },
}

# How a shell runs the program for each mode (fds 1 and 2 both redirected, as %%c does).
SHELL = {
    "pipe": ["sh", "-c", "./a.out 2>&1 | cat"],
    "file": ["sh", "-c", "./a.out > out.txt 2>&1"],
    "tty": ["script", "-qc", "./a.out", "/dev/null"],
}

PRE = re.compile(r"<pre>(.*?)</pre>", re.S)


def masked_lines(text):
    return Counter(re.sub(r"\d+", "N", line) for line in text.replace("\r\n", "\n").splitlines())


def shell_output(tmp_path, source, mode):
    """What the program prints when a shell runs it with stdout on mode's fd."""
    (tmp_path / "prog.c").write_text(source)
    subprocess.run(["gcc", "-o", "a.out", "prog.c"], cwd=tmp_path, check=True, timeout=60)
    run = subprocess.run(SHELL[mode], cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True,
                         timeout=30, check=True)
    if mode == "file":
        return (tmp_path / "out.txt").read_text()
    return run.stdout.decode()


def kernel_output(kernel, source, mode):
    """What %%c --stdout=mode shows as the program's output (the first column of its HTML table)."""
    run = kernel.run(f"%%c --stdout={mode}\n{source}", timeout=60)
    assert run.status == "ok", run.content
    tables = [m["content"]["data"]["text/html"] for m in run.mine("display_data")
              if 'class="syslab-fork"' in m["content"]["data"].get("text/html", "")]
    assert len(tables) == 1, run.iopub
    return html.unescape(PRE.search(tables[0]).group(1))


@pytest.mark.parametrize("mode", ["pipe", "file", "tty"])
@pytest.mark.parametrize("program", PROGRAMS)
def test_c_cell_prints_what_a_shell_run_prints(kernel, tmp_path, program, mode):
    if mode == "tty" and shutil.which("script") is None:
        pytest.skip("script(1) (util-linux / bsdutils) is not installed: no terminal to compare with")
    source = PROGRAMS[program]
    by_shell = masked_lines(shell_output(tmp_path, source, mode))
    for line, times in EXPECTED[program][mode].items():
        assert by_shell[line] == times, f"the shell's own run: {line!r} {by_shell[line]} times, not {times}"
    by_kernel = masked_lines(kernel_output(kernel, source, mode))
    assert by_kernel == by_shell, f"%%c --stdout={mode} printed {by_kernel}, the shell's run {by_shell}"
