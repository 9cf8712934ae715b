"""The README's first command really opens the course: a JupyterLab server on 127.0.0.1 with a token."""

from __future__ import annotations

import urllib.request

import pytest

from tests.jupyter import course_server, get

pytestmark = pytest.mark.slow


def test_open_serves_jupyterlab_on_localhost_with_a_token(tmp_path):
    with course_server(tmp_path) as server:
        assert get(server.url("/api/status"))[0] == 200
        assert get(f"{server.base}/api/status")[0] == 403, "the server must require the token"
        status, page = get(server.url("/lab"))
        assert status == 200 and "JupyterLab" in page
        assert '"news": {"disabled": true}' in page, "JupyterLab's news pop-up must be off"
        with urllib.request.urlopen(server.url("/"), timeout=10) as response:
            assert response.geturl().split("?")[0].endswith("/lab/tree/notebooks/00_start_here.ipynb")
        status, listing = get(server.url("/api/contents"))
        assert status == 200 and '"course.py"' in listing, "the server must serve the course folder"
        status, start = get(server.url("/api/contents/notebooks/00_start_here.ipynb"))
        assert status == 200, "the start page the server opens on must exist"
        assert f"{server.base}/lab?token={server.token}" in server.log.read_text()
    assert server.process.returncode is not None, "the server must be stopped"
