"""Start the course's JupyterLab exactly as the README's command does, for tests; stop it by its id."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tools.authoring import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    """HTTP GET: (status, body); raises URLError while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


@dataclass
class Server:
    base: str
    token: str
    log: Path
    process: subprocess.Popen

    def url(self, path: str) -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base}{path}{separator}token={self.token}"


@contextlib.contextmanager
def course_server(workdir: Path, *extra: str, startup_seconds: float = 90):
    """``python3 course.py open [extra...]`` on a free port with a known token; yields a :class:`Server`."""
    port, token = free_port(), "course-test-token"
    log_path = workdir / "server.log"
    env = dict(os.environ, COURSE_PORT=str(port), COURSE_TOKEN=token, JUPYTER_RUNTIME_DIR=str(workdir / "runtime"))
    # a work copy of the test's own (inside the course folder, as work/ is), never the developer's work/
    own_work = "COURSE_WORK" not in os.environ
    if own_work:
        env["COURSE_WORK"] = f"test-artifacts/work-server-{workdir.name}"
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, str(ROOT / "course.py"), "open", *extra], stdout=log,
                                   stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        server = Server(f"http://127.0.0.1:{port}", token, log_path, process)
        try:
            deadline = time.monotonic() + startup_seconds
            while True:
                try:
                    get(server.url("/api/status"))
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if process.poll() is not None:
                        raise RuntimeError("the server exited:\n" + log_path.read_text()) from None
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"no answer within {startup_seconds} s:\n" + log_path.read_text()) from None
                    time.sleep(0.5)
            yield server
        finally:
            process.terminate()  # course.py execs the server: this id is the server's own
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if own_work:
                shutil.rmtree(ROOT / env["COURSE_WORK"], ignore_errors=True)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright; skips the test when either is missing."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (python3 course.py test installs it as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
