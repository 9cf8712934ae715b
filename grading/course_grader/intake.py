"""Normalise one student's submission before nbgrader grades it, with a reason for every repair.

nbgrader 0.9.6 grades ``<notebook>.ipynb`` by its cells' nbgrader metadata, and a submission
breaks that in ways a student does not notice: the notebook saved under another name is skipped;
a copied test cell (a duplicate grade_id) aborts the run for the students after it; a deleted
test cell stays "needs manual grading"; an editor that strips cell metadata leaves nothing
to grade. Intake repairs the submission against the release notebook the student received:

1. find the notebook: the one named like the release, or else any notebook of the folder that
   matches the release's cells; among several, the one with the most answers written
   (:func:`pick_notebook`);
2. align its cells with the release's (:func:`align`): locked and plain cells come back unchanged,
   so ``difflib`` matches them by source (cell type ignored), and each answer cell is the student's
   cell between the same neighbours; a cell's own grade_id is used when the content says nothing;
3. rebuild it (:func:`normalise`): every nbgrader cell of the release once, in place, with the
   release's metadata and cell type, and the student's source for answer cells; a deleted answer
   cell comes back as the release's empty one (that exercise scores 0), a deleted or edited test
   cell as the release's (nbgrader then puts its hidden tests back); every other cell of the
   student stays where it was, without nbgrader metadata (so a copied test cell runs but is not
   graded).

The submitted folder itself is never changed: :func:`prepare` writes the normalised copy into
another folder, which ``course_grader.autograde`` hands to nbgrader as its submitted directory.
``answer_cells`` gives the trusted re-grade the same alignment.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

CHECKPOINTS = ".ipynb_checkpoints"
MIN_SIMILARITY = 0.3  # share of the release's fixed cells a notebook must hold to count as this assignment
ANSWER_LIKENESS = 0.3  # below this, an unmatched cell is not taken for the answer when others compete
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")


@dataclass
class Role:
    """What a release cell is to nbgrader."""

    kind: str  # "answer", "test", "locked" or "plain"
    grade_id: str | None
    metadata: dict = field(default_factory=dict)  # the release's nbgrader metadata


def nbgrader_meta(cell: NotebookNode) -> dict | None:
    """A cell's nbgrader metadata when it names a grade_id, else None."""
    meta = cell.get("metadata", {}).get("nbgrader")
    if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str) and meta["grade_id"]:
        return meta
    return None


def role(cell: NotebookNode) -> Role:
    meta = nbgrader_meta(cell)
    if meta is None:
        return Role("plain", None)
    if meta.get("solution"):
        kind = "answer"
    elif meta.get("grade"):
        kind = "test"
    elif meta.get("locked") or meta.get("task"):
        kind = "locked"
    else:
        return Role("plain", None)
    return Role(kind, meta["grade_id"], dict(meta))


def key(source: str) -> str:
    """A cell's source for matching: surrounding blank lines and trailing spaces do not count."""
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, key(a), key(b), autojunk=False).ratio()


def as_notebook(nb, name: str) -> NotebookNode:
    """A notebook from a NotebookNode or a path; TypeError naming ``name`` otherwise."""
    if isinstance(nb, (str, Path)):
        return nbformat.read(str(nb), as_version=4)
    if isinstance(nb, NotebookNode) and isinstance(nb.get("cells"), list):
        return nb
    raise TypeError(f"{name} must be an nbformat NotebookNode or a path to a notebook, got {type(nb).__name__}")


@dataclass
class Alignment:
    """Which submission cell plays each nbgrader cell of the release; grade_ids the release lacks."""

    cell_of: dict[int, int]  # release index -> submission index (nbgrader cells of the release only)
    anchor: dict[int, int]  # release index -> submission index, every matched release cell (plain ones too)
    unknown: dict[int, str]  # submission index -> a grade_id the release does not have


