"""The gradebook on nbgrader's default SQLite file and on a real PostgreSQL server (courses on JupyterHub).

One short assignment, three students (perfect, one plausible mistake from the grading corpus, blank),
released and graded by the class driver (``course_grader.autograde.grade_assignment``, two students at a time)
once per backend in its own course directory. The scores it returns, those read back from each
gradebook (``nbgrader.api.Gradebook`` with the backend's ``db_url``) and from ``nbgrader export`` must
equal the points computed from the notebook's metadata and the corpus, cell by cell and in total, and
so the two backends agree. The PostgreSQL course must not fall back to a SQLite file.
"""

from __future__ import annotations

import psutil
import pytest
from course_grader.autograde import grade_assignment
from nbgrader.api import Gradebook
from sqlalchemy import create_engine, text

from tests.nbgrader_course import answer_sources, exported_scores, first_corpus_answer, make_course, nbgrader, submit
from tests.postgres import postgres_server, require_postgres
from tools.corpus import exercises

ASSIGNMENT = "06_architectures"  # the quickest notebook to execute with three exercises
BACKENDS = ("sqlite", "postgresql")

pytestmark = pytest.mark.slow


def submissions() -> dict[str, tuple[dict[str, str], dict[str, float]]]:
    """student -> (answer cells, expected points per graded cell), from the metadata and the corpus."""
    exs = exercises(ASSIGNMENT)
    solutions = answer_sources(ASSIGNMENT)
    full = {grade_id: points for ex in exs for grade_id, points in ex.points.items()}
    mistaken = exs[-1]  # a wrong answer to the last exercise loses exactly that exercise's test points
    wrong = first_corpus_answer(ASSIGNMENT, mistaken.answer_id, "wrong")
    return {
        "a-blank": ({}, dict.fromkeys(full, 0.0)),
        "b-perfect": (solutions, full),
        "c-mistake": ({**solutions, mistaken.answer_id: wrong}, {**full, **dict.fromkeys(mistaken.points, 0.0)}),
    }


@pytest.fixture(scope="module")
def postgres_url():
    """The URL of a fresh database on a throw-away PostgreSQL server."""
    require_postgres()
    with postgres_server() as server:
        yield server.url


def test_throwaway_server_serves_its_database_then_is_gone():
    require_postgres()
    with postgres_server(database="probe") as server:
        engine = create_engine(server.url)
        with engine.connect() as connection:
            assert connection.execute(text("select current_database()")).scalar() == "probe"
        engine.dispose()
        assert psutil.Process(server.pid).name() == "postgres"
    assert not psutil.pid_exists(server.pid), "the server outlived its context"
    assert not server.folder.exists()
    with pytest.raises(ValueError, match="database"):
        with postgres_server(database="x; drop"):
            pass


@pytest.fixture(scope="module", params=BACKENDS)
def graded(request, tmp_path_factory):
    """(course, db_url, the driver's results) after releasing, submitting and grading on one backend."""
    course = make_course(tmp_path_factory.mktemp(f"course-{request.param}"), [ASSIGNMENT], trusted=False)
    if request.param == "postgresql":
        db_url = request.getfixturevalue("postgres_url")
        # make_course released into the default SQLite gradebook: start over on the server
        (course / "gradebook.db").unlink()
        nbgrader(course, "generate_assignment", ASSIGNMENT, "--force", f"--db={db_url}")
    else:
        db_url = None  # nbgrader's default: gradebook.db in the course directory
    for student, (answers, _) in submissions().items():
        submit(course, student, ASSIGNMENT, answers)
    results = grade_assignment(course, ASSIGNMENT, workers=2, db_url=db_url, trusted=False)
    return course, db_url or f"sqlite:///{course / 'gradebook.db'}", results


def gradebook_points(db_url: str) -> dict[str, dict[str, float]]:
    """student -> grade_id -> score, as stored in the gradebook at ``db_url``."""
    with Gradebook(db_url) as gb:
        return {submission.student_id: {grade.name: grade.score for grade in submission.notebooks[0].grades}
                for submission in gb.assignment_submissions(ASSIGNMENT)}


def test_driver_returns_the_expected_scores(graded):
    _, _, results = graded
    expected = submissions()
    full = sum(expected["b-perfect"][1].values())
    assert {r.student: (r.score, r.max_score) for r in results} == {
        student: (pytest.approx(sum(points.values())), pytest.approx(full))
        for student, (_, points) in expected.items()}


def test_gradebook_holds_the_expected_points_per_cell_and_in_total(graded):
    _, db_url, _ = graded
    expected = submissions()
    assert gradebook_points(db_url) == {student: points for student, (_, points) in expected.items()}
    with Gradebook(db_url) as gb:
        for student, (_, points) in expected.items():
            submission = gb.find_submission(ASSIGNMENT, student)
            assert submission.score == pytest.approx(sum(points.values())), student
            assert submission.max_score == pytest.approx(sum(expected["b-perfect"][1].values())), student


def test_export_equals_the_gradebook(graded):
    course, db_url, _ = graded
    expected = submissions()
    full = sum(expected["b-perfect"][1].values())
    exported = exported_scores(course, f"--db={db_url}")
    assert exported == {(ASSIGNMENT, student): (pytest.approx(sum(points.values())), pytest.approx(full))
                        for student, (_, points) in expected.items()}


def test_postgresql_course_writes_no_sqlite_gradebook(graded):
    course, db_url, _ = graded
    if db_url.startswith("postgresql"):
        assert not (course / "gradebook.db").exists(), "nbgrader wrote a SQLite gradebook beside the server's"

