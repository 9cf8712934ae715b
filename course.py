#!/usr/bin/env python3
"""One entry point for the course: set-up, JupyterLab, tests and the maintainer build.

    python3 course.py open [--update]   # create .venv if needed, install pinned packages, fill your work copy
                                        # work/ (--update: take changed notebooks, your answers carried over),
                                        # start JupyterLab on it
    python3 course.py check [ID|--all]  # grade work/ID/ID.ipynb with the hidden tests; no ID: the progress table
    python3 course.py test     # same set-up plus PyTorch, then run every test (pytest)
    python3 course.py build    # maintainers: author sources -> executed solutions/ -> release notebooks/
    python3 course.py setup-grading   # instructors: the grading environment only (nbgrader, course_grader, bubblewrap)
    python3 course.py autograde COURSE_DIR ASSIGNMENT [--workers N] [--db-url URL]   # instructors: grade a class
    python3 course.py regrade COURSE_DIR ASSIGNMENT STUDENT NOTEBOOK   # instructors: sandboxed re-grade
    python3 course.py binder [REPOSITORY_URL]   # the Binder launch link and badge of this repository (or that URL)
    python3 course.py book [--out DIR] [--repository URL]   # the static web book, built offline (_build/book/)
    python3 course.py student-copy DIR   # instructors: a fresh repository with the release and course_lib only

Each command creates the virtual environment `.venv/` beside this file when it is
missing and installs the exact pins of `requirements/`. The install is skipped when
the pins have not changed since the last one (a stamp file in `.venv/` records
their hash), so a second run starts in seconds.
Arguments after `test` go to pytest, e.g. `python3 course.py test tests/test_init.py -x`.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements"
STAMP = VENV / "course-install.stamp"
START_PAGE = "notebooks/00_start_here.ipynb"  # where JupyterLab opens, locally and on Binder
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def venv_bin(name: str) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / scripts / f"{name}{suffix}"


def pins_digest(profile: str) -> str:
    """Hash of every requirements file the profile reads, plus the profile's name."""
    digest = hashlib.sha256(profile.encode())
    for path in sorted(REQUIREMENTS.glob("*.txt")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def installed_profiles() -> dict[str, str]:
    if not STAMP.exists():
        return {}
    pairs = (line.split("=", 1) for line in STAMP.read_text().splitlines() if "=" in line)
    return {key: value for key, value in pairs}


def ensure_environment(profile: str) -> None:
    """Create `.venv` and install `requirements/<profile>.txt` unless already up to date."""
    if sys.version_info[:2] != (3, 11):
        print(f"note: the pins were made for Python 3.11; this is {sys.version.split()[0]}", file=sys.stderr)
    if not venv_bin("python").exists():
        print(f"creating virtual environment {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    done = installed_profiles()
    if done.get(profile) == pins_digest(profile):
        configure_environment()  # cheap and idempotent: keeps settings current without a reinstall
        return
    print(f"installing pinned packages ({profile}) into {VENV} ...", flush=True)
    subprocess.run(
        [str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", "-q",
         "-r", str(REQUIREMENTS / f"{profile}.txt")],
        check=True,
    )
    configure_environment()
    # the test pins include the book pins, which include the course pins: a test install satisfies all three
    for satisfied in {"test": ("course", "book", "test"), "book": ("course", "book")}.get(profile, ("course",)):
        done[satisfied] = pins_digest(satisfied)
    STAMP.write_text("".join(f"{key}={value}\n" for key, value in sorted(done.items())))


# JupyterLab settings for the course: no news feed, no consent pop-up about it, no update checks.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_lab_overrides(prefix: Path) -> None:
    """JupyterLab reads `<prefix>/share/jupyter/lab/settings/overrides.json` as its defaults."""
    settings = prefix / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2) + "\n")


PACKAGES = (ROOT, ROOT / "grading")  # course_lib (pyproject.toml) and course_grader (grading/pyproject.toml)
PACKAGES_STAMP = VENV / "course-packages.stamp"