def align(submission: NotebookNode, release: NotebookNode) -> Alignment:
    """Match the release's nbgrader cells with the submission's cells.

    Content first: ``difflib`` on normalised sources pairs the cells the student left as they were
    (tests, prose, untouched answers). Then a grade_id the student's cell still carries. Then, for
    a cell still unmatched (an answer the student wrote; an edited test cell), the unmatched
    submission cells between the same matched neighbours: the one most like the release's cell,
    or the only one. None left: the cell was deleted.
    """
    rel, sub = release.cells, submission.cells
    roles = [role(c) for c in rel]
    release_ids = {r.grade_id: i for i, r in enumerate(roles) if r.grade_id}
    anchor: dict[int, int] = {}  # release index -> submission index, for every matched release cell
    matcher = difflib.SequenceMatcher(None, [key(c.source) for c in rel], [key(c.source) for c in sub],
                                      autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            anchor[block.a + k] = block.b + k

    carriers: dict[str, list[int]] = {}
    unknown: dict[int, str] = {}
    for j, cell in enumerate(sub):
        meta = nbgrader_meta(cell)
        if meta is None:
            continue
        if meta["grade_id"] in release_ids:
            carriers.setdefault(meta["grade_id"], []).append(j)
        else:
            unknown[j] = meta["grade_id"]

    claimed = set()
    cell_of: dict[int, int] = {}
    for i, r in enumerate(roles):  # content matches of nbgrader cells
        if r.grade_id and i in anchor:
            cell_of[i] = anchor[i]
            claimed.add(anchor[i])
    for i, r in enumerate(roles):  # grade_ids the student's cells still carry
        if r.grade_id and i not in cell_of:
            free = [j for j in carriers.get(r.grade_id, []) if j not in claimed]
            if free:
                cell_of[i] = free[-1]  # of several copies, the last runs last before the tests
                claimed.add(free[-1])
                anchor[i] = free[-1]
    for i, r in enumerate(roles):  # between the matched neighbours
        if not r.grade_id or i in cell_of:
            continue
        lo = max((anchor[k] for k in anchor if k < i), default=-1)
        hi = min((anchor[k] for k in anchor if k > i), default=len(sub))
        free = [j for j in range(lo + 1, hi) if j not in claimed and j not in unknown
                and (nbgrader_meta(sub[j]) is None or nbgrader_meta(sub[j])["grade_id"] == r.grade_id)]
        pick = choose(free, sub, rel[i], r.kind)
        if pick is not None:
            cell_of[i] = pick
            claimed.add(pick)
            anchor[i] = pick
    return Alignment(cell_of, anchor, unknown)


def choose(free: list[int], sub: list, release_cell: NotebookNode, kind: str) -> int | None:
    """The submission cell, among the unmatched ``free`` ones, that plays ``release_cell``."""
    if not free:
        return None
    scored = sorted(((likeness(sub[j].source, release_cell.source), j) for j in free), reverse=True)
    best_score, best = scored[0]
    if kind == "answer":
        if len(free) == 1 or best_score >= ANSWER_LIKENESS:
            return best
        code = [j for j in free if sub[j].cell_type == "code"]
        return code[-1] if code else free[-1]  # a rewritten answer: the cell just before the tests
    return best if best_score >= 0.5 else None  # an edited test or locked cell must still look like one


def with_type(cell: NotebookNode, cell_type: str) -> NotebookNode:
    """``cell`` as a cell of ``cell_type`` (source, metadata and id kept)."""
    make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
            "raw": nbformat.v4.new_raw_cell}[cell_type]
    new = make(source=cell.source, metadata=copy.deepcopy(cell.get("metadata", {})))
    if "id" in cell:
        new["id"] = cell["id"]
    return new


