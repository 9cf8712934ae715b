"""The instructor guide, run: its marked command blocks, in its order, on a fresh clone with a SQLite gradebook.

``docs/instructor_guide.md`` marks each command block an instructor runs with ``<!-- guide step: NAME -->``.
This test clones the repository (with the working tree's changes, so it tests what is about to be
committed), then runs those blocks in order with bash from the clone's root, the guide's assignment
``04_he_kaiming`` replaced by ``03_xavier_glorot`` (the assignment the attack corpus targets). Between the
blocks it does what the guide leaves to the instructor: writing ``students.csv``, downloading the LMS zips
(a Canvas-style download of three students with a CSV of submission times, then a Moodle-style one
re-submitting the third, with Moodle's grading worksheet mapping its per-assignment participant id to the
student's ID number). Three students: a perfect submission on time, a partly wrong one 30 hours late (two
started days: 20 % off), and one whose answer replaces the checks of `course_lib.grading` by no-ops (in-kernel
full marks; the trusted re-grade is lower, and that is what the gradebook and the exports hold).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

from tools.authoring import ROOT

from .leak_scan import MIN_SECRET_CHARS, SECRET_BLOCK, normalized, readable_text
from .nbgrader_course import answer_sources, first_corpus_answer

GUIDE = ROOT / "docs" / "instructor_guide.md"
STEP = re.compile(r"<!-- guide step: (?P<name>[\w-]+) -->\n```bash\n(?P<commands>.*?)```", re.S)
STEPS = ["setup", "students", "release", "collect-canvas", "collect-moodle", "autograde", "feedback", "export"]
GUIDE_ASSIGNMENT, ASSIGNMENT = "04_he_kaiming", "03_xavier_glorot"
ATTACK = ROOT / "tests" / "attack_corpus" / ASSIGNMENT / "patch_grading_module.py"
STUDENTS = {  # Canvas user id -> (first, last, the Canvas file-name prefix)
    "12345": ("John", "Smith", "smithjohn"),
    "23456": ("Jane", "Doe", "doejane"),
    "34567": ("Alex", "Roe", "roealex"),
}
DUE = "2026-12-07 17:00:00 UTC"  # the guide's due date
LATE = "2026-12-08 23:00:00 UTC"  # 30 hours after it: two started days


def guide_steps() -> dict[str, str]:
    return {m["name"]: m["commands"] for m in STEP.finditer(GUIDE.read_text())}


def test_the_guide_marks_every_step_in_order():
    assert list(guide_steps()) == STEPS
    assert DUE in guide_steps()["release"]


def fresh_clone(target: Path) -> Path:
    """``git clone`` of this repository, then the working tree's uncommitted changes and new files on top."""
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)

    def listed(*args: str) -> list[str]:
        found = subprocess.run(["git", *args, "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return [name for name in found.split("\0") if name]

    for name in listed("diff", "--name-only", "--diff-filter=D", "HEAD"):
        (target / name).unlink(missing_ok=True)
    changed = listed("diff", "--name-only", "--diff-filter=d", "HEAD") + listed("ls-files", "-o", "--exclude-standard")
    for name in changed:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def run_step(clone: Path, name: str) -> str:
    commands = guide_steps()[name].replace(GUIDE_ASSIGNMENT, ASSIGNMENT)
    if name != "setup":
        commands = "source .venv/bin/activate\n" + commands
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", commands], cwd=clone, capture_output=True,
                            text=True, timeout=1800)
    assert result.returncode == 0, f"guide step {name} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def submission(answers: dict[str, str]) -> bytes:
    release = nbformat.read(ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nbformat.writes(release).encode()


def attack_target() -> str:
    return re.search(r"^# target: (\S+)$", ATTACK.read_text(), re.M).group(1)


def download(clone: Path, name: str, files: dict[str, bytes]) -> None:
    archive = clone / "downloaded" / ASSIGNMENT / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / name, "w") as bundle:
        for path, body in files.items():
            bundle.writestr(path, body)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    clone = fresh_clone(tmp_path_factory.mktemp("guide") / "weight-init-private")
    outputs = {"setup": run_step(clone, "setup")}
    with open(clone / "students.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "first_name", "last_name", "email"])
        for student, (first, last, _) in STUDENTS.items():
            writer.writerow([student, first, last, f"{first.lower()}@example.org"])
    outputs["students"] = run_step(clone, "students")
    outputs["release"] = run_step(clone, "release")

    solutions = answer_sources(ASSIGNMENT)
    wrong_target = sorted(solutions)[0]
    answers = {"12345": solutions,
               "23456": {**solutions, wrong_target: first_corpus_answer(ASSIGNMENT, wrong_target, "wrong")},
               "34567": {**solutions, attack_target(): first_corpus_answer(ASSIGNMENT, attack_target(), "wrong")}}
    canvas = {}
    for student, (_, _, prefix) in STUDENTS.items():
        late = "_late" if student == "23456" else ""
        canvas[f"{prefix}{late}_{student}_9{student}_{ASSIGNMENT}.ipynb"] = submission(answers[student])
    download(clone, "submissions.zip", canvas)
    (clone / "submission_times.csv").write_text(f"student_id,timestamp\n12345,2026-12-06 10:00:00 UTC\n"
                                                f"23456,{LATE}\n34567,2026-12-07 09:00:00 UTC\n")
    outputs["collect-canvas"] = run_step(clone, "collect-canvas")
    # the third student re-submits, through Moodle this time: the attack in the answer cell
    first, last, _ = STUDENTS["34567"]
    attacked = {**solutions, attack_target(): ATTACK.read_text()}
    download(clone, "moodle.zip", {f"{first} {last}_77_assignsubmission_file_/{ASSIGNMENT}.ipynb":
                                   submission(attacked)})
    with open(clone / "grading_worksheet.csv", "w", newline="") as handle:  # Moodle's, for this assignment
        writer = csv.writer(handle)
        writer.writerow(["Identifier", "Full name", "Email address", "ID number", "Status",
                         "Last modified (submission)"])
        writer.writerow(["Participant 77", f"{first} {last}", f"{first.lower()}@example.org", "34567",
                         "Submitted for grading", "2026-12-07 09:30:00"])
    outputs["collect-moodle"] = run_step(clone, "collect-moodle")
    for name in ("autograde", "feedback", "export"):
        outputs[name] = run_step(clone, name)
    return clone, outputs


def gradebook_rows(clone: Path) -> dict[str, dict]:
    with open(clone / "grades.csv", newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}


@pytest.mark.slow
def test_setup_installs_grading_and_not_the_test_suite(course):
    clone, outputs = course
    assert "trusted re-grade: ready" in outputs["setup"]
    packages = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
                              capture_output=True, text=True, check=True).stdout.lower()
    assert "nbgrader==" in packages and "course-grader==" in packages.replace("_", "-")
    assert "torch==" not in packages and "playwright==" not in packages


@pytest.mark.slow
def test_zip_collect_sorts_both_downloads_with_the_submission_times(course):
    clone, _ = course
    submitted = clone / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(STUDENTS)
    assert (submitted / "23456" / ASSIGNMENT / "timestamp.txt").read_text().startswith("2026-12-08 23:00:00")
    assert (submitted / "34567" / ASSIGNMENT / "timestamp.txt").read_text().startswith("2026-12-07 09:30:00")
    moodle_copy = (submitted / "34567" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert "import course_lib.grading as _g" in moodle_copy  # the re-submission replaced the first


@pytest.mark.slow
def test_scores_late_penalty_and_the_trusted_score_reach_the_export(course):
    clone, outputs = course
    rows = gradebook_rows(clone)
    total = float(rows["12345"]["max_score"])
    assert float(rows["12345"]["score"]) == total and float(rows["12345"]["late_submission_penalty"]) == 0
    raw_late = float(rows["23456"]["raw_score"])
    assert 0 < raw_late < total
    assert float(rows["23456"]["late_submission_penalty"]) == pytest.approx(0.2 * raw_late)
    assert float(rows["23456"]["score"]) == pytest.approx(0.8 * raw_late)
    assert float(rows["34567"]["score"]) < total  # the in-kernel grade gave full marks; the trusted one did not
    flagged_line = next(line for line in outputs["autograde"].splitlines() if line.startswith("flagged"))
    assert "34567" in flagged_line and "12345" not in flagged_line and "23456" not in flagged_line


@pytest.mark.slow
def test_the_lms_csv_has_one_row_per_student_and_the_exported_scores(course):
    clone, _ = course
    rows = gradebook_rows(clone)
    table = list(csv.reader(io.StringIO((clone / "canvas_grades.csv").read_text())))
    header, body = table[0], [row for row in table[1:] if row and row[0] != "Points Possible"]
    column = header.index(ASSIGNMENT)
    by_id = {row[header.index("ID")]: row for row in body}
    assert sorted(by_id) == sorted(STUDENTS)
    for student in STUDENTS:
        assert float(by_id[student][column]) == pytest.approx(float(rows[student]["score"]), abs=0.01)


@pytest.mark.slow
def test_feedback_for_each_student_shows_no_hidden_test(course):
    clone, _ = course
    release = nbformat.read(ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    answers = answer_sources(ASSIGNMENT).values()  # the students' own code may repeat a line of a test
    shown = normalized("\n".join([*(cell.source for cell in release.cells), *answers, ATTACK.read_text()]))
    source = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    hidden = {normalized(line) for cell in source.cells for block in SECRET_BLOCK.finditer(cell.source)
              if block[1] == "HIDDEN TESTS" for line in block[2].splitlines()
              if len(normalized(line)) >= MIN_SECRET_CHARS and normalized(line) not in shown}
    assert hidden
    for student in STUDENTS:
        page = normalized(readable_text(clone / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"))
        assert ASSIGNMENT in page
        leaked = [line for line in hidden if line in page]
        assert not leaked, (student, leaked[:3])
