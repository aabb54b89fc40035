"""nbgrader's notebook format: which cells are solutions and tests, the student release, and
restoring the instructor's tests into a submission.

Cell metadata `nbgrader` (schema_version 3): `solution` (the student writes here), `grade` (a test
cell worth `points`), `grade_id` (unique name), `locked` (students must not change it). Markers are
found anywhere in a line, as nbgrader does, so they work as Java or Python comments:
BEGIN SOLUTION / END SOLUTION bound what a release replaces with a stub, BEGIN HIDDEN TESTS /
END HIDDEN TESTS bound tests a release removes and the grader puts back."""
import copy

BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"

# What a release leaves where a solution was, by kernel language. The Java stub compiles in any
# method body and fails the tests with a clear message until the student replaces it.
STUBS = {
    "java": ["// YOUR CODE HERE", 'throw new UnsupportedOperationException("not implemented yet");'],
    "python": ["# YOUR CODE HERE", "raise NotImplementedError()"],
}
ANSWER_STUB = "YOUR ANSWER HERE"


class FormatError(ValueError):
    """A notebook that breaks nbgrader's rules (unbalanced markers, missing grade_id...)."""


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test(cell):
    """An autograded test cell: graded, not a place for the student's answer."""
    m = meta(cell)
    return cell.cell_type == "code" and m.get("grade", False) and not m.get("solution", False)


def is_locked(cell):
    m = meta(cell)
    return m.get("locked", False) or is_test(cell)


def tasks(nb):
    """[(cell index, grade_id, points)] of the autograded test cells, in order."""
    out, seen = [], set()
    for i, cell in enumerate(nb.cells):
        if is_test(cell):
            m = meta(cell)
            grade_id = m.get("grade_id")
            if not grade_id or grade_id in seen:
                raise FormatError(f"cell {i}: a test cell needs a unique grade_id, has {grade_id!r}")
            seen.add(grade_id)
            out.append((i, grade_id, float(m.get("points", 0))))
    return out


def language(nb):
    return (nb.metadata.get("kernelspec", {}).get("language")
            or nb.metadata.get("language_info", {}).get("name") or "python").lower()


def with_solution(nb, grade_id, body):
    """A copy of nb whose solution region (BEGIN/END SOLUTION) in cell grade_id holds body instead,
    indented as the region was: a made-up submission, for tests and benchmarks."""
    nb = copy.deepcopy(nb)
    cell = next(c for c in nb.cells if meta(c).get("grade_id") == grade_id)
    cell.source = "\n".join(_replace_regions(cell.source.split("\n"), BEGIN_SOLUTION, END_SOLUTION,
                                              lambda indent: [indent + line for line in body.split("\n")], grade_id))
    return nb


def _replace_regions(lines, begin, end, replace, where):
    """lines with each begin..end region (marker lines included) replaced by replace(indent)."""
    out, inside, indent = [], False, ""
    for line in lines:
        if begin in line:
            if inside:
                raise FormatError(f"{where}: {begin} inside another {begin}")
            inside, indent = True, line[: len(line) - len(line.lstrip())]
        elif end in line:
            if not inside:
                raise FormatError(f"{where}: {end} without {begin}")
            inside = False
            out += replace(indent)
        elif not inside:
            out.append(line)
    if inside:
        raise FormatError(f"{where}: {begin} without {end}")
    return out


def release(nb):
    """The student version of a source notebook: solutions replaced by stubs, hidden tests
    removed, outputs cleared."""
    nb = copy.deepcopy(nb)
    stub = STUBS.get(language(nb), STUBS["python"])
    for i, cell in enumerate(nb.cells):
        where = f"cell {i} ({meta(cell).get('grade_id', 'no grade_id')})"
        lines = cell.source.split("\n")
        has_solution = any(BEGIN_SOLUTION in line for line in lines)
        if has_solution and not meta(cell).get("solution"):
            raise FormatError(f"{where}: {BEGIN_SOLUTION} in a cell that is not a solution cell")
        if meta(cell).get("solution"):
            if cell.cell_type == "markdown":
                lines = [ANSWER_STUB]
            elif has_solution:
                lines = _replace_regions(lines, BEGIN_SOLUTION, END_SOLUTION,
                                         lambda indent: [indent + s for s in stub], where)
            else:
                lines = list(stub)
        lines = _replace_regions(lines, BEGIN_HIDDEN, END_HIDDEN, lambda indent: [], where)
        cell.source = "\n".join(lines)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def with_source_tests(submission, source):
    """The submission with every locked cell (tests, setup) taken from the source notebook, as
    nbgrader's autograde restores them: a student cannot weaken a test, and hidden tests return.
    Locked cells the student deleted are put back after the cell they followed in the source."""
    by_id = {meta(c)["grade_id"]: c for c in source.cells if is_locked(c) and meta(c).get("grade_id")}
    merged = copy.deepcopy(submission)
    cells, present = [], set()
    for cell in merged.cells:
        grade_id = meta(cell).get("grade_id")
        if grade_id in by_id:
            cells.append(copy.deepcopy(by_id[grade_id]))
            present.add(grade_id)
        elif not is_test(cell):  # a student-made "test" cell is not graded
            cells.append(cell)
    previous_id = None
    for cell in source.cells:
        grade_id = meta(cell).get("grade_id")
        if grade_id in by_id and grade_id not in present:
            at = next((k + 1 for k, c in enumerate(cells) if meta(c).get("grade_id") == previous_id),
                      len(cells) if previous_id else 0)
            cells.insert(at, copy.deepcopy(cell))
            present.add(grade_id)
        if grade_id:
            previous_id = grade_id
    merged.cells = cells
    return merged


def test_parts(source):
    """A test cell's source cut at its hidden-test markers: [(hidden, text)] in order, marker lines
    dropped. The grader runs each part as its own request, so a hidden part's messages and
    traceback never reach the feedback."""
    parts, hidden, lines = [], False, []
    for line in source.split("\n"):
        if BEGIN_HIDDEN in line or END_HIDDEN in line:
            if (BEGIN_HIDDEN in line) == hidden:
                raise FormatError(f"unbalanced {BEGIN_HIDDEN} / {END_HIDDEN}")
            parts.append((hidden, "\n".join(lines)))
            hidden, lines = not hidden, []
        else:
            lines.append(line)
    if hidden:
        raise FormatError(f"{BEGIN_HIDDEN} without {END_HIDDEN}")
    parts.append((hidden, "\n".join(lines)))
    return [(h, text) for h, text in parts if text.strip()]


def released_source(cell):
    """What the student sees of a cell: its source without hidden tests."""
    where = f"cell {meta(cell).get('grade_id', 'no grade_id')}"
    return "\n".join(_replace_regions(cell.source.split("\n"), BEGIN_HIDDEN, END_HIDDEN, lambda indent: [], where))