def packages_digest() -> str:
    """What the editable install of the course's two packages depends on: where they are and their metadata."""
    digest = hashlib.sha256(str(ROOT).encode())
    for folder in PACKAGES:
        digest.update((folder / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def configure_environment() -> None:
    """Install course_lib and course_grader into the venv (editable: an edit takes effect at once; each package
    maps only its own name, so nothing else of this folder is importable), write JupyterLab's setting overrides."""
    for old_pth in [*VENV.glob("lib/python3*/site-packages/course_lib_repo.pth"),
                    *VENV.glob("Lib/site-packages/course_lib_repo.pth")]:
        old_pth.unlink()  # an earlier version put this whole folder on the import path
    if not PACKAGES_STAMP.exists() or PACKAGES_STAMP.read_text() != packages_digest():
        subprocess.run(
            [str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps",
             "--no-build-isolation", *[arg for folder in PACKAGES for arg in ("-e", str(folder))]],
            check=True,
        )
        PACKAGES_STAMP.write_text(packages_digest())
    write_lab_overrides(VENV)


# Debian packages the tests use, by the command each provides: Chromium for the browser test,
# bubblewrap for the trusted re-grade's sandbox, PostgreSQL for the gradebook-on-a-server test.
SYSTEM_PACKAGES = {"chromium": "/usr/bin/chromium", "bubblewrap": "/usr/bin/bwrap",
                   "postgresql": "/usr/lib/postgresql"}


def ensure_system_packages(names=tuple(SYSTEM_PACKAGES)) -> None:
    """Install the Debian packages ``names`` (default: all the tests need) with apt-get when missing (root only)."""
    missing = [name for name in names if not Path(SYSTEM_PACKAGES[name]).exists()]
    if not missing:
        return
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        print(f"note: {', '.join(missing)} missing and no root to install them: the tests that need them "
              "will be skipped", flush=True)
        return
    print(f"installing Debian's {', '.join(missing)} for the tests ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive")}
    subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, **quiet)


def venv_environ() -> dict[str, str]:
    """The environment with the venv first on PATH (nbgrader runs `alembic` from PATH)."""
    env = dict(os.environ)
    env["PATH"] = str(venv_bin("python").parent) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(VENV)
    env.pop("PYTHONHOME", None)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def single_threaded(env: dict[str, str]) -> dict[str, str]:
    """One BLAS thread per process: on 2 cores, tests and builds run several kernels at once, and
    oversubscribed OpenBLAS made notebook cells about 5x slower; sums also come out in one order.
    The test command's pytest-xdist workers (one per core) and their kernels inherit it."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    return env


def run_in_venv(args: list[str], cwd: Path | None = ROOT) -> int:
    """Run ``args`` with the venv's environment, one BLAS thread, in ``cwd`` (None: the caller's directory)."""
    return subprocess.call(args, cwd=cwd, env=single_threaded(venv_environ()))


def work_folder() -> Path:
    """The learner's work copy, as tools/workspace.py finds it: `work/`, or $COURSE_WORK (relative: to this folder)."""
    chosen = os.environ.get("COURSE_WORK", "").strip()
    path = Path(chosen).expanduser() if chosen else ROOT / "work"
    return path if path.is_absolute() else ROOT / path


