r"""``nbgrader zip_collect`` settings for Canvas and Moodle downloads; stable student ids and submission times from CSV.

``nbgrader zip_collect ASSIGNMENT`` extracts ``downloaded/ASSIGNMENT/archive/*.zip`` into
``downloaded/ASSIGNMENT/extracted/`` and ``re.match``-es ``FileNameCollectorPlugin.named_regexp`` against each
extracted file's absolute path: the group ``student_id`` names the folder ``submitted/<student_id>/ASSIGNMENT/``,
the group ``file_id`` the file in it (zip_collect puts the extracted file's own extension on it).

- :data:`CANVAS_REGEXP`: Canvas "Download Submissions"; student id = the Canvas user id (the same in every
  assignment).
- :data:`MOODLE_REGEXP`: Moodle "Download all submissions"; student id = the participant id, which Moodle numbers
  per assignment: map it to a stable id with ``student_ids``.
- :class:`LmsCollector`: the same matching, plus

  - ``student_ids``: a CSV file (Moodle's grading worksheet) mapping the id in the file names to the student id
    nbgrader uses (the e-mail address): ``submitted/jane@example.org/ASSIGNMENT/``, the same in every assignment.
    A file whose student is not in the CSV is skipped with a warning, never collected under the unmapped id.
  - ``submission_times``: each student's submission time from a CSV file (it may be the same worksheet), which
    zip_collect writes to ``timestamp.txt``, so nbgrader's late penalty applies; neither platform puts times in
    its file names.

- :class:`CanvasCollector`, :class:`MoodleCollector`: :class:`LmsCollector` with the platform's ``named_regexp``
  (and, for Moodle, the worksheet's time columns) as defaults, to name on the command line.

Moodle, per assignment: download the zip to ``downloaded/04_he_kaiming/archive/`` and the grading worksheet
(feedback type "Offline grading worksheet" enabled) to ``downloaded/04_he_kaiming/grading_worksheet.csv``, then in
the course directory::

    nbgrader zip_collect 04_he_kaiming --collector=course_grader.lms_collect.MoodleCollector \
        --LmsCollector.student_ids='downloaded/{assignment_id}/grading_worksheet.csv' \
        --LmsCollector.submission_times='downloaded/{assignment_id}/grading_worksheet.csv' \
        --LmsCollector.timezone=Europe/Berlin

or, once, in ``nbgrader_config.py`` (then ``nbgrader zip_collect 04_he_kaiming``)::

    c.ZipCollectApp.collector_plugin = "course_grader.lms_collect.MoodleCollector"
    c.LmsCollector.student_ids = "downloaded/{assignment_id}/grading_worksheet.csv"
    c.LmsCollector.submission_times = "downloaded/{assignment_id}/grading_worksheet.csv"
    c.LmsCollector.timezone = "Europe/Berlin"   # the downloading user's Moodle time zone

Canvas (user ids are stable; times from a CSV of the Submissions API, see :class:`LmsCollector`)::

    c.ZipCollectApp.collector_plugin = "course_grader.lms_collect.CanvasCollector"
    c.LmsCollector.submission_times = "downloaded/{assignment_id}/submission_times.csv"
    c.LmsCollector.time_id_column = "user_id"
    c.LmsCollector.time_column = "submitted_at"

The students' ids in nbgrader (``students.csv`` for ``nbgrader db student import``, the gradebook) must be the ids
collected: the e-mail addresses with the Moodle mapping above. A file ``named_regexp`` does not match is skipped
with a warning, never given to another student. zip_collect needs no gradebook; ``nbgrader autograde`` adds
students it does not know.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re

import dateutil.parser
from dateutil.tz import UTC, gettz
from nbgrader.plugins import FileNameCollectorPlugin
from nbgrader.utils import parse_utc
from traitlets import Unicode

_SEP = r"[\\/]"  # zip_collect passes native paths: "/" on Linux and macOS, "\" on Windows
_NAME = r"[^\\/]"  # one character of a file or folder name

CANVAS_REGEXP = (
    rf"^.*{_SEP}{_NAME}*?[^\\/\d_]{_NAME}*?(?:_late)?_(?P<student_id>\d+)_\d+_"
    rf"(?P<file_id>{_NAME}+?)(?:-\d+\.[^.\\/]+)?$"
)
"""Canvas "Download Submissions": a flat zip of ``<lastfirst>[_late]_<user id>_<file id>_<original name>``.