def normalise(submission: NotebookNode, release: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """The submission rebuilt around the release's nbgrader cells; the reasons for every repair."""
    submission = as_notebook(submission, "submission")
    release = as_notebook(release, "release")
    found = align(submission, release)
    roles = [role(c) for c in release.cells]
    placed_at = {j: i for i, j in found.cell_of.items()}
    repairs: dict[str, list[str]] = {}

    def note(what: str, grade_id: str) -> None:
        repairs.setdefault(what, []).append(grade_id)

    cells: list[NotebookNode] = []
    put_back: dict[int, list[NotebookNode]] = {}  # after submission cell j (-1: at the top)
    for i, r in enumerate(roles):
        if not r.grade_id or i in found.cell_of:
            continue
        restored = copy.deepcopy(release.cells[i])
        if r.kind == "answer":
            note("answer cell deleted: put back empty, the exercise scores 0", r.grade_id)
        else:
            note(f"{r.kind} cell deleted: put back from the release", r.grade_id)
        after = max((found.anchor[k] for k in found.anchor if k < i), default=-1)  # after its neighbours
        put_back.setdefault(after, []).append(restored)
    cells.extend(put_back.get(-1, []))
    for j, cell in enumerate(submission.cells):
        cell = copy.deepcopy(cell)
        cell.setdefault("metadata", {})
        if j in placed_at:
            i = placed_at[j]
            r, original = roles[i], release.cells[i]
            meta = nbgrader_meta(cell)
            if meta is None:
                note("nbgrader metadata missing (stripped by an editor?): restored from the release", r.grade_id)
            elif any(meta.get(k) != v for k, v in r.metadata.items() if k != "checksum"):
                note("nbgrader metadata changed: restored from the release", r.grade_id)
            if cell.cell_type != original.cell_type:
                note(f"cell retyped as {cell.cell_type}: made {original.cell_type} again", r.grade_id)
                cell = with_type(cell, original.cell_type)
            if r.kind != "answer" and key(cell.source) != key(original.source):
                note(f"{r.kind} cell edited: source restored from the release", r.grade_id)
                cell.source = original.source
            cell.metadata["nbgrader"] = copy.deepcopy(original.metadata["nbgrader"])
            for flag in ("deletable", "editable"):
                if flag in original.metadata:
                    cell.metadata[flag] = original.metadata[flag]
        elif "nbgrader" in cell.metadata:
            meta = nbgrader_meta(cell)
            grade_id = meta["grade_id"] if meta else "(none)"
            if j in found.unknown:
                note("grade_id not in the release: kept as a plain cell", grade_id)
            elif meta is not None:
                note("duplicate grade_id (a copied cell): the copy is kept as a plain cell, not graded", grade_id)
            del cell.metadata["nbgrader"]
        cells.append(cell)
        cells.extend(put_back.get(j, []))

    nb = copy.deepcopy(submission)
    nb.cells = cells
    unique_cell_ids(nb)
    reasons = [f"{what}: {', '.join(ids)}" for what, ids in repairs.items()]
    return nb, reasons


def unique_cell_ids(nb: NotebookNode) -> None:
    """nbformat 4.5: every cell has an id, unique in the notebook."""
    nb.nbformat, nb.nbformat_minor = 4, max(int(nb.get("nbformat_minor", 0)), 5)
    seen = set()
    for cell in nb.cells:
        cell_id = cell.get("id")
        if not isinstance(cell_id, str) or not CELL_ID.match(cell_id) or cell_id in seen:
            cell_id = uuid.uuid4().hex[:12]
        cell["id"] = cell_id
        seen.add(cell_id)


def answer_cells(submission_nb, release_nb) -> tuple[dict[str, str], list[str]]:
    """(answer grade_id -> the student's source of that answer cell; the reasons of the repairs).

    Both arguments are nbformat notebooks (or paths to them). The alignment is :func:`normalise`'s,
    so this is exactly the source nbgrader runs as the answer: for a deleted answer cell, the
    release's empty answer (it raises NotImplementedError: the exercise scores 0), with a reason.
    """
    submission = as_notebook(submission_nb, "submission_nb")
    release = as_notebook(release_nb, "release_nb")
    nb, reasons = normalise(submission, release)
    answers = {}
    for cell in nb.cells:
        r = role(cell)
        if r.kind == "answer":
            answers[r.grade_id] = cell.source
    return answers, reasons


def fixed_share(candidate: NotebookNode, release: NotebookNode) -> float:
    """The share of the release's non-answer cells found, by source, in ``candidate``."""
    fixed = [key(c.source) for c in release.cells if role(c).kind != "answer" and c.source.strip()]
    present = {key(c.source) for c in candidate.cells}
    return sum(k in present for k in fixed) / max(len(fixed), 1)


def answers_written(candidate: NotebookNode, release: NotebookNode) -> int:
    """How many answer cells differ from the release's empty ones."""
    answers, _ = answer_cells(candidate, release)
    stubs = {role(c).grade_id: c.source for c in release.cells if role(c).kind == "answer"}
    return sum(key(answers.get(g, stub)) != key(stub) for g, stub in stubs.items())


def notebook_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ipynb") if CHECKPOINTS not in p.parts and p.is_file())


def pick_notebook(folder: Path, release_path: Path, taken: set[Path] = frozenset()
                  ) -> tuple[NotebookNode | None, Path | None, list[str]]:
    """(the student's notebook for ``release_path``, its file, reasons) from ``folder``; None if none fits.

    A notebook counts when it holds at least MIN_SIMILARITY of the release's fixed cells. Of several,
    the one with the most answers written wins, then the one with the release's name, then the closer.
    """
    release = nbformat.read(str(release_path), as_version=4)
    reasons, fits = [], []
    for path in notebook_files(folder):
        if path in taken:
            continue
        name = path.relative_to(folder).as_posix()
        try:
            candidate = nbformat.read(str(path), as_version=4)
            share = fixed_share(candidate, release)
            written = answers_written(candidate, release) if share >= MIN_SIMILARITY else 0
        except Exception as error:  # any unreadable file: say so and look at the others
            reasons.append(f"{name} is not a readable notebook ({type(error).__name__}: {str(error)[:120]})")
            continue
        if share < MIN_SIMILARITY:
            reasons.append(f"ignored {name}: not this assignment ({share:.0%} of the release's cells)")
            continue
        fits.append(((written, name == release_path.name, share, path.stat().st_mtime), path, candidate, name))
    if not fits:
        return None, None, reasons
    fits.sort(key=lambda fit: fit[0], reverse=True)
    (written, _, share, _), path, candidate, name = fits[0]
    if name != release_path.name:
        reasons.append(f"notebook saved under another name: graded {name} "
                       f"(it holds {share:.0%} of the release's cells)")
    for (other_written, _, _, _), _, _, other in fits[1:]:
        reasons.append(f"several notebooks of this assignment: graded {name} ({written} answers written), "
                       f"not {other} ({other_written} answers written)")
    return candidate, path, reasons


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare(submitted: Path, release_folder: Path, target: Path) -> dict:
    """Write the normalised submission of folder ``submitted`` into ``target`` (replaced).

    ``release_folder`` holds the release notebooks of the assignment. Files that are not notebooks
    are copied as they are (nbgrader reads ``timestamp.txt``). Returns the record:
    ``{"reasons": [...], "graded": {release notebook name: [submitted file or None, its sha256]}}``.
    ``submitted`` itself is only read: it stays the student's original.
    """
    submitted, release_folder, target = Path(submitted), Path(release_folder), Path(target)
    for name, folder in (("submitted", submitted), ("release_folder", release_folder)):
        if not folder.is_dir():
            raise ValueError(f"{name} must be a folder, got {folder}")
    releases = sorted(release_folder.glob("*.ipynb"))
    if not releases:
        raise ValueError(f"release_folder {release_folder} holds no notebook")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in sorted(submitted.rglob("*")):
        if path.is_file() and path.suffix != ".ipynb" and CHECKPOINTS not in path.parts:
            destination = target / path.relative_to(submitted)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
    record: dict = {"reasons": [], "graded": {}}
    taken: set[Path] = set()
    for release_path in releases:
        release = nbformat.read(str(release_path), as_version=4)
        candidate, path, reasons = pick_notebook(submitted, release_path, taken)
        record["reasons"].extend(reasons)
        if candidate is None:
            record["reasons"].append(f"no notebook of this assignment in the submission: graded the untouched "
                                     f"release {release_path.name} (0 points)")
            nb = release
            record["graded"][release_path.name] = [None, None]
        else:
            taken.add(path)
            nb, repairs = normalise(candidate, release)
            record["reasons"].extend(repairs)
            record["graded"][release_path.name] = [path.relative_to(submitted).as_posix(), sha256(path)]
        nbformat.write(nb, str(target / release_path.name))
    return record
