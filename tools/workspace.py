"""The learner's work copy: ``work/``, git-ignored, filled from the release, never overwritten by the course.

    python -m tools.workspace [--update]     # what ``python3 course.py open [--update]`` runs before JupyterLab

``notebooks/`` is the release and ``git pull`` updates it; the learner types answers into ``work/`` instead, so
a course update can neither conflict with an answer nor lose one. For every release notebook :func:`sync`

- copies it into ``work/`` when the work copy has no such notebook (first use, or a notebook new in the course);
- keeps the release it was copied from in ``work/.course/base/`` and compares that with the release of today;
- when the release changed: replaces the copy if the learner changed no cell (nothing to lose); otherwise
  reports the change, and with ``update=True`` writes the new release with the learner's answers carried
  over by nbgrader ``grade_id`` (:func:`merge`), after saving the notebook as it was in
  ``work/previous_versions/``. A written answer whose cell the new version no longer has, and a cell the
  learner added, are kept aside in a markdown cell at the end of the notebook, never dropped.

An answer counts as written when its source differs from the answer cell of the old and of the new release
(the ``raise NotImplementedError()`` stub). ``COURSE_WORK`` names another work folder (relative paths are
taken from the course folder).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from course_grader.intake import key
from nbformat import NotebookNode

from .authoring import RELEASE, ROOT

STATE = ".course"  # inside the work folder: the releases the copies came from, the check records
PREVIOUS = "previous_versions"  # inside the work folder: each notebook as it was before an update
START_PAGE = "00_start_here.ipynb"
SKIP = (".ipynb_checkpoints", "__pycache__")
KEPT_PREFIX = "kept-"  # the id of a cell holding what an update kept aside


def work_root() -> Path:
    """The work folder: ``$COURSE_WORK`` if set (relative to the course folder), else ``work/`` beside course.py."""
    chosen = os.environ.get("COURSE_WORK", "").strip()
    if not chosen:
        return ROOT / "work"
    path = Path(chosen).expanduser()
    return path if path.is_absolute() else ROOT / path


def release_files(release: Path = RELEASE) -> list[str]:
    """Every file of the release, as paths relative to it (checkpoints and caches left out)."""
    return sorted(p.relative_to(release).as_posix() for p in release.rglob("*")
                  if p.is_file() and not any(part in SKIP for part in p.relative_to(release).parts))


def sources(nb: NotebookNode) -> list[tuple[str, str]]:
    """What the learner can change in a notebook: the cells' types and sources (outputs do not count)."""
    return [(c.cell_type, key(c.source)) for c in nb.cells]


def fingerprint(nb: NotebookNode) -> str:
    """A release's content: cells, their ids and nbgrader metadata (outputs and notebook metadata ignored)."""
    return json.dumps([(c.cell_type, c.get("id"), c.source, c.get("metadata", {}).get("nbgrader"))
                       for c in nb.cells], sort_keys=True)


