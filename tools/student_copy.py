"""A student copy of the course: a fresh git repository that holds nothing private.

    python3 course.py student-copy DIR

writes DIR (new, or an empty folder) with the release notebooks (``notebooks/``, the start page among
them), ``course_lib`` (the library every notebook imports; it holds no solution), its packaging
(``pyproject.toml``, ``requirements/course.txt``, ``environment.yml``), the licenses and a README for
students, then commits them as the only commit of a new repository: nothing from ``solutions/``,
``authoring/``, ``tests/`` (the grading corpora) or the hidden tests is in any file or any git object.
Before committing, every copied file is searched for nbgrader's solution and hidden-test markers; a copy
that holds one is deleted and the command fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .authoring import ROOT

# what a student gets, relative to the repository root (folders are copied whole, minus caches)
INCLUDED = ["notebooks", "course_lib", "pyproject.toml", "requirements/course.txt", "environment.yml"]
LICENSE_GLOB = "LICENSE*"
MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")

START_NOTE = (
    "> **Your class's copy of the course.** This repository holds the notebooks to work on and `course_lib`, "
    "nothing else: the self-study commands and folders this page mentions (`course.py open`, `course.py check`, "
    "`work/`, `solutions/`) are not part of it. Work in the notebooks, run their visible checks and nbgrader's "
    "*Validate*, and submit as your instructor says; the hidden tests that decide your grade run on the "
    "instructor's side."
)

README = """# Weight initialization: the notebooks (student copy)

This is your class's copy of the course: the notebooks (`notebooks/`, start with
`notebooks/00_start_here.ipynb`) and the small NumPy library they import (`course_lib/`).

## Set up once (Python 3.11)

```bash
python3 -m venv .venv
.venv/bin/pip install -r requirements/course.txt     # the exact versions the course is tested with
.venv/bin/pip install --no-deps -e .                 # course_lib
.venv/bin/jupyter lab notebooks/00_start_here.ipynb
```

(Windows: `.venv\\Scripts\\pip` and `.venv\\Scripts\\jupyter`.) Conda users: `conda env create -f environment.yml`.

Each notebook's visible checks tell you whether an answer has the right form; the hidden tests that decide
the grade are run by your instructor's autograder after you submit.

## License

See the `LICENSE*` files: the code under the code license, the notebooks' text and figures under the content
license.
"""


class CopyError(RuntimeError):
    """The copy could not be written, or would have held something private."""


def _included(root: Path) -> list[Path]:
    paths = [root / name for name in INCLUDED]
    missing = [p.relative_to(root).as_posix() for p in paths if not p.exists()]
    if missing:
        raise CopyError(f"the course is incomplete: {', '.join(missing)} not found under {root}")
    return paths + sorted(root.glob(LICENSE_GLOB))


def _add_start_note(start_page: Path) -> None:
    import nbformat

    nb = nbformat.read(start_page, as_version=4)
    note = nbformat.v4.new_markdown_cell(START_NOTE)
    note.id = "student-copy-note"
    nb.cells.insert(0, note)
    nbformat.write(nb, start_page)


def _leaks(target: Path) -> list[str]:
    found = []
    for path in sorted(target.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(target).parts:
            text = path.read_bytes().decode("utf-8", errors="ignore")
            found += [f"{path.relative_to(target).as_posix()}: {marker}" for marker in MARKERS if marker in text]
    return found


def _git(target: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "course", "GIT_AUTHOR_EMAIL": "course@localhost",
           "GIT_COMMITTER_NAME": "course", "GIT_COMMITTER_EMAIL": "course@localhost", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull}
    result = subprocess.run(["git", *args], cwd=target, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CopyError(f"git {' '.join(args)} failed: {result.stderr.strip()}")


def write_student_copy(target, root: Path = ROOT) -> Path:
    """Write the student copy of the course at ``root`` into ``target`` and commit it; returns the target path.

    ``target`` must not exist or be an empty folder (nothing of anyone's is overwritten).
    """
    if not isinstance(target, (str, os.PathLike)) or not str(target).strip():
        raise TypeError(f"target must be a folder path, got {target!r}")
    target = Path(target).expanduser().resolve()
    root = Path(root).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CopyError(f"target {target} exists and is not an empty folder: choose a new one")
    if target == root or root in target.parents:
        raise CopyError(f"target {target} is inside the course repository {root}: choose a folder outside it")
    sources = _included(root)
    target.mkdir(parents=True, exist_ok=True)
    try:
        for source in sources:
            destination = target / source.relative_to(root)
            if source.is_dir():
                shutil.copytree(source, destination, ignore=IGNORED)
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
        (target / "README.md").write_text(README)
        (target / ".gitignore").write_text(".venv/\n__pycache__/\n.ipynb_checkpoints/\n*.egg-info/\n")
        _add_start_note(target / "notebooks" / "00_start_here.ipynb")
        leaks = _leaks(target)
        if leaks:
            raise CopyError("the copy would hold solution or hidden-test text: " + "; ".join(leaks[:5]))
        _git(target, "init", "-q", "-b", "main")
        _git(target, "add", "-A")
        _git(target, "commit", "-q", "-m", "The course's notebooks and course_lib (student copy)")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 course.py student-copy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", metavar="DIR", help="a new (or empty) folder outside this repository")
    args = parser.parse_args(argv)
    try:
        target = write_student_copy(args.target)
    except (CopyError, TypeError) as error:
        print(f"student-copy: {error}", file=sys.stderr)
        return 2
    files = sum(1 for p in target.rglob("*") if p.is_file() and ".git" not in p.relative_to(target).parts)
    print(f"student copy written to {target}: {files} files in one commit, no solution or hidden test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