def command_open(extra: list[str]) -> int:
    """Fill or update the work copy (tools/workspace.py), then serve JupyterLab on its start page.

    ``--update`` takes the course's new version of every changed notebook with the learner's answers carried
    over. Given ``--ServerApp.root_dir=DIR`` the server serves DIR and the work copy is left alone.
    """
    ensure_environment("course")
    update = "--update" in extra
    extra = [arg for arg in extra if arg != "--update"]
    start = START_PAGE
    if not any(arg.startswith("--ServerApp.root_dir") for arg in extra):
        status = run_in_venv([str(venv_bin("python")), "-m", "tools.workspace", *(["--update"] if update else [])])
        if status != 0:
            return status
        work = work_folder().resolve()
        if work.is_relative_to(ROOT):
            start = (work / "00_start_here.ipynb").relative_to(ROOT).as_posix()
        else:  # a work folder elsewhere ($COURSE_WORK): serve that folder
            extra = [f"--ServerApp.root_dir={work}", *extra]
            start = "00_start_here.ipynb"
    token = os.environ.get("COURSE_TOKEN") or secrets.token_hex(16)
    port = os.environ.get("COURSE_PORT", "8888")
    args = [
        str(venv_bin("jupyter")), "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False",
        "--LabApp.news_url=None",
        f"--LabApp.default_url=/lab/tree/{start}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    print(f"\nThe course opens at  http://127.0.0.1:{port}/lab?token={token}\n", flush=True)
    env = venv_environ()
    os.chdir(ROOT)
    os.execve(args[0], args + extra, env)  # the server takes this process's id: stopping it stops the server


def command_check(extra: list[str]) -> int:
    """Grade the work copy's notebook ID with the full hidden tests (tools/self_check.py); no ID: the progress table."""
    ensure_environment("course")
    # less one import, as course_grader.autograde runs nbgrader: jsonschema's IRI checker costs 2.4 s of CPU a process
    quick = "import sys; sys.modules['rfc3987_syntax'] = None; from tools.self_check import main; sys.exit(main())"
    return run_in_venv([str(venv_bin("python")), "-c", quick, *extra])


def parallel_args(extra: list[str]) -> list[str]:
    """pytest-xdist's options for a test run: one worker per core (``-n auto``), each file on one worker.

    ``--dist loadfile`` keeps a file's tests together, so a module fixture (a class autograded once, a
    PostgreSQL server, a book built once) is built once, and a notebook's cells (nbval) share one kernel in
    order. (``--dist loadgroup`` was tried, 2026-12-02: with pytest 9.2 and xdist 3.8.0 its ``xdist_group``
    marks did not keep tests together, even written as decorators.) ``--no-loadscope-reorder`` hands the files out
    in collection order, longest first (tests/conftest.py), where xdist would sort them by their number of tests
    (which put the browser and guide tests, few tests and minutes each, last). None when the caller chose the workers
    (``-n``, ``--numprocesses``, ``--dist``, ``-p no:xdist``).
    """
    for arg in extra:
        if arg.startswith(("-n", "--numprocesses", "--dist", "--maxprocesses")) or arg in ("no:xdist", "-pno:xdist"):
            return []
    return ["-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]


def command_test(extra: list[str]) -> int:
    ensure_environment("test")
    ensure_system_packages()
    return run_in_venv([str(venv_bin("python")), "-m", "pytest", *parallel_args(extra), *extra])


def command_build(extra: list[str]) -> int:
    ensure_environment("course")
    return run_in_venv([str(venv_bin("python")), "-m", "tools.build", *extra])


def command_autograde(extra: list[str]) -> int:
    """course_grader.autograde in the venv, from the caller's directory (COURSE_DIR may be relative to it)."""
    ensure_environment("course")
    return run_in_venv([str(venv_bin("python")), "-m", "course_grader.autograde", *extra], cwd=None)


def command_setup_grading(extra: list[str]) -> int:
    """Instructors: the grading environment only (the course's pins, course_lib and course_grader, bubblewrap for
    the trusted re-grade as root), then whether the sandbox can run here. Not the test suite."""
    if extra:
        print("usage: python3 course.py setup-grading", file=sys.stderr)
        return 2
    ensure_environment("course")
    ensure_system_packages(("bubblewrap",))
    check = ("from course_grader.trusted.sandbox import unavailable_reason; r = unavailable_reason(); "
             "print('trusted re-grade: ' + ('ready (bubblewrap sandbox)' if r is None else 'NOT available: ' + r))")
    status = run_in_venv([str(venv_bin("python")), "-c", check])
    bindir = venv_bin("python").parent
    print(f"grading is installed in {VENV}: put {bindir} first on PATH (source {bindir / 'activate'}) for nbgrader, "
          "course-autograde, course-regrade and course-lms-export")
    return status


def command_bench(extra: list[str]) -> int:
    ensure_environment("test")
    return run_in_venv([str(venv_bin("python")), "-m", "tools.bench", *extra])


def command_regrade(extra: list[str]) -> int:
    """Trusted re-grade of one submission: COURSE_DIR ASSIGNMENT STUDENT NOTEBOOK (course_grader.trusted.regrade)."""
    ensure_environment("course")
    return run_in_venv([str(venv_bin("python")), "-m", "course_grader.trusted.regrade", *extra], cwd=None)


def command_book(extra: list[str]) -> int:
    """The static HTML book of the course (tools/book.py), with Sphinx and MyST-NB from requirements/book.txt."""
    ensure_environment("book")
    return run_in_venv([str(venv_bin("python")), "-m", "tools.book", *extra])


def command_student_copy(extra: list[str]) -> int:
    """A fresh repository for students (tools/student_copy.py): the release and course_lib, nothing private."""
    ensure_environment("course")
    return run_in_venv([str(venv_bin("python")), "-m", "tools.student_copy", *extra], cwd=None)


def command_lab_settings(extra: list[str]) -> int:
    """For conda and Binder (postBuild): write the course's JupyterLab settings into this interpreter's prefix."""
    write_lab_overrides(Path(sys.prefix))
    return 0


def binder_link(repository_url: str, ref: str = "HEAD") -> str:
    """The mybinder.org link that builds ``repository_url`` (environment.yml, postBuild) and opens the start page.

    GitHub repositories use Binder's ``gh`` provider (``https://mybinder.org/v2/gh/OWNER/REPO/REF``), any other
    public git URL the ``git`` provider with the URL escaped; JupyterLab opens on ``START_PAGE``.
    """
    if not isinstance(repository_url, str) or not repository_url.strip():
        raise ValueError(f"repository_url must be a non-empty git URL, got {repository_url!r}")
    url = repository_url.strip()
    path = f"?urlpath=lab/tree/{START_PAGE}"
    for prefix in ("https://github.com/", "http://github.com/", "git@github.com:", "ssh://git@github.com/"):
        if url.startswith(prefix):
            parts = url[len(prefix):].removesuffix("/").removesuffix(".git").split("/")
            if len(parts) != 2 or not all(parts):
                raise ValueError(f"repository_url must name a GitHub repository as OWNER/REPO, got {repository_url!r}")
            return f"https://mybinder.org/v2/gh/{parts[0]}/{parts[1]}/{ref}{path}"
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"repository_url must be a public https:// git URL (Binder cannot clone over ssh), "
                         f"got {repository_url!r}")
    return f"https://mybinder.org/v2/git/{quote(url, safe='')}/{ref}{path}"


def command_binder(extra: list[str]) -> int:
    """Print the Binder launch link and README badge for a repository URL, by default git's ``origin`` remote."""
    if len(extra) > 1:
        print("usage: python3 course.py binder [REPOSITORY_URL]", file=sys.stderr)
        return 2
    if extra:
        url = extra[0]
    else:
        found = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True)
        if found.returncode != 0:
            print("this clone has no `origin` remote: give the public repository's URL, "
                  "python3 course.py binder https://github.com/OWNER/REPO", file=sys.stderr)
            return 2
        url = found.stdout.strip()
    try:
        link = binder_link(url)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(link)
    print(f"[![Launch on Binder]({BINDER_BADGE})]({link})")
    return 0


COMMANDS = {"open": command_open, "test": command_test, "build": command_build, "bench": command_bench,
            "regrade": command_regrade, "lab-settings": command_lab_settings, "autograde": command_autograde,
            "binder": command_binder, "check": command_check, "book": command_book,
            "student-copy": command_student_copy, "setup-grading": command_setup_grading}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        print("commands:", ", ".join(COMMANDS))
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