def grade_id(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def answer_sources(nb: NotebookNode) -> dict[str, str]:
    """grade_id -> source of every answer (nbgrader solution) cell."""
    return {grade_id(c): c.source for c in nb.cells
            if grade_id(c) and c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def is_written(source: str, *stubs: str | None) -> bool:
    """Whether ``source`` holds something of the learner's: not empty, and none of the releases' stubs."""
    return bool(key(source)) and all(stub is None or key(source) != key(stub) for stub in stubs)


def fence(source: str) -> str:
    """A markdown code fence longer than any run of backticks in ``source``."""
    longest, run = 0, 0
    for char in source:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def kept_aside_cell(kept: list[tuple[str, str]], added: list[NotebookNode], stamp: str) -> NotebookNode:
    """A markdown cell quoting the answers whose exercise is gone and the cells the learner added."""
    parts = [f"## Kept from your previous version ({stamp})",
             "The course update left these out of the new version of this notebook; they are quoted here, "
             "not run. Copy what you still need into a cell, then delete this one."]
    for gid, source in kept:
        parts.append(f"**Your answer `{gid}`** (this exercise is no longer in the notebook):")
        parts.append(f"{fence(source)}python\n{source}\n{fence(source)}")
    for cell in added:
        kind = "code" if cell.cell_type == "code" else "text"
        language = "python" if cell.cell_type == "code" else "markdown"
        parts.append(f"**A {kind} cell you added:**")
        parts.append(f"{fence(cell.source)}{language}\n{cell.source}\n{fence(cell.source)}")
    cell = nbformat.v4.new_markdown_cell("\n\n".join(parts))
    cell.id = KEPT_PREFIX + stamp.replace(" ", "").replace(":", "").replace("-", "")[:40]
    return cell


@dataclass
class Merged:
    """What :func:`merge` carried over and kept aside."""

    carried: list[str]  # grade_ids of the answers now in the new version
    kept: list[str]  # grade_ids of written answers whose cell the new version no longer has
    added: int  # cells of the learner's own, kept aside


def merge(learner: NotebookNode, new: NotebookNode, old: NotebookNode | None = None,
          stamp: str = "") -> tuple[NotebookNode, Merged]:
    """The new release with the learner's written answers, by grade_id; what has no place kept aside at the end.

    ``old`` is the release the learner's copy came from (None when unknown): its answer stubs do not count as
    written, and its cell ids tell the learner's added cells from the course's. Cells an earlier update kept
    aside stay as they are.
    """
    answers, new_stubs = answer_sources(learner), answer_sources(new)
    old_stubs = answer_sources(old) if old is not None else {}
    for cell in learner.cells:  # metadata stripped by an editor: the cell id is the grade_id in this course
        if grade_id(cell) is None and cell.get("id") in {**old_stubs, **new_stubs}:
            answers.setdefault(cell["id"], cell.source)
    merged = copy.deepcopy(new)
    carried = []
    for cell in merged.cells:
        gid = grade_id(cell)
        if gid in new_stubs and gid in answers and is_written(answers[gid], old_stubs.get(gid), new_stubs[gid]):
            cell.source = answers[gid]
            carried.append(gid)
    kept = [(gid, src) for gid, src in answers.items()
            if gid not in new_stubs and is_written(src, old_stubs.get(gid))]
    course_ids = {c.get("id") for c in (old if old is not None else new).cells}
    earlier = [c for c in learner.cells if str(c.get("id", "")).startswith(KEPT_PREFIX)]
    added = [c for c in learner.cells if grade_id(c) is None and c.get("id") not in course_ids
             and c not in earlier and key(c.source)]
    merged.cells.extend(copy.deepcopy(earlier))
    if kept or added:
        merged.cells.append(kept_aside_cell(kept, added, stamp))
    return merged, Merged(carried, [gid for gid, _ in kept], len(added))


def git_head_version(path: Path) -> NotebookNode | None:
    """``path`` as git's HEAD has it (the pristine release before any local edit), or None outside git."""
    try:
        shown = subprocess.run(["git", "show", f"HEAD:./{path.name}"], cwd=path.parent, capture_output=True,
                               text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if shown.returncode != 0:
        return None
    try:
        return nbformat.reads(shown.stdout, as_version=4)
    except Exception:
        return None


@dataclass
class Status:
    """What :func:`sync` did with one release notebook."""

    path: str  # relative to the release and to the work folder
    state: str  # copied, current, updated, changed, merged, unreadable
    detail: str = ""


def read(path: Path) -> NotebookNode:
    return nbformat.read(str(path), as_version=4)


def write(nb: NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def sync(work: Path | None = None, release: Path = RELEASE, *, update: bool = False,
         pristine=git_head_version) -> list[Status]:
    """Bring the work copy up to date with the release without losing anything; one :class:`Status` each.

    ``pristine(path)`` gives the release as published when the file in ``release`` may hold local edits
    (default: git's HEAD); None means the file itself. A first copy takes the file as it is (answers typed
    into the release before ``work/`` existed come along); everything else compares with the published one.
    """
    work = work_root() if work is None else Path(work)
    release = Path(release)
    if not release.is_dir():
        raise ValueError(f"release must be the folder of the release notebooks, got {release}")
    base_dir = work / STATE / "base"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    statuses = []
    for rel in release_files(release):
        source, target, base = release / rel, work / rel, base_dir / rel
        if not rel.endswith(".ipynb"):
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
            continue
        on_disk = read(source)
        published = pristine(source)
        new = published if published is not None else on_disk  # the course's version, without local edits
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)  # with any answers typed into the release before work/ existed
            write(new, base)
            edited = sources(new) != sources(on_disk)
            note = (f"notebooks/{rel} holds edits of yours: copied with them; `git checkout -- notebooks/{rel}` "
                    "then lets `git pull` update the course") if edited else ""
            statuses.append(Status(rel, "copied", note))
            continue
        try:
            mine = read(target)
        except Exception as error:
            statuses.append(Status(rel, "unreadable", f"{type(error).__name__}: {str(error)[:200]}"))
            continue
        try:
            old = read(base) if base.exists() else None
        except Exception:
            old = None
        if old is not None and fingerprint(old) == fingerprint(new):
            statuses.append(Status(rel, "current"))
        elif sources(mine) == sources(new):
            write(new, base)
            statuses.append(Status(rel, "current"))
        elif old is not None and sources(mine) == sources(old):
            write(new, target)
            write(new, base)
            statuses.append(Status(rel, "updated"))
        elif not update:
            statuses.append(Status(rel, "changed"))
        else:
            saved = work / PREVIOUS / f"{Path(rel).stem}.{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.ipynb"
            saved.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, saved)
            merged, what = merge(mine, new, old, stamp)
            write(merged, target)
            write(new, base)
            statuses.append(Status(rel, "merged", describe(what, saved.relative_to(work).as_posix())))
    return statuses


def describe(what: Merged, saved: str) -> str:
    parts = [f"{len(what.carried)} answer(s) carried over"]
    if what.kept:
        parts.append(f"{len(what.kept)} answer(s) whose exercise is gone kept aside ({', '.join(what.kept)})")
    if what.added:
        parts.append(f"{what.added} cell(s) you added kept aside")
    if what.kept or what.added:
        parts.append("in the cell \"Kept from your previous version\" at the end of the notebook")
    return "; ".join(parts) + f"; your notebook as it was: {saved}"


def report(statuses: list[Status], work: Path) -> list[str]:
    """The lines ``open`` prints: only what changed or needs the learner."""
    shown = work if not work.is_relative_to(ROOT) else work.relative_to(ROOT)
    lines = []
    copied = [s for s in statuses if s.state == "copied"]
    if copied:
        lines.append(f"copied {len(copied)} notebook(s) into your work copy {shown}/ (the course never "
                     "overwrites it; git ignores it)")
    for s in statuses:
        if s.state == "copied" and s.detail:
            lines.append(f"  note: {s.detail}")
        elif s.state == "updated":
            lines.append(f"{shown}/{s.path}: the course has a new version; you had changed nothing in it, so your "
                         "copy is now the new version")
        elif s.state == "merged":
            lines.append(f"{shown}/{s.path}: now the new version: {s.detail}")
        elif s.state == "unreadable":
            lines.append(f"{shown}/{s.path}: cannot be read ({s.detail}); left as it is: repair it, or rename it "
                         "and open again for a fresh copy")
    changed = [s for s in statuses if s.state == "changed"]
    if changed:
        lines.append("the course has a new version of: " + ", ".join(s.path for s in changed))
        lines.append("  your copies are unchanged. To take the new versions with your answers carried over (each "
                     f"notebook is saved in {shown}/{PREVIOUS}/ first), run:  python3 course.py open --update")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.workspace", description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true",
                        help="take every changed release notebook, carrying your answers over")
    args = parser.parse_args(argv)
    work = work_root()
    try:
        statuses = sync(work, update=args.update)
    except (OSError, ValueError) as error:
        print(f"cannot prepare the work copy {work}: {error}", file=sys.stderr)
        return 1
    from .progress import write_progress

    write_progress(work)
    for line in report(statuses, work):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
