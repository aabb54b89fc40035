"""How failures reach the notebook: an `error` reply and one error message with ename, evalue and
a traceback a student can read; nothing on stderr."""


def error_text(run):
    return "\n".join(run.content["traceback"])


def assert_error_reply(run):
    assert run.status == "error", run.content
    errors = run.mine("error")
    assert len(errors) == 1
    assert errors[0]["content"]["ename"] == run.content["ename"]
    assert not run.stream("stderr"), "an error must not be printed on stderr"


def test_exception_shows_class_message_and_user_frames(kernel):
    assert kernel.run('void explode() { throw new IllegalStateException("boom"); }').status == "ok"
    run = kernel.run("explode();")
    assert_error_reply(run)
    assert "IllegalStateException" in run.content["ename"]
    assert run.content["evalue"] == "boom"
    text = error_text(run)
    assert "explode" in text, "the user's own frame is part of the trace"
    assert "syslab.kernel" not in text, "kernel frames are trimmed"


def test_compile_error_names_the_problem_and_marks_the_span(kernel):
    run = kernel.run('int fine = 1;\nint broken = "text";')
    assert_error_reply(run)
    text = error_text(run)
    assert "incompatible types" in text
    assert '"text"' in text and "^" in text, f"the offending span is not marked:\n{text}"


def test_unknown_magic_suggests_the_closest(kernel):
    run = kernel.run("%lsmagik")
    assert run.status == "error"
    assert "lsmagic" in error_text(run) + run.content["evalue"]


def test_magic_help_prints_its_usage(kernel):
    run = kernel.run("%%time --help\n1 + 1")
    assert run.status == "ok", run.content
    assert "Usage" in run.stream("stdout")


def test_bad_magic_option_gives_usage_not_a_stack_trace(kernel):
    run = kernel.run("%%time --no-such-option\n1 + 1")
    assert run.status == "error"
    text = error_text(run) + run.content["evalue"]
    assert "--no-such-option" in text
    assert "Usage" in text
    assert "\tat " not in text and "    at " not in text, "a Java stack trace leaked"
