"""The README's first command really opens the course: a JupyterLab server on 127.0.0.1 with a token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tools.authoring import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_open_serves_jupyterlab_on_localhost_with_a_token(tmp_path):
    port, token = free_port(), "course-test-token"
    log = open(tmp_path / "server.log", "w")
    env = dict(os.environ, COURSE_PORT=str(port), COURSE_TOKEN=token, JUPYTER_RUNTIME_DIR=str(tmp_path))
    server = subprocess.Popen([sys.executable, str(ROOT / "course.py"), "open"], stdout=log, stderr=subprocess.STDOUT,
                              env=env, cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = get(f"{base}/api/status?token={token}")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert server.poll() is None, (tmp_path / "server.log").read_text()
                assert time.monotonic() < deadline, "the server did not answer within 90 s"
                time.sleep(0.5)
        assert status == 200
        assert get(f"{base}/api/status")[0] == 403, "the server must require the token"
        status, page = get(f"{base}/lab?token={token}")
        assert status == 200 and "JupyterLab" in page
        status, listing = get(f"{base}/api/contents?token={token}")
        assert status == 200 and '"course.py"' in listing, "the server must serve the course folder"
        log.flush()
        assert f"http://127.0.0.1:{port}/lab?token={token}" in (tmp_path / "server.log").read_text()
    finally:
        server.terminate()  # course.py execs the server: this id is the server's
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
