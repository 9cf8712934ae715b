"""course_grader.lms_collect: Canvas and Moodle downloads through the real ``nbgrader zip_collect``.

Each scenario is an nbgrader course directory in a temporary directory (a minimal ``nbgrader_config.py``, a
release notebook, the LMS zip in ``downloaded/<assignment>/archive/``, perhaps Moodle's grading worksheet);
``nbgrader zip_collect`` runs in each, side by side, and the tests read back ``submitted/`` and ``timestamp.txt``.
The rest calls the plugin directly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from course_grader.autograde import NBGRADER
from course_grader.lms_collect import CANVAS_REGEXP, MOODLE_REGEXP, LmsCollector, MoodleCollector
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc
from traitlets.config import Configurable

ASSIGNMENT = "04_he_kaiming"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
VENV_BIN = Path(sys.executable).parent


def notebook_text(label: str) -> str:
    """A small valid notebook whose one cell says ``label`` (so each student's copy is recognisable)."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(f"answer = {label!r}"))
    return nbformat.writes(nb)


def make_course(root: Path, settings: str, archive: dict[str, str]) -> Path:
    """A course dir: config (course_id + ``settings``), the release notebook, ``archive`` (name -> text) as a zip."""
    (root / "release" / ASSIGNMENT).mkdir(parents=True)
    (root / "release" / ASSIGNMENT / NOTEBOOK).write_text(notebook_text("release"))
    (root / "nbgrader_config.py").write_text(
        'c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = "lms-test"\n' + settings)
    archive_dir = root / "downloaded" / ASSIGNMENT / "archive"
    archive_dir.mkdir(parents=True)
    with zipfile.ZipFile(archive_dir / "submissions.zip", "w") as zf:
        for name, text in archive.items():
            zf.writestr(name, text)
    return root


def start_zip_collect(course: Path, *args: str) -> subprocess.Popen:
    """Start ``nbgrader zip_collect ASSIGNMENT ARGS`` in ``course``, the venv's ``bin/`` first on PATH.

    The command is the ``nbgrader`` script's ``main()`` started as the class driver starts it
    (``course_grader.autograde.NBGRADER``: without jsonschema's unused IRI checker, 2.4 s of CPU per process).
    """
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.Popen([sys.executable, "-c", NBGRADER, "zip_collect", ASSIGNMENT, *args], cwd=course,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def submitted(course: Path) -> dict[str, list[str]]:
    """student -> sorted file names in submitted/<student>/<assignment>/."""
    root = course / "submitted"
    if not root.is_dir():
        return {}
    return {student.name: sorted(p.name for p in (student / ASSIGNMENT).iterdir()) for student in root.iterdir()}


def answer_of(course: Path, student: str) -> str:
    nb = nbformat.read(course / "submitted" / student / ASSIGNMENT / NOTEBOOK, as_version=4)
    return nb.cells[0].source


def timestamp_of(course: Path, student: str) -> dt.datetime:
    return parse_utc((course / "submitted" / student / ASSIGNMENT / "timestamp.txt").read_text())


CANVAS_ZIP = {
    "smithjohn_12345_67890_04_he_kaiming.ipynb": notebook_text("smith"),
    "doejane_late_23456_67891_04_he_kaiming.ipynb": notebook_text("doe"),
    "leebo_34567_67892_04_he_kaiming-1.ipynb": notebook_text("lee, resubmitted"),
    "smithjohn_12345_67890_notes.txt": "not a notebook: skipped by extension",
    "04_he_kaiming.ipynb": notebook_text("no Canvas prefix"),  # matches nothing: skipped, not mis-assigned
    "12345_67890_04_he_kaiming.ipynb": notebook_text("no name part"),
}
MOODLE_ZIP = {
    "Jane Doe_23456_assignsubmission_file_/04_he_kaiming.ipynb": notebook_text("jane"),
    "John Smith_12345_assignsubmission_file_/04_he_kaiming.ipynb": notebook_text("john"),
    "Bo Lee_34567_assignsubmission_file_/04_he_kaiming.ipynb": notebook_text("bo"),
    "Bo Lee_34567_assignsubmission_onlinetext_/onlinetext.html": "<p>skipped by extension</p>",
    "Bo Lee_34567_assignsubmission_file_/drafts/old.ipynb": notebook_text("in a sub-folder"),
    "04_he_kaiming.ipynb": notebook_text("outside any student folder"),
}


LMS_COLLECTOR = "c.ZipCollectApp.collector_plugin = 'course_grader.lms_collect.LmsCollector'\n"
MOODLE_WORKSHEET = (
    '\ufeff"Identifier","Full name","Email address","Status","Last modified (submission)"\n'
    '"Participant 23456","Jane Doe",jane@example.org,"Submitted for grading","Monday, 1 December 2026, 6:30 PM"\n'
    '"Participant 12345","John Smith",john@example.org,"Submitted for grading","Wednesday, 3 December 2026, 9:05 AM"\n'
    '"Participant 45678","Al Ng",al@example.org,"No submission",-\n')
# the same students with "ID number" shown too; Bo Lee (34567, not in MOODLE_WORKSHEET) has no ID number
MOODLE_WORKSHEET_IDS = (
    '"Identifier","Full name","ID number","Email address","Last modified (submission)"\n'
    '"Participant 34567","Bo Lee",,bo@example.org,"Tuesday, 2 December 2026, 11:00 AM"\n'
    '"Participant 12345","John Smith",s1002,john@example.org,"Wednesday, 3 December 2026, 9:05 AM"\n'
    '"Participant 23456","Jane Doe",s1001,jane@example.org,"Monday, 1 December 2026, 6:30 PM"\n')
WORKSHEET = f"downloaded/{ASSIGNMENT}/grading_worksheet.csv"
# name -> (nbgrader_config.py settings, zip contents, {path in the course: text}, zip_collect options)
SCENARIOS = {
    "canvas": (f"c.FileNameCollectorPlugin.named_regexp = {CANVAS_REGEXP!r}\n", CANVAS_ZIP, {}, ["--strict"]),
    "canvas_times": (
        "from course_grader.lms_collect import CANVAS_REGEXP\n"
        "c.FileNameCollectorPlugin.named_regexp = CANVAS_REGEXP\n" + LMS_COLLECTOR
        + "c.LmsCollector.submission_times = 'downloaded/{assignment_id}/submission_times.csv'\n",
        CANVAS_ZIP,
        {f"downloaded/{ASSIGNMENT}/submission_times.csv":
         "student_id,timestamp\n12345,2026-12-01 18:30:00 UTC\n23456,2026-12-03T09:15:00Z\n"}, []),
    "moodle": (f"c.FileNameCollectorPlugin.named_regexp = {MOODLE_REGEXP!r}\n", MOODLE_ZIP, {}, ["--strict"]),
    "moodle_worksheet": (
        f"c.FileNameCollectorPlugin.named_regexp = {MOODLE_REGEXP!r}\n" + LMS_COLLECTOR
        + "c.LmsCollector.submission_times = 'worksheet.csv'\n"
        "c.LmsCollector.time_id_column = 'Identifier'\n"
        "c.LmsCollector.time_id_pattern = r'Participant (\\d+)'\n"
        "c.LmsCollector.time_column = 'Last modified (submission)'\n"
        "c.LmsCollector.timezone = 'Europe/Berlin'\n",
        MOODLE_ZIP, {"worksheet.csv": MOODLE_WORKSHEET}, []),
    "missing_column": (
        f"c.FileNameCollectorPlugin.named_regexp = {MOODLE_REGEXP!r}\n" + LMS_COLLECTOR
        + "c.LmsCollector.submission_times = 'times.csv'\n",
        MOODLE_ZIP, {"times.csv": "student,time\n23456,2026-12-01 18:30:00 UTC\n"}, []),
    # the instructor's command line: stable ids and times from one worksheet, MoodleCollector's defaults
    "moodle_ids_command_line": ("", MOODLE_ZIP, {WORKSHEET: MOODLE_WORKSHEET}, [
        "--collector=course_grader.lms_collect.MoodleCollector",
        "--LmsCollector.student_ids=downloaded/{assignment_id}/grading_worksheet.csv",
        "--LmsCollector.submission_times=downloaded/{assignment_id}/grading_worksheet.csv",
        "--LmsCollector.timezone=Europe/Berlin"]),
    # nbgrader_config.py, the generic LmsCollector (time_id_column left at "student_id": the worksheet's ids rule)
    "moodle_id_numbers_config": (
        f"c.FileNameCollectorPlugin.named_regexp = {MOODLE_REGEXP!r}\n" + LMS_COLLECTOR
        + "c.LmsCollector.student_ids = 'downloaded/{assignment_id}/grading_worksheet.csv'\n"
        "c.LmsCollector.ids_to_column = 'ID number'\n"
        "c.LmsCollector.submission_times = 'downloaded/{assignment_id}/grading_worksheet.csv'\n"
        "c.LmsCollector.time_column = 'Last modified (submission)'\n"
        "c.LmsCollector.timezone = 'Europe/Berlin'\n",
        MOODLE_ZIP, {WORKSHEET: MOODLE_WORKSHEET_IDS}, []),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[Path, int, str]]:
    """name -> (course dir, exit code, stderr) of each scenario; the nbgrader processes run side by side."""
    started = {}
    for name, (settings, archive, files, options) in SCENARIOS.items():
        course = make_course(tmp_path_factory.mktemp(name), settings, archive)
        for path, text in files.items():
            (course / path).write_text(text, encoding="utf-8")
        started[name] = (course, start_zip_collect(course, *options))
    done = {}
    for name, (course, process) in started.items():
        _, stderr = process.communicate(timeout=180)
        done[name] = (course, process.returncode, stderr)
    return done


def collected(runs, name: str) -> tuple[Path, str]:
    course, returncode, stderr = runs[name]
    assert returncode == 0, f"zip_collect failed ({name}):\n{stderr}"
    return course, stderr


def skipped(stderr: str) -> set[str]:
    """Names of the files nbgrader's collector found no student for (its warning names each)."""
    return {Path(path).name for path in re.findall(r"did not match anything in: (.*)", stderr)}


def test_canvas_download_without_times(runs):
    course, stderr = collected(runs, "canvas")
    assert submitted(course) == {"12345": [NOTEBOOK], "23456": [NOTEBOOK], "34567": [NOTEBOOK]}
    assert [answer_of(course, s) for s in ("12345", "23456", "34567")] == [
        "answer = 'smith'", "answer = 'doe'", "answer = 'lee, resubmitted'"]
    assert skipped(stderr) == {"04_he_kaiming.ipynb", "12345_67890_04_he_kaiming.ipynb"}
    assert "3 files collected, 3 files skipped" in stderr  # and the .txt file, by its extension
    assert not (course / "gradebook.db").exists()  # zip_collect neither needs nor creates the gradebook


def test_canvas_download_with_times(runs):
    course, stderr = collected(runs, "canvas_times")
    assert submitted(course) == {"12345": [NOTEBOOK, "timestamp.txt"], "23456": [NOTEBOOK, "timestamp.txt"],
                                 "34567": [NOTEBOOK]}
    assert timestamp_of(course, "12345") == dt.datetime(2026, 12, 1, 18, 30)
    assert timestamp_of(course, "23456") == dt.datetime(2026, 12, 3, 9, 15)  # the late one
    assert answer_of(course, "34567") == "answer = 'lee, resubmitted'"
    assert re.search(r"No submission time for student 34567 in .*submission_times\.csv", stderr)


def test_moodle_download_without_times(runs):
    course, stderr = collected(runs, "moodle")
    assert submitted(course) == {"12345": [NOTEBOOK], "23456": [NOTEBOOK], "34567": [NOTEBOOK]}
    assert [answer_of(course, s) for s in ("12345", "23456", "34567")] == [
        "answer = 'john'", "answer = 'jane'", "answer = 'bo'"]
    assert skipped(stderr) == {"04_he_kaiming.ipynb", "old.ipynb"}  # outside a student folder; in a sub-folder
    assert "3 files collected, 3 files skipped" in stderr  # and the online text, by its extension


def test_moodle_download_with_grading_worksheet(runs):
    course, stderr = collected(runs, "moodle_worksheet")
    assert submitted(course) == {"12345": [NOTEBOOK, "timestamp.txt"], "23456": [NOTEBOOK, "timestamp.txt"],
                                 "34567": [NOTEBOOK]}
    assert timestamp_of(course, "23456") == dt.datetime(2026, 12, 1, 17, 30)  # 18:30 in Berlin (UTC+1)
    assert timestamp_of(course, "12345") == dt.datetime(2026, 12, 3, 8, 5)
    assert "No submission time for student 34567" in stderr
    assert "45678" not in stderr  # in the worksheet with no submission, and no files: nothing to say


def test_missing_column_stops_zip_collect(runs):
    course, returncode, stderr = runs["missing_column"]
    assert returncode != 0
    assert re.search(r"ValueError: .*times\.csv: no column 'student_id' \(LmsCollector\.time_id_column\)", stderr)
    assert submitted(course) == {}


def test_moodle_ids_and_times_from_the_worksheet_on_the_command_line(runs):
    course, stderr = collected(runs, "moodle_ids_command_line")
    assert submitted(course) == {"jane@example.org": [NOTEBOOK, "timestamp.txt"],
                                 "john@example.org": [NOTEBOOK, "timestamp.txt"]}
    assert answer_of(course, "jane@example.org") == "answer = 'jane'"
    assert answer_of(course, "john@example.org") == "answer = 'john'"
    # the times are found by the participant id, before it is mapped: 18:30 and 9:05 in Berlin (UTC+1)
    assert timestamp_of(course, "jane@example.org") == dt.datetime(2026, 12, 1, 17, 30)
    assert timestamp_of(course, "john@example.org") == dt.datetime(2026, 12, 3, 8, 5)
    # Bo Lee (34567) is not in the worksheet: skipped, not collected under the participant id
    assert re.search(r"Student 34567 is not in .*grading_worksheet\.csv \(LmsCollector\.student_ids\): skipped", stderr)
    assert "04_he_kaiming.ipynb" in skipped(stderr) and "No submission time" not in stderr
    assert "2 files collected, 4 files skipped" in stderr


def test_moodle_id_numbers_and_times_from_the_worksheet_in_the_config(runs):
    course, stderr = collected(runs, "moodle_id_numbers_config")
    assert submitted(course) == {"s1001": [NOTEBOOK, "timestamp.txt"], "s1002": [NOTEBOOK, "timestamp.txt"]}
    assert answer_of(course, "s1001") == "answer = 'jane'"
    assert timestamp_of(course, "s1001") == dt.datetime(2026, 12, 1, 17, 30)
    assert timestamp_of(course, "s1002") == dt.datetime(2026, 12, 3, 8, 5)
    assert re.search(r"Student 34567 has an empty 'ID number' in .*grading_worksheet\.csv", stderr)
    assert "2 files collected, 4 files skipped" in stderr


@pytest.mark.parametrize("name, student, file_id", [
    ("smithjohn_12345_67890_04_he_kaiming.ipynb", "12345", "04_he_kaiming.ipynb"),
    ("doejane_late_23456_67891_04_he_kaiming.ipynb", "23456", "04_he_kaiming.ipynb"),
    ("leebo_34567_67892_04_he_kaiming-1.ipynb", "34567", "04_he_kaiming"),  # zip_collect adds ".ipynb"
    ("leebo_34567_67893_04_he_kaiming-12.ipynb", "34567", "04_he_kaiming"),
    ("smithjohn2_12345_67890_1_2_3.ipynb", "12345", "1_2_3.ipynb"),  # digits in the name and the file name
])
def test_canvas_regexp_groups(name, student, file_id):
    match = re.match(CANVAS_REGEXP, os.path.join(os.sep, "course", "downloaded", "extracted", "sub_1_2", name))
    assert match is not None
    assert (match["student_id"], match["file_id"]) == (student, file_id)


@pytest.mark.parametrize("name, student, file_id", [
    ("Jane Doe_23456_assignsubmission_file_/04_he_kaiming.ipynb", "23456", "04_he_kaiming.ipynb"),
    ("Jane Doe_23456_assignsubmission_file_04_he_kaiming.ipynb", "23456", "04_he_kaiming.ipynb"),  # flat, < 3.1
    ("Team A-Jane Doe 2_23456_assignsubmission_file_/04_he_kaiming.ipynb", "23456", "04_he_kaiming.ipynb"),
])
def test_moodle_regexp_groups(name, student, file_id):
    match = re.match(MOODLE_REGEXP, f"/course/downloaded/extracted/submissions/{name}")
    assert match is not None
    assert (match["student_id"], match["file_id"]) == (student, file_id)


@pytest.mark.parametrize("regexp, name", [
    (CANVAS_REGEXP, "04_he_kaiming.ipynb"),
    (CANVAS_REGEXP, "12345_67890_04_he_kaiming.ipynb"),  # no name part: would put 67890 for 12345
    (CANVAS_REGEXP, "smithjohn_12345_67890.ipynb"),  # no original name
    (CANVAS_REGEXP, "smithjohn_12345.ipynb"),
    (MOODLE_REGEXP, "Jane Doe_23456_assignsubmission_file_/drafts/04_he_kaiming.ipynb"),
    (MOODLE_REGEXP, "Jane Doe_23456_assignsubmission_onlinetext_/onlinetext.html"),
    (MOODLE_REGEXP, "Jane Doe_assignsubmission_file_/04_he_kaiming.ipynb"),
    (MOODLE_REGEXP, "04_he_kaiming.ipynb"),
])
def test_regexps_reject(regexp, name):
    assert re.match(regexp, f"/course/downloaded/extracted/submissions/{name}") is None


def collector(tmp_path: Path, times: str | None, **traits) -> LmsCollector:
    if times is not None:
        (tmp_path / "times.csv").write_text(times)
        traits["submission_times"] = str(tmp_path / "times.csv")
    return LmsCollector(named_regexp=CANVAS_REGEXP, **traits)


def test_collector_keeps_a_dotted_stem(tmp_path):
    info = collector(tmp_path, None).collect("/x/smithjohn_12345_67890_lab.v2-1.ipynb")
    assert (info["student_id"], info["file_id"]) == ("12345", "lab.v2.ipynb")
    assert "timestamp" not in info


def test_collector_returns_utc_time(tmp_path):
    times = "student_id,timestamp\n12345,2026-12-01T13:30:00-05:00\n23456,2026-12-01 18:30:00\n"
    info = collector(tmp_path, times, timezone="America/New_York")
    assert info.collect("/x/smithjohn_12345_67890_a.ipynb")["timestamp"] == "2026-12-01 18:30:00 UTC"
    assert info.collect("/x/doejane_late_23456_67891_a.ipynb")["timestamp"] == "2026-12-01 23:30:00 UTC"
    assert info.collect("/x/leebo_34567_67892_a.ipynb")["student_id"] == "34567"  # not in the file: no time
    assert "timestamp" not in info.collect("/x/leebo_34567_67892_a.ipynb")
    assert info.collect("/x/notes.ipynb") is None


@pytest.mark.parametrize("times, traits, message", [
    ("id,timestamp\n1,2026-12-01 18:30:00 UTC\n", {}, r"times\.csv: no column 'student_id' \(LmsCollector"),
    ("student_id,time\n1,2026-12-01 18:30:00 UTC\n", {}, r"times\.csv: no column 'timestamp' \(LmsCollector"),
    ("", {}, r"times\.csv: no column 'student_id'"),
    ("student_id,timestamp\n12345,soon\n", {}, r"times\.csv, line 2: not a time nbgrader reads: 'soon'"),
    ("student_id,timestamp\n12345,2026-12-01 18:30:00 -0500\n", {}, r"line 2: .*'-0500' as seconds"),
    ("student_id,timestamp\n12345,2026-12-01 18:30:00 PST\n", {}, r"line 2: .*unknown time zone 'PST'"),
    ("student_id,timestamp\n1,2026-12-01 18:30:00 UTC\n1,2026-12-02 18:30:00 UTC\n", {},
     r"line 3: student '1' appears twice"),
    ("student_id,timestamp\n", {"time_id_pattern": r"(P)(\d+)"}, r"time_id_pattern: expected one group, got 2"),
    ("student_id,timestamp\n", {"timezone": "Mars/Olympus"}, r"LmsCollector\.timezone: expected a time zone"),
])
def test_bad_submission_times_raise(tmp_path, times, traits, message):
    with pytest.raises(ValueError, match=message):
        collector(tmp_path, times, **traits).collect("/x/smithjohn_12345_67890_a.ipynb")


def test_missing_submission_times_file_raises(tmp_path):
    plugin = LmsCollector(named_regexp=CANVAS_REGEXP, submission_times=str(tmp_path / "none.csv"))
    with pytest.raises(ValueError, match=r"LmsCollector\.submission_times: no such file: .*none\.csv"):
        plugin.collect("/x/smithjohn_12345_67890_a.ipynb")


class App(Configurable):
    """A stand-in for ZipCollectApp: the plugin's parent, with the course directory."""

    def __init__(self, root: Path, assignment: str):
        super().__init__()
        self.coursedir = CourseDirectory(root=str(root), assignment_id=assignment)


def test_one_student_one_id_in_every_assignment(tmp_path):
    """Moodle numbers Jane 23456 in one assignment, 31 in the next: both go to jane@example.org."""
    for assignment, number in (("01_intro", 23456), ("02_next", 31)):
        (tmp_path / assignment).mkdir()
        (tmp_path / assignment / "ws.csv").write_text(
            f'Identifier,Full name,Email address,Last modified (submission)\n'
            f'Participant {number},Jane Doe,jane@example.org,"Monday, 1 December 2026, 6:30 PM"\n')
        plugin = MoodleCollector(parent=App(tmp_path, assignment), student_ids="{assignment_id}/ws.csv")
        info = plugin.collect(f"/x/extracted/Jane Doe_{number}_assignsubmission_file_/a.ipynb")
        assert (info["student_id"], info["file_id"]) == ("jane@example.org", "a.ipynb")
        assert "timestamp" not in info  # no submission_times


def test_moodle_collector_without_a_worksheet():
    info = MoodleCollector().collect("/x/extracted/Jane Doe_23456_assignsubmission_file_/a.ipynb")
    assert info == {"student_id": "23456", "file_id": "a.ipynb"}


def test_separate_times_file_is_keyed_by_the_participant_id(tmp_path):
    (tmp_path / "ws.csv").write_text(MOODLE_WORKSHEET)
    (tmp_path / "times.csv").write_text("Identifier,Last modified (submission)\nParticipant 23456,2026-12-01T18:30Z\n")
    plugin = MoodleCollector(student_ids=str(tmp_path / "ws.csv"), submission_times=str(tmp_path / "times.csv"))
    info = plugin.collect("/x/Jane Doe_23456_assignsubmission_file_/a.ipynb")
    assert (info["student_id"], info["timestamp"]) == ("jane@example.org", "2026-12-01 18:30:00 UTC")


def test_student_missing_from_the_worksheet_is_skipped(tmp_path, caplog):
    (tmp_path / "ws.csv").write_text(MOODLE_WORKSHEET)
    plugin = MoodleCollector(student_ids=str(tmp_path / "ws.csv"))
    with caplog.at_level("WARNING"):
        assert plugin.collect("/x/Bo Lee_34567_assignsubmission_file_/a.ipynb") is None
    assert "Student 34567 is not in" in caplog.text and "Bo Lee_34567" in caplog.text
    assert plugin.collect("/x/Al Ng_45678_assignsubmission_file_/a.ipynb")["student_id"] == "al@example.org"


HEADER = "Identifier,Email address\n"


@pytest.mark.parametrize("worksheet, traits, message", [
    ("Identifier,Full name\nParticipant 1,Jane\n", {}, r"ws\.csv: no column 'Email address' \(LmsCollector\.ids_to_"),
    ("Full name,Email address\nJane,j@x\n", {}, r"ws\.csv: no column 'Identifier' \(LmsCollector\.ids_from_column"),
    ("", {}, r"ws\.csv: no column 'Identifier'"),
    (HEADER + "Participant 1,j@x\n", {"ids_to_column": "ID number"}, r"ws\.csv: no column 'ID number'"),
    (HEADER + "Jane,j@x\n", {}, r"ws\.csv, line 2: column 'Identifier': no id in 'Jane' \(LmsCollector\.ids_from_"),
    (HEADER + "Participant 1,j@x\nParticipant 1,k@x\n", {}, r"ws\.csv, line 3: column 'Identifier': '1' appears"),
    (HEADER + "Participant 1,j@x\nParticipant 2,j@x\n", {}, r"line 3: column 'Email address': 'j@x' is also the "
                                                            r"student id of '1'"),
    (HEADER + "Participant 1,../j\n", {}, r"line 2: column 'Email address': '../j' cannot be an nbgrader student"),
    (HEADER + "Participant 1,j*\n", {}, r"'j\*' cannot be an nbgrader student id"),
    (HEADER + "Participant 1," + "x" * 200_000 + "\n", {}, r"ws\.csv \(LmsCollector\.student_ids\): not a CSV file"),
    (HEADER, {"ids_from_pattern": r"Participant \d+"}, r"LmsCollector\.ids_from_pattern: expected one group, got 0"),
    (HEADER, {"ids_from_pattern": "("}, r"LmsCollector\.ids_from_pattern: not a regular expression"),
])
def test_bad_student_ids_raise(tmp_path, worksheet, traits, message):
    (tmp_path / "ws.csv").write_text(worksheet)
    plugin = MoodleCollector(student_ids=str(tmp_path / "ws.csv"), **traits)
    with pytest.raises(ValueError, match=message):
        plugin.collect("/x/Jane Doe_1_assignsubmission_file_/a.ipynb")


def test_student_ids_not_utf8_or_missing_raise(tmp_path):
    (tmp_path / "ws.csv").write_bytes("Identifier,Email address\nParticipant 1,jöe@x\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"ws\.csv \(LmsCollector\.student_ids\): not UTF-8 text"):
        MoodleCollector(student_ids=str(tmp_path / "ws.csv")).collect("/x/J_1_assignsubmission_file_/a.ipynb")
    with pytest.raises(ValueError, match=r"LmsCollector\.student_ids: no such file: .*none\.csv"):
        MoodleCollector(student_ids=str(tmp_path / "none.csv")).collect("/x/J_1_assignsubmission_file_/a.ipynb")