``smithjohn_12345_67890_04_he_kaiming.ipynb`` and the late ``doejane_late_23456_67891_04_he_kaiming.ipynb`` go to
``submitted/12345/`` and ``submitted/23456/`` as ``04_he_kaiming.ipynb``. Canvas adds ``-<digits>`` before the
extension of a file resubmitted under the same name (``04_he_kaiming-1.ipynb``); it is dropped, also from an
original name that ends so (release no notebook named like ``hw-2.ipynb``). With a dot in the stem as well
(``lab.v2-1.ipynb``) nbgrader's own plugin loses that part too (``lab.ipynb``); :class:`LmsCollector` does not.
The name part must have a character other than a digit or "_" (Canvas writes the sortable name lower-cased,
without spaces or punctuation), so a file without a name part is skipped rather than read with the wrong id.
Downloads of anonymously graded assignments are not supported.
"""

MOODLE_REGEXP = (
    rf"^.*{_SEP}{_NAME}*_(?P<student_id>\d+)_assignsubmission_file_{_SEP}?(?P<file_id>{_NAME}+)$"
)
"""Moodle "Download all submissions": one folder per student, ``<full name>_<participant id>_assignsubmission_file_``.

``Jane Doe_23456_assignsubmission_file_/04_he_kaiming.ipynb`` goes to ``submitted/23456/04_he_kaiming.ipynb``;
the flat layout (``Jane Doe_23456_assignsubmission_file_04_he_kaiming.ipynb``; Moodle before 3.1, or with
"Download submissions in folders" turned off) too. Files in a sub-folder of the student's folder, and online-text
submissions, are not matched. Moodle numbers the participants of each assignment separately (the number blind
marking shows), so one student's folder in ``submitted/`` can have another name in the next assignment.
"""


class LmsCollector(FileNameCollectorPlugin):
    r"""nbgrader's file-name collector, plus stable student ids (``student_ids``) and submission times
    (``submission_times``) from CSV files with a header row, both paths relative to the course directory with
    ``{assignment_id}`` replaced (empty: not used).

    **Student ids.** ``ids_from_column`` holds the id the file names carry (``ids_from_pattern``'s one group picks
    it out: "Participant 23456" -> "23456"), ``ids_to_column`` the student id nbgrader is to use: each collected
    file goes to ``submitted/<ids_to_column value>/``. For Moodle's grading worksheet the defaults fit
    ("Identifier", ``Participant (\d+)``, "Email address"); ``ids_to_column = "ID number"`` where the site shows
    that identity field and every student has one. ``students.csv`` (``nbgrader db student import``) and the
    gradebook must use the same ids (the e-mail addresses). A file whose student is not in the CSV, or has an
    empty ``ids_to_column``, is skipped with a warning (Moodle lists every participant, so this means another
    assignment's worksheet). A worksheet of a blind-marking assignment has no identity columns: ValueError.

    **Submission times.** ``time_id_column`` holds the student id (``time_id_pattern``'s one group picks it
    out), ``time_column`` the time in any form nbgrader's ``parse_utc`` reads ("2026-12-01 18:30:00 UTC",
    "2026-12-01T18:30:00Z", "Monday, 1 December 2026, 6:30 PM"); a time naming no zone is in ``timezone``.
    The times are looked up by the id in the file names, before ``student_ids`` maps it. When
    ``submission_times`` names the same file as ``student_ids`` (Moodle's worksheet has both), its rows are
    keyed as ``student_ids`` keys them (``ids_from_column``, ``ids_from_pattern``) and ``time_id_column`` and
    ``time_id_pattern`` are not used; a separate times file is keyed by ``time_id_column`` and must hold the ids
    of the file names (the participant ids, for Moodle). A student not in the file, or with an empty or "-" time,
    gets no ``timestamp.txt`` (a warning says so).

    Where such files come from, for example:

    - Moodle: enable the feedback type "Offline grading worksheet" in the assignment's settings, then
      "Download grading worksheet" on its submissions page (a new one for each assignment: the participant ids
      differ). Columns "Identifier" ("Participant 23456"), "Full name", "Email address" (the site's identity
      fields), "Last modified (submission)". Set ``student_ids`` and ``submission_times`` to it and
      ``time_column = "Last modified (submission)"`` (:class:`MoodleCollector`'s default). The times are in
      the downloading user's Moodle time zone and language, with no zone written: set ``timezone`` to that
      zone (an English-language site's dates parse; others may not).
    - Canvas: the user ids in the file names are stable, no ``student_ids`` needed. The zip and the gradebook
      export carry no times; the Submissions API
      (``GET /api/v1/courses/<course>/assignments/<assignment>/submissions``) gives ``user_id`` and
      ``submitted_at`` (ISO 8601, UTC) for each student: saved as CSV, set ``time_id_column = "user_id"`` and
      ``time_column = "submitted_at"``. Or the instructor writes the two columns.

    Bad settings or files raise ValueError naming the file (and line) and the column or setting.
    """

    submission_times = Unicode(
        "", help="CSV file of submission times; relative to the course directory, {assignment_id} replaced. "
                 "Empty: no times").tag(config=True)
    time_id_column = Unicode("student_id", help="Column of submission_times holding the student id (of the file "
                                                "names); not used when it is the student_ids file").tag(config=True)
    time_column = Unicode("timestamp", help="Column of submission_times holding the submission time").tag(
        config=True)
    time_id_pattern = Unicode(
        "(.*)", help="Regular expression with one group, searched in the id column: the group is the student id, "
                     "e.g. 'Participant (\\d+)' for Moodle's worksheet; not used when submission_times is the "
                     "student_ids file").tag(config=True)
    timezone = Unicode("UTC", help="Time zone of times in submission_times that name none, e.g. 'Europe/Berlin'"
                       ).tag(config=True)
    student_ids = Unicode(
        "", help="CSV file mapping the id in the file names to the nbgrader student id, e.g. Moodle's grading "
                 "worksheet; relative to the course directory, {assignment_id} replaced. Empty: the id in the "
                 "file names is the student id").tag(config=True)
    ids_from_column = Unicode("Identifier", help="Column of student_ids holding the id of the file names").tag(
        config=True)
    ids_from_pattern = Unicode(
        r"Participant (\d+)", help="Regular expression with one group, searched in ids_from_column: the group is "
                                   "the id of the file names").tag(config=True)
    ids_to_column = Unicode("Email address", help="Column of student_ids holding the nbgrader student id").tag(
        config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._tables: dict[str, tuple[list[str], list[tuple[int, dict]]]] = {}
        self._times: dict[str, str] | None = None
        self._ids: dict[str, str] | None = None
        self._warned: set[str] = set()

    def collect(self, submitted_file: str) -> dict | None:
        info = super().collect(submitted_file)
        if not info:
            return None
        ext = os.path.splitext(submitted_file)[1]
        # zip_collect names the file splitext(file_id)[0] + ext: keep a dotted stem ("lab.v2") whole
        if ext and isinstance(info.get("file_id"), str) and not info["file_id"].endswith(ext):
            info["file_id"] += ext
        named = info.get("student_id")  # the id in the file name (Moodle: the participant id)
        student = named
        if self.student_ids:
            student = self._student_ids().get(named)
            if not student:
                why = "is not in" if student is None else f"has an empty {self.ids_to_column!r} in"
                self.log.warning("Student %s %s %s (LmsCollector.student_ids): skipped, not collected: %s", named,
                                 why, self._path(self.student_ids), submitted_file)
                return None
            info["student_id"] = student
        if self.submission_times:
            time = self._submission_times().get(named)
            if time is not None:
                info["timestamp"] = time
            elif named not in self._warned:
                self._warned.add(named)
                label = named if student == named else f"{student} ({named} in the file names)"
                self.log.warning("No submission time for student %s in %s: no timestamp.txt", label,
                                 self._path(self.submission_times))
        return info

    def _path(self, setting: str) -> str:
        """``setting`` (a path) with ``{assignment_id}`` replaced, relative to the course directory."""
        coursedir = getattr(self.parent, "coursedir", None)
        path = setting.replace("{assignment_id}", coursedir.assignment_id if coursedir else "")
        return os.path.join(coursedir.root, path) if coursedir else os.path.abspath(path)

    def _times_path(self) -> str:
        return self._path(self.submission_times)

    def _same_file(self) -> bool:
        """Whether ``submission_times`` and ``student_ids`` name one file."""
        if not (self.student_ids and self.submission_times):
            return False
        times, ids = self._path(self.submission_times), self._path(self.student_ids)
        if os.path.exists(times) and os.path.exists(ids):
            return os.path.samefile(times, ids)
        return os.path.realpath(times) == os.path.realpath(ids)

    def _submission_times(self) -> dict[str, str]:
        """id of the file names -> UTC time ("YYYY-MM-DD HH:MM:SS UTC"), read once."""
        if self._times is None:
            self._times = self._read_times(self._path(self.submission_times))
        return self._times

    def _student_ids(self) -> dict[str, str]:
        """id of the file names -> student id ("" where the CSV has none), read once."""
        if self._ids is None:
            self._ids = self._read_ids(self._path(self.student_ids))
        return self._ids

    def _table(self, path: str, setting: str, columns: dict[str, str]) -> list[tuple[int, dict]]:
        """The rows of the CSV file ``path`` (line number, row), read once; ``columns`` (column -> trait) must be in
        its header row."""
        key = os.path.realpath(path)
        if key not in self._tables:
            if not os.path.isfile(path):
                raise ValueError(f"LmsCollector.{setting}: no such file: {path}")
            try:
                with open(path, newline="", encoding="utf-8-sig") as fh:  # -sig: a spreadsheet's byte-order mark
                    reader = csv.DictReader(fh)
                    rows = [(reader.line_num, row) for row in reader]
                    fieldnames = list(reader.fieldnames or [])
            except UnicodeDecodeError as err:
                raise ValueError(f"{path} (LmsCollector.{setting}): not UTF-8 text ({err}); save it as CSV UTF-8"
                                 ) from None
            except csv.Error as err:
                raise ValueError(f"{path} (LmsCollector.{setting}): not a CSV file ({err})") from None
            self._tables[key] = (fieldnames, rows)
        fieldnames, rows = self._tables[key]
        for column, trait in columns.items():
            if column not in fieldnames:
                raise ValueError(f"{path}: no column {column!r} (LmsCollector.{trait}); the columns are {fieldnames}")
        return rows

    def _read_ids(self, path: str) -> dict[str, str]:
        pattern = _one_group(self.ids_from_pattern, "ids_from_pattern")
        source, target = self.ids_from_column, self.ids_to_column
        ids: dict[str, str] = {}
        owners: dict[str, str] = {}
        for line, row in self._table(path, "student_ids", {source: "ids_from_column", target: "ids_to_column"}):
            where = f"{path}, line {line}"
            found = pattern.search((row[source] or "").strip())
            if found is None or not found.group(1):
                raise ValueError(f"{where}: column {source!r}: no id in {row[source]!r} "
                                 f"(LmsCollector.ids_from_pattern {pattern.pattern!r})")
            named = found.group(1)
            if named in ids:
                raise ValueError(f"{where}: column {source!r}: {named!r} appears twice")
            student = (row[target] or "").strip()
            if student:
                if student.startswith(".") or any(char in student for char in "/\\*?[]"):
                    raise ValueError(f"{where}: column {target!r}: {student!r} cannot be an nbgrader student id "
                                     f"(a folder name in submitted/: no leading '.', no / \\ * ? [ ])")
                if student in owners:
                    raise ValueError(f"{where}: column {target!r}: {student!r} is also the student id of "
                                     f"{owners[student]!r}")
                owners[student] = named
            ids[named] = student
        return ids

    def _read_times(self, path: str) -> dict[str, str]:
        if self._same_file():  # keyed as student_ids keys it: the ids of the file names
            id_column, id_trait, pattern = self.ids_from_column, "ids_from_column", _one_group(
                self.ids_from_pattern, "ids_from_pattern")
        else:
            id_column, id_trait, pattern = self.time_id_column, "time_id_column", _one_group(
                self.time_id_pattern, "time_id_pattern")
        zone = gettz(self.timezone)
        if zone is None:
            raise ValueError(f"LmsCollector.timezone: expected a time zone name like 'Europe/Berlin', "
                             f"got {self.timezone!r}")
        times: dict[str, str] = {}
        for line, row in self._table(path, "submission_times", {id_column: id_trait, self.time_column: "time_column"}):
            where = f"{path}, line {line}"
            found = pattern.search((row[id_column] or "").strip())
            if found is None or not found.group(1):
                self.log.warning("%s: no student id in %r (LmsCollector.%s %r): row skipped", where,
                                 row[id_column], id_trait.replace("column", "pattern"), pattern.pattern)
                continue
            student = found.group(1)
            if student in times:
                raise ValueError(f"{where}: student {student!r} appears twice")
            text = (row[self.time_column] or "").strip()
            if text and text != "-":  # Moodle writes "-" when there is no submission
                times[student] = _utc_text(text, zone, where)
        return times


def _one_group(text: str, trait: str) -> re.Pattern:
    """``text`` (the value of ``LmsCollector.<trait>``) compiled; it must have exactly one group."""
    try:
        pattern = re.compile(text)
    except re.error as err:
        raise ValueError(f"LmsCollector.{trait}: not a regular expression ({err}): {text!r}") from None
    if pattern.groups != 1:
        raise ValueError(f"LmsCollector.{trait}: expected one group, got {pattern.groups}: {text!r}")
    return pattern


def _utc_text(text: str, zone: dt.tzinfo, where: str) -> str:
    """``text`` read as nbgrader's ``parse_utc`` reads it (in ``zone`` if it names none), as "... UTC"."""
    parts = text.split(" ")
    if len(parts) == 3:  # parse_utc reads "<date> <time> <zone>", a number as seconds east of UTC
        if re.fullmatch(r"[+-]?\d+", parts[2]):
            raise ValueError(f"{where}: {text!r}: nbgrader reads {parts[2]!r} as seconds, not hours; write the "
                             f"offset attached (2026-12-01T18:30:00-05:00) or a zone name (... UTC)")
        if gettz(parts[2]) is None:
            raise ValueError(f"{where}: {text!r}: unknown time zone {parts[2]!r} (nbgrader would read it as UTC)")
    try:
        when = parse_utc(text)
        names_zone = len(parts) == 3 or dateutil.parser.parse(text).tzinfo is not None
    except (ValueError, OverflowError) as err:
        raise ValueError(f"{where}: not a time nbgrader reads: {text!r} ({err})") from None
    if not names_zone:
        when = when.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
    return f"{when.isoformat(' ')} UTC"


class CanvasCollector(LmsCollector):
    """:class:`LmsCollector` with :data:`CANVAS_REGEXP`, for ``nbgrader zip_collect ID --collector=THIS_CLASS``."""

    named_regexp = Unicode(CANVAS_REGEXP, help="Canvas's file names (CANVAS_REGEXP)").tag(config=True)


class MoodleCollector(LmsCollector):
    """:class:`LmsCollector` with :data:`MOODLE_REGEXP` and the grading worksheet's columns as defaults, for
    ``nbgrader zip_collect ID --collector=THIS_CLASS``; without ``student_ids`` the participant ids are the ids."""

    named_regexp = Unicode(MOODLE_REGEXP, help="Moodle's folder names (MOODLE_REGEXP)").tag(config=True)
    time_id_column = Unicode("Identifier", help="Column of submission_times holding the student id (Moodle's "
                                                "worksheet: 'Identifier')").tag(config=True)
    time_id_pattern = Unicode(r"Participant (\d+)", help="Regular expression with one group, searched in the id "
                                                         "column (Moodle's worksheet)").tag(config=True)
    time_column = Unicode("Last modified (submission)", help="Column of submission_times holding the submission "
                                                             "time (Moodle's worksheet)").tag(config=True)
