"""The README's first command really opens the course: it fills the learner's work copy, then serves JupyterLab
on 127.0.0.1 with a token, on the work copy's start page."""

from __future__ import annotations

import shutil
import urllib.request

import pytest

from tests.jupyter import course_server, get
from tools.authoring import ROOT

pytestmark = pytest.mark.slow

START = "00_start_here.ipynb"


def lands_on(server) -> str:
    with urllib.request.urlopen(server.url("/"), timeout=10) as response:
        return response.geturl().split("?")[0]


def test_open_serves_jupyterlab_on_localhost_with_a_token(tmp_path, monkeypatch):
    # a work folder inside the course folder, as work/ is (test-artifacts/ is git-ignored like work/)
    work = ROOT / "test-artifacts" / f"work-open-{tmp_path.name}"
    monkeypatch.setenv("COURSE_WORK", str(work.relative_to(ROOT)))
    try:
        with course_server(tmp_path) as server:
            assert get(server.url("/api/status"))[0] == 200
            assert get(f"{server.base}/api/status")[0] == 403, "the server must require the token"
            status, page = get(server.url("/lab"))
            assert status == 200 and "JupyterLab" in page
            assert '"news": {"disabled": true}' in page, "JupyterLab's news pop-up must be off"
            start = f"{work.relative_to(ROOT).as_posix()}/{START}"
            assert lands_on(server).endswith(f"/lab/tree/{start}"), "open must land on the work copy's start page"
            status, listing = get(server.url("/api/contents"))
            assert status == 200 and '"course.py"' in listing, "the server must serve the course folder"
            assert get(server.url(f"/api/contents/{start}"))[0] == 200, "the start page must exist"
            assert get(server.url(f"/api/contents/{work.relative_to(ROOT).as_posix()}/progress.md"))[0] == 200
            assert f"{server.base}/lab?token={server.token}" in server.log.read_text()
            assert "copied" in server.log.read_text(), "open says that it filled the work copy"
        assert server.process.returncode is not None, "the server must be stopped"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_open_serves_a_work_folder_elsewhere_and_offers_updates(tmp_path, monkeypatch):
    work = tmp_path / "elsewhere"
    monkeypatch.setenv("COURSE_WORK", str(work))
    with course_server(tmp_path) as server:
        assert lands_on(server).endswith(f"/lab/tree/{START}")
        status, listing = get(server.url("/api/contents"))
        assert status == 200 and f'"{START}"' in listing and '"course.py"' not in listing
    base = next((work / ".course" / "base").glob("*/*.ipynb"))  # pretend the copy came from an older release
    base.write_text(base.read_text().replace("NotImplementedError", "NotImplementedError ", 1))
    copy = work / base.relative_to(work / ".course" / "base")
    copy.write_text(copy.read_text().replace("# YOUR CODE HERE", "answer = 42  # mine", 1))
    with course_server(tmp_path) as server:
        log = server.log.read_text()
        assert "the course has a new version of" in log and "python3 course.py open --update" in log
    assert "answer = 42  # mine" in copy.read_text()
    with course_server(tmp_path, "--update") as server:
        assert "now the new version" in server.log.read_text()
    assert "answer = 42  # mine" in copy.read_text()
    assert list((work / "previous_versions").glob("*.ipynb"))
