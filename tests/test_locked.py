"""%%locked: instructor cells (a grader's setup and tests) keep their meaning whatever student cells
declared before them, while the student's own names keep theirs."""

SETUP = ("%%locked\n"
         "void check(boolean ok, String what) { if (!ok) throw new AssertionError(what); }\n"
         "int count(String text, String line) { return (int) text.lines().filter(line::equals).count(); }\n")


def test_a_student_redefinition_is_set_aside_and_said_so(fresh_kernel):
    k = fresh_kernel
    assert k.run(SETUP).status == "ok"
    student = k.run("int answer() { return 41; }\nvoid check(boolean ok, String what) { }")
    assert student.status == "ok", student.content
    setup = k.run(SETUP)  # the grader runs the setup again before a test
    assert setup.status == "ok", setup.content
    assert "set aside the method check(boolean,String) of an unlocked cell" in setup.stream("stderr")
    test = k.run('%%locked\ncheck(answer() == 42, "answer() should be 42, is " + answer());')
    assert test.status == "error", test.content
    assert test.content["ename"].endswith("AssertionError")
    assert "answer() should be 42, is 41" in test.content["evalue"]


def test_each_shadow_is_reported_once_on_stderr(fresh_kernel):
    k = fresh_kernel
    assert k.run(SETUP).status == "ok"
    assert k.run("void check(boolean ok, Object what) { }\nclass Objects { }\nint mine() { return 1; }").status == "ok"
    run = k.run('%%locked\ncheck(Objects.equals(mine(), 1), "mine");')
    assert run.status == "ok", run.content
    err = run.stream("stderr")
    assert "set aside the method check(boolean,Object)" in err, err
    assert "set aside the class Objects" in err, err
    assert "mine" not in err
    assert k.run('%%locked\ncheck(true, "again");').stream("stderr") == ""


def test_the_students_own_names_keep_their_meaning(fresh_kernel):
    k = fresh_kernel
    assert k.run(SETUP).status == "ok"
    assert k.run("int helper(int x) { return 2 * x; }\nint twice(int x) { return helper(x); }").status == "ok"
    run = k.run('%%locked\ncheck(twice(21) == 42, "twice");')
    assert run.status == "ok", run.content
    assert run.stream("stderr") == ""


def test_locked_is_a_cell_magic_only(fresh_kernel):
    run = fresh_kernel.run("%locked")
    assert run.status == "error"
    assert "cell magic" in run.content["evalue"]
