"""A throw-away PostgreSQL server for a test or a benchmark: the gradebook of a course graded on JupyterHub.

    with postgres_server() as server:
        nbgrader autograde ... --CourseDirectory.db_url=<server.url>

``initdb`` into a fresh temporary folder, then the ``postgres`` server itself (no ``pg_ctl``: it is our
child process, stopped by its process id) listening only on a Unix socket in that folder (no TCP port,
so no port to find free and nothing reachable from outside), then one empty database. The URL names
SQLAlchemy's psycopg2 driver (``psycopg2-binary``, pinned in ``requirements/test.txt``).

PostgreSQL refuses to run as root, and this machine and CI run as root: the server then runs as the
``postgres`` user that Debian's ``postgresql`` package creates (``setpriv``, which execs, so the child's
process id is the server's), in a folder owned by that user. Durability is switched off (``fsync=off``):
the data are thrown away at the end.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

POSTGRES_ROOT = Path("/usr/lib/postgresql")
PREFERRED_MAJOR = "15"
SERVER_USER = "postgres"  # the OS user Debian's package creates; also the database superuser's name here
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 30.0


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be run here (binaries, driver or the ``postgres`` user missing)."""


@dataclass(frozen=True)
class PostgresServer:
    """A running server: its SQLAlchemy ``url``, the server's process id and its folder."""

    url: str
    pid: int
    folder: Path
    database: str


def postgres_bin() -> Path:
    """The ``bin/`` folder of the installed PostgreSQL (15 if present, else the newest); raise if none."""
    majors = {path.parents[1].name: path.parent for path in POSTGRES_ROOT.glob("*/bin/postgres")}
    if not majors:
        raise PostgresUnavailable(f"no PostgreSQL server under {POSTGRES_ROOT} "
                                  "(Debian: apt-get install postgresql; python3 course.py test does it as root)")
    if PREFERRED_MAJOR in majors:
        return majors[PREFERRED_MAJOR]
    return majors[max(majors, key=lambda name: int(name) if name.isdigit() else -1)]


def require_driver() -> None:
    """Raise unless SQLAlchemy's PostgreSQL driver (psycopg2) imports."""
    try:
        import psycopg2  # noqa: F401
    except ImportError as error:
        raise PostgresUnavailable("the PostgreSQL driver psycopg2 is missing: pip install -r requirements/test.txt "
                                  "(psycopg2-binary)") from error


def require_postgres() -> None:
    """In a test: skip where PostgreSQL cannot run; fail as root, where `python3 course.py test` installs it."""
    import pytest

    try:
        postgres_bin()
        require_driver()
    except PostgresUnavailable as why:
        if os.geteuid() == 0:
            pytest.fail(str(why))
        pytest.skip(str(why))


def _as_server_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that drops root to the ``postgres`` user (nothing when not root), and that user."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam(SERVER_USER)
    except KeyError as error:
        raise PostgresUnavailable(f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as "
                                  "(Debian's postgresql package creates it)") from error
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise PostgresUnavailable("running as root and setpriv (util-linux) is missing")
    return [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", "--reset-env"], user


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _stop(process: subprocess.Popen) -> None:
    """Fast shutdown (SIGINT: roll back open transactions, close the connections), then wait for the exit."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)  # immediate shutdown did not finish: this server's data are throw-away
        process.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def postgres_server(database: str = "gradebook", parent: Path | None = None) -> Iterator[PostgresServer]:
    """Start a fresh server with an empty ``database``; yield it; stop it and delete its folder.

    ``parent`` is where the temporary folder goes (default: the system's temporary folder). It must be
    reachable by the ``postgres`` user when running as root, and short: a Unix socket path holds at most
    107 bytes.
    """
    if not isinstance(database, str) or not database.isidentifier():
        raise ValueError(f"database must be a plain identifier, got {database!r}")
    bin_dir = postgres_bin()
    require_driver()
    prefix, user = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="pg-", dir=parent))
    process = None
    try:
        data = folder / "data"
        log = folder / "server.log"
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
        os.chmod(folder, 0o700)
        _run([*prefix, str(bin_dir / "initdb"), "--pgdata", str(data), "--username", SERVER_USER,
              "--auth", "trust", "--encoding", "UTF8", "--locale", "C", "--no-sync"], "initdb")
        settings = {"listen_addresses": "", "unix_socket_directories": str(folder), "fsync": "off",
                    "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "50"}
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        with open(log, "wb") as log_file:
            process = subprocess.Popen([*prefix, str(bin_dir / "postgres"), "-D", str(data), *options],
                                       stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _wait_until_ready(bin_dir, folder, process, log)
        _run([str(bin_dir / "createdb"), "--host", str(folder), "--username", SERVER_USER, database], "createdb")
        url = f"postgresql+psycopg2://{SERVER_USER}@/{database}?host={folder}"
        yield PostgresServer(url=url, pid=process.pid, folder=folder, database=database)
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_ready(bin_dir: Path, folder: Path, process: subprocess.Popen, log: Path) -> None:
    """Poll ``pg_isready`` on the socket until the server accepts connections; raise with its log if it died."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"postgres exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        ready = subprocess.run([str(bin_dir / "pg_isready"), "--host", str(folder), "--username", SERVER_USER,
                                "--dbname", "postgres", "--quiet"])
        if ready.returncode == 0:
            return
        time.sleep(0.1)
    _stop(process)
    raise RuntimeError(f"postgres did not accept connections within {START_TIMEOUT_S} s:\n"
                       f"{log.read_text(errors='replace')}")
