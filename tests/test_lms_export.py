"""course_grader.lms_export: a real nbgrader gradebook (SQLite in a temporary directory) as one row per student.

The gradebook is built with nbgrader's API: 3 students, 2 assignments (the one due first has the later name),
grade cells with auto scores, a manual override, late penalties (one larger than the score), and one
student with no submission to one assignment. Expected cells are computed here from the inserted values
(:data:`GRADES`), and the per-student totals are compared with what nbgrader's own ``CsvExportPlugin``
writes for the same gradebook. The command runs end to end in a course directory whose
``nbgrader_config.py`` has only ``course_id`` and ``db_url``.

The gradebook is built once and copied where a test needs its own. A new nbgrader gradebook stamps the
alembic revision it was made at by running ``alembic heads`` (5 to 10 s on a busy machine); here the
same head revision is read in-process from nbgrader's alembic scripts (:func:`alembic_head`).
"""

from __future__ import annotations

import csv
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbgrader.api
import pytest
from alembic.script import ScriptDirectory
from course_grader.lms_export import main, wide_table
from nbgrader.api import Gradebook
from nbgrader.dbutil import ALEMBIC_DIR
from nbgrader.plugins.export import CsvExportPlugin

COURSE_ID = "lms-test"
VENV_BIN = Path(sys.executable).parent

# assignment -> (due date, {notebook: {grade cell: max score}}); lab_zeta is due first
ASSIGNMENTS = {
    "lab_alpha": ("2026-11-16 17:00:00 UTC", {"part1": {"q1": 5.0}, "part2": {"w1": 2.5}}),
    "lab_zeta": ("2026-11-02 17:00:00 UTC", {"part1": {"q1": 4.0, "q2": 6.0}}),
}
ORDER = ["lab_zeta", "lab_alpha"]  # by due date, then name
MAX = {"lab_alpha": "7.5", "lab_zeta": "10"}

# id, first name, last name, email; nbgrader lists students by last name: Hopper, Lovelace, Turing
STUDENTS = [
    ("s101", "Ada", "Lovelace", "ada@example.org"),
    ("s102", "Alan", "Turing", "alan@example.org"),
    ("s103", "Grace", "Hopper", None),
]
ROW_ORDER = ["s103", "s101", "s102"]

# (student, assignment) -> ({(notebook, cell): (auto_score, manual_score)}, {notebook: late penalty});
# s102 did not submit lab_alpha
GRADES = {
    ("s101", "lab_zeta"): ({("part1", "q1"): (4.0, None), ("part1", "q2"): (3.0, None)}, {}),
    ("s101", "lab_alpha"): ({("part1", "q1"): (5.0, None), ("part2", "w1"): (None, 2.5)}, {"part1": 1.25}),
    ("s102", "lab_zeta"): ({("part1", "q1"): (2.0, None), ("part1", "q2"): (6.0, 1.0)}, {}),  # manual override
    ("s103", "lab_zeta"): ({("part1", "q1"): (1 / 3, None), ("part1", "q2"): (1.0, None)}, {}),
    ("s103", "lab_alpha"): ({("part1", "q1"): (1.0, None), ("part2", "w1"): (None, 0.0)}, {"part2": 3.0}),
}


def build_gradebook(db: Path) -> None:
    with Gradebook(f"sqlite:///{db}", course_id=COURSE_ID) as gb:
        for assignment, (due, notebooks) in ASSIGNMENTS.items():
            gb.add_assignment(assignment, duedate=due)
            for notebook, cells in notebooks.items():
                gb.add_notebook(notebook, assignment)
                for cell, max_score in cells.items():
                    gb.add_grade_cell(cell, notebook, assignment, max_score=max_score, cell_type="code")
        for student, first, last, email in STUDENTS:
            gb.add_student(student, first_name=first, last_name=last, email=email)
        for (student, assignment), (cells, penalties) in GRADES.items():
            gb.add_submission(assignment, student)
            for (notebook, cell), (auto, manual) in cells.items():
                grade = gb.find_grade(cell, notebook, assignment, student)
                grade.auto_score, grade.manual_score = auto, manual
            for notebook, penalty in penalties.items():
                gb.find_submission_notebook(notebook, assignment, student).late_submission_penalty = penalty
            gb.db.commit()


def expected_cell(student: str, assignment: str, missing: str = "") -> str:
    """The cell from GRADES: manual score where given, else auto; minus the penalties, at least 0; 2 decimals."""
    if (student, assignment) not in GRADES:
        return missing
    cells, penalties = GRADES[student, assignment]
    score = sum(manual if manual is not None else (auto or 0.0) for auto, manual in cells.values())
    return f"{round(max(0.0, score - sum(penalties.values())), 2):g}"


