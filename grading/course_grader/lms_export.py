"""The gradebook as one row per student and one column per assignment: a CSV file an LMS gradebook imports.

    course-lms-export [--course DIR] [--db-url URL] [--format plain|canvas|moodle] [--missing empty|0] --to FILE.csv
    (or python -m course_grader.lms_export ...)

``nbgrader export`` writes one row per student per assignment; :func:`wide_table` turns the same gradebook
into one row per student (every student of the gradebook, sorted by last then first name, as nbgrader lists
them) and one column per assignment (every assignment of the gradebook, by due date, then by name; those
without a due date after those with one). Each cell is the score ``nbgrader export`` reports: the
submission's score minus its late-submission penalty, at least 0, rounded to 2 decimals and written with
``:g`` (``8.5``, ``4``, ``1.33``). A student with no submission to an assignment gets an empty cell, not 0
(``nbgrader export`` writes 0.0 there); ``missing="0"`` (``--missing 0``) writes 0 instead.

Formats (:data:`FORMATS`), each a header row, then the rows:

- ``plain``: ``student_id, first_name, last_name, email``, then ``<assignment id> (<max score>)`` per
  assignment.
- ``canvas``: the columns of a Canvas gradebook export, ``Student, ID, SIS User ID, SIS Login ID, Section``,
  then one column per assignment named by its id. Student is "Last, First", ID the nbgrader student id
  (make the nbgrader student id the Canvas user id, as ``course_grader.lms_collect.CANVAS_REGEXP`` does),
  the SIS columns and Section empty. The row right after the header is "Points Possible" with each
  assignment's max score, as in Canvas's own export. Canvas ("Grades", "Import") matches a student by ID,
  and an assignment column by a Canvas assignment of that exact name (or the name's "(<Canvas id>)"
  suffix); a column matching none becomes a new assignment of those points. An empty cell there is "no
  score".
- ``moodle``: ``ID number, Email address, First name, Last name``, then one column per assignment id.
  Moodle's CSV grade import ("Grades", "Import", "CSV file") identifies users by the column chosen in
  "Map from" / "Map to": "ID number" to "useridnumber" when each nbgrader student id is the user's Moodle
  ID number, otherwise "Email address" to "useremail" (the gradebook must then hold the students' emails).
  A user Moodle cannot find stops the whole import. Map each assignment column to its grade item (or "new
  grade item"); Moodle reads an empty cell as no grade.

The CSV is UTF-8 with ``\\r\\n`` line ends (Python's ``csv`` module: fields with commas or quotes quoted).
The command reads ``db_url`` and ``course_id`` from the course's ``nbgrader_config.py`` (``--db-url``
overrides the first); a relative SQLite path there is relative to the course directory, where nbgrader runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from course_grader.repairs import course_directory

FORMATS = ("plain", "canvas", "moodle")
MISSING = ("", "0")  # what a cell with no submission holds: empty, or 0
POINTS_POSSIBLE = "Points Possible"

_IDENTITY = {
    "plain": ("student_id", "first_name", "last_name", "email"),
    "canvas": ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"),
    "moodle": ("ID number", "Email address", "First name", "Last name"),
}


def number(value: float) -> str:
    """``value`` rounded to 2 decimals, written with ``:g``: 8.5 -> "8.5", 4.0 -> "4", 1.3333 -> "1.33"."""
    return f"{round(float(value), 2) + 0.0:g}"  # + 0.0: no "-0"


def export_score(gradebook: Gradebook, assignment: str, student: str) -> float | None:
    """The score ``nbgrader export`` reports, ``max(0, score - late penalty)``; None without a submission."""
    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return None
    return max(0.0, submission.score - submission.late_submission_penalty)


def _due_order(assignment) -> tuple:
    due = assignment.duedate
    return (due is None, due or dt.datetime.min, assignment.name)


def _identity(fmt: str, student) -> list[str]:
    first, last, email = student.first_name or "", student.last_name or "", student.email or ""
    if fmt == "plain":
        return [student.id, first, last, email]
    if fmt == "canvas":
        return [", ".join(part for part in (last, first) if part), student.id, "", "", ""]
    return [student.id, email, first, last]


def wide_table(gradebook: Gradebook, fmt: str = "plain", missing: str = "") -> tuple[list[str], list[list[str]]]:
    """The header and rows of ``gradebook`` in format ``fmt``, one row per student (see the module docstring).

    Every student of the gradebook has a row, also one with no submission at all; a cell with no submission
    is ``missing``: empty by default (not 0), or "0". For ``canvas`` the first row is "Points Possible".
    """
    if not isinstance(gradebook, Gradebook):
        raise TypeError(f"gradebook must be an nbgrader.api.Gradebook, got {type(gradebook).__name__}")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if missing not in MISSING:
        raise ValueError(f"missing must be '' (an empty cell) or '0', got {missing!r}")
    assignments = sorted(gradebook.assignments, key=_due_order)
    if fmt == "plain":
        columns = [f"{a.name} ({number(a.max_score)})" for a in assignments]
    else:
        columns = [a.name for a in assignments]
    header = [*_IDENTITY[fmt], *columns]
    rows = []
    if fmt == "canvas":
        rows.append([POINTS_POSSIBLE, "", "", "", "", *(number(a.max_score) for a in assignments)])
    for student in gradebook.students:
        scores = [export_score(gradebook, a.name, student.id) for a in assignments]
        rows.append([*_identity(fmt, student), *(missing if s is None else number(s) for s in scores)])
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _course_db_url(root: Path, db_url: str | None) -> tuple[str, str]:
    """(db_url, course_id) of the course at ``root``; ``db_url`` overrides the config's. ValueError if none."""
    coursedir = course_directory(root)
    url = db_url or coursedir.db_url
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(f"db_url must be a database URL like sqlite:///gradebook.db, got {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError(f"db_url must name a gradebook file, got {url!r}")
        path = Path(parsed.database)
        if not path.is_absolute():
            path = root / path
        if not path.is_file():
            raise ValueError(f"no gradebook at {path} (db_url {url!r}): grade an assignment first, or give --db-url")
        url = parsed.set(database=str(path)).render_as_string(hide_password=False)
    return url, coursedir.course_id


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="course-lms-export", description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=Path("."), metavar="DIR",
                        help="the nbgrader course directory (default: the current directory)")
    parser.add_argument("--db-url", default=None, metavar="URL",
                        help="the gradebook (default: the db_url of the course's nbgrader_config.py)")
    parser.add_argument("--format", choices=FORMATS, default="plain", help="columns for which LMS (default plain)")
    parser.add_argument("--missing", choices=("empty", "0"), default="empty",
                        help="cell of a student with no submission: empty (default) or 0")
    parser.add_argument("--to", type=Path, required=True, metavar="FILE.csv", help="the CSV file to write")
    args = parser.parse_args(argv)
    root = args.course.resolve()
    try:
        db_url, course_id = _course_db_url(root, args.db_url)
    except ValueError as error:
        parser.error(str(error))
    try:
        with Gradebook(db_url, course_id) as gradebook:
            header, rows = wide_table(gradebook, args.format, "" if args.missing == "empty" else "0")
    except SQLAlchemyError as error:
        parser.error(f"cannot read the gradebook {db_url}: {type(error).__name__}: {error}")
    try:
        write_csv(args.to, header, rows)
    except OSError as error:
        parser.error(f"cannot write {args.to}: {error}")
    students = len(rows) - (args.format == "canvas")
    assignments = len(header) - len(_IDENTITY[args.format])
    print(f"course-lms-export: {students} students, {assignments} assignments ({args.format}) written to "
          f"{args.to.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