@functools.cache
def alembic_head() -> str:
    """What ``alembic heads`` prints first for nbgrader's migrations: the revision a new gradebook is stamped."""
    return ScriptDirectory(ALEMBIC_DIR).get_current_head()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The gradebook of GRADES, built once (tests only read it; those that change one copy it)."""
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nbgrader.api, "get_alembic_version", alembic_head)
        build_gradebook(path)
    return path


@pytest.fixture
def gradebook(db):
    with Gradebook(f"sqlite:///{db}", course_id=COURSE_ID) as gb:
        yield gb


def student_info(student: str) -> tuple[str, str, str]:
    _, first, last, email = next(s for s in STUDENTS if s[0] == student)
    return first, last, email or ""


def test_expected_cells_cover_late_penalty_override_floor_and_missing():
    """The hand-checked values the tests below rest on."""
    assert expected_cell("s101", "lab_alpha") == "6.25"  # 5 + manual 2.5 - late 1.25
    assert expected_cell("s102", "lab_zeta") == "3"  # 2 + manual 1 overriding auto 6
    assert expected_cell("s103", "lab_zeta") == "1.33"  # 1/3 + 1, rounded
    assert expected_cell("s103", "lab_alpha") == "0"  # 1 - late 3: at least 0
    assert expected_cell("s102", "lab_alpha") == ""  # no submission
    assert expected_cell("s102", "lab_alpha", "0") == "0"


def test_plain_header_and_every_cell(gradebook):
    header, rows = wide_table(gradebook)
    assert header == ["student_id", "first_name", "last_name", "email", "lab_zeta (10)", "lab_alpha (7.5)"]
    assert [row[0] for row in rows] == ROW_ORDER
    for row in rows:
        assert row == [row[0], *student_info(row[0]), *(expected_cell(row[0], a) for a in ORDER)]
    assert rows[2] == ["s102", "Alan", "Turing", "alan@example.org", "3", ""]


def test_canvas_header_points_possible_and_every_cell(gradebook):
    header, rows = wide_table(gradebook, "canvas")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "lab_zeta", "lab_alpha"]
    assert rows[0] == ["Points Possible", "", "", "", "", MAX["lab_zeta"], MAX["lab_alpha"]]
    assert [row[1] for row in rows[1:]] == ROW_ORDER
    for row in rows[1:]:
        first, last, _ = student_info(row[1])
        assert row == [f"{last}, {first}", row[1], "", "", "", *(expected_cell(row[1], a) for a in ORDER)]
    assert rows[1][:2] == ["Hopper, Grace", "s103"]


def test_moodle_header_and_every_cell(gradebook):
    header, rows = wide_table(gradebook, "moodle", missing="0")
    assert header == ["ID number", "Email address", "First name", "Last name", "lab_zeta", "lab_alpha"]
    assert [row[0] for row in rows] == ROW_ORDER
    for row in rows:
        first, last, email = student_info(row[0])
        assert row == [row[0], email, first, last, *(expected_cell(row[0], a, "0") for a in ORDER)]
    assert rows[0][1] == ""  # s103 has no email in the gradebook


def test_totals_equal_nbgraders_csv_export(gradebook, tmp_path):
    """Every cell and each student's total are those of nbgrader's CsvExportPlugin (0.0 where no submission)."""
    out = tmp_path / "nbgrader_export.csv"
    CsvExportPlugin(to=str(out)).export(gradebook)
    with open(out, newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert len(exported) == len(STUDENTS) * len(ASSIGNMENTS)
    nbgrader_scores = {(r["student_id"], r["assignment"]): float(r["score"]) for r in exported}
    nbgrader_max = {r["assignment"]: float(r["max_score"]) for r in exported}

    header, rows = wide_table(gradebook)
    assert header[4:] == [f"{a} ({nbgrader_max[a]:g})" for a in ORDER]
    for row in rows:
        ours = [float(cell) if cell else 0.0 for cell in row[4:]]
        theirs = [nbgrader_scores[row[0], a] for a in ORDER]
        assert ours == pytest.approx([round(x, 2) for x in theirs], abs=1e-9)
        assert sum(ours) == pytest.approx(sum(theirs), abs=0.01)
    _, zeros = wide_table(gradebook, missing="0")
    assert {(row[0], a): float(row[4 + i]) for row in zeros for i, a in enumerate(ORDER)} == pytest.approx(
        {key: round(value, 2) for key, value in nbgrader_scores.items()})


def test_assignments_by_due_date_then_name_undated_last(db, tmp_path):
    shutil.copy(db, tmp_path / "order.db")
    with Gradebook(f"sqlite:///{tmp_path / 'order.db'}", course_id=COURSE_ID) as gb:
        gb.add_assignment("a_undated")
        gb.add_assignment("lab_beta", duedate=ASSIGNMENTS["lab_alpha"][0])  # due with lab_alpha: by name
        gb.add_assignment("early", duedate="2026-10-01 00:00:00 UTC")
        header, rows = wide_table(gb, "moodle")
    assert header[4:] == ["early", "lab_zeta", "lab_alpha", "lab_beta", "a_undated"]
    assert [row[4:] for row in rows] == [["", *(expected_cell(row[0], a) for a in ORDER), "", ""] for row in rows]


@pytest.mark.parametrize("args, error, message", [
    (("blackboard",), ValueError, "fmt must be one of plain, canvas, moodle, got 'blackboard'"),
    (("plain", "-"), ValueError, "missing must be '' (an empty cell) or '0', got '-'"),
])
def test_bad_arguments(gradebook, args, error, message):
    with pytest.raises(error) as info:
        wide_table(gradebook, *args)
    assert str(info.value) == message


def test_not_a_gradebook():
    with pytest.raises(TypeError, match="gradebook must be an nbgrader.api.Gradebook, got str"):
        wide_table("gradebook.db")


def make_course(root: Path, db: Path) -> Path:
    """A course directory: a two-line nbgrader_config.py (a relative SQLite db_url) and a copy of ``db``."""
    root.mkdir()
    (root / "nbgrader_config.py").write_text(
        f'c.CourseDirectory.course_id = "{COURSE_ID}"\nc.CourseDirectory.db_url = "sqlite:///grades/gradebook.db"\n')
    (root / "grades").mkdir()
    shutil.copy(db, root / "grades" / "gradebook.db")
    return root


def run_command(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The installed console script ``course-lms-export ARGS`` in ``cwd``."""
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run([str(VENV_BIN / "course-lms-export"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_command_in_the_course_directory(db, tmp_path):
    course = make_course(tmp_path / "course", db)
    done = run_command(course, "--format", "canvas", "--to", "canvas.csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"course-lms-export: 3 students, 2 assignments (canvas) written to {course / 'canvas.csv'}\n"
    table = read_csv(course / "canvas.csv")
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "lab_zeta", "lab_alpha"]
    assert table[1] == ["Points Possible", "", "", "", "", "10", "7.5"]
    assert table[2:] == [["Hopper, Grace", "s103", "", "", "", "1.33", "0"],
                         ["Lovelace, Ada", "s101", "", "", "", "7", "6.25"],
                         ["Turing, Alan", "s102", "", "", "", "3", ""]]
    assert (course / "canvas.csv").read_bytes().startswith(b"Student,ID,SIS User ID,SIS Login ID,Section,")
    assert b'"Hopper, Grace"' in (course / "canvas.csv").read_bytes()


def test_command_unknown_format(db, tmp_path, monkeypatch, capsys):
    """The command's own argument parsing (in-process: starting the command again costs 4 s of imports)."""
    monkeypatch.chdir(make_course(tmp_path / "course", db))
    with pytest.raises(SystemExit) as info:
        main(["--format", "blackboard", "--to", "out.csv"])
    assert info.value.code == 2
    assert "argument --format: invalid choice: 'blackboard'" in capsys.readouterr().err
    assert not (tmp_path / "course" / "out.csv").exists()


def test_main_from_elsewhere_with_course_and_missing_zero(db, tmp_path, monkeypatch, capsys):
    """--course from another directory: the config's relative SQLite path is the course's."""
    course = make_course(tmp_path / "course", db)
    monkeypatch.chdir(tmp_path)
    assert main(["--course", "course", "--format", "moodle", "--missing", "0", "--to", "moodle.csv"]) == 0
    assert capsys.readouterr().out.startswith("course-lms-export: 3 students, 2 assignments (moodle) written to ")
    assert read_csv(tmp_path / "moodle.csv") == [
        ["ID number", "Email address", "First name", "Last name", "lab_zeta", "lab_alpha"],
        ["s103", "", "Grace", "Hopper", "1.33", "0"],
        ["s101", "ada@example.org", "Ada", "Lovelace", "7", "6.25"],
        ["s102", "alan@example.org", "Alan", "Turing", "3", "0"],
    ]
    db_url = f"sqlite:///{course / 'grades' / 'gradebook.db'}"
    assert main(["--course", "course", "--db-url", db_url, "--to", "plain.csv"]) == 0
    assert read_csv(tmp_path / "plain.csv")[0] == ["student_id", "first_name", "last_name", "email",
                                                   "lab_zeta (10)", "lab_alpha (7.5)"]


@pytest.mark.parametrize("setup, args, message", [
    ("nothing", ["--course", "missing"], "course must be an nbgrader course directory with nbgrader_config.py"),
    ("no config", ["--course", "course"], "course must be an nbgrader course directory with nbgrader_config.py"),
    ("no gradebook", ["--course", "course"], "no gradebook at "),
])
def test_main_errors_exit_2(tmp_path, monkeypatch, capsys, setup, args, message):
    monkeypatch.chdir(tmp_path)
    if setup != "nothing":
        (tmp_path / "course").mkdir()
    if setup == "no gradebook":
        (tmp_path / "course" / "nbgrader_config.py").write_text('c.CourseDirectory.course_id = "x"\n')
    with pytest.raises(SystemExit) as info:
        main([*args, "--to", "out.csv"])
    assert info.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()
    assert not (tmp_path / "course" / "gradebook.db").exists()  # no empty gradebook made
