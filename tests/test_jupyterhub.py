"""The course on a real JupyterHub, with nbgrader's exchange: release to feedback, driven through the hub.

A hub started from ``hub/jupyterhub_config.py`` as it is (SharedPasswordAuthenticator, SimpleLocalProcessSpawner: each
user's home in a temporary folder), configurable-http-proxy from npm, two course offerings (the one under test
and a second one the students do not take), each with its formgrader as a hub service; the gradebook of the
course on PostgreSQL; nbgrader's exchange in a temporary root (``hub/nbgrader_config.py``). The students'
servers run a Python that has course_lib from its wheel and no course_grader, no solutions.

The instructor imports the roster into the gradebook (``nbgrader db student import``). Then the cycle, over HTTP
only (the hub's REST API with tokens, the users' servers' contents and nbgrader assignment-list endpoints, the
formgrader's API under the service URL): the instructor releases; each student fetches, answers (one everything
right, one with a plausible mistake from the grading corpus), validates and submits; the instructor collects and
autogrades with the class driver (``course-autograde``); the formgrader shows both students' names and scores in
Chromium (screenshot); feedback is generated and released; each student fetches their own, with their score and
no hidden test. Phase timings are printed (pytest -s).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
import pytest

from tests.hub import HttpError, install_proxy, request, running_hub
from tests.jupyter import chromium, free_port
from tests.leak_scan import SECRET_BLOCK, normalized, readable_text, secret_lines
from tests.nbgrader_course import answer_sources, first_corpus_answer
from tests.postgres import postgres_server, require_postgres
from tools.authoring import ROOT, solution_path, tool_environ
from tools.corpus import exercises

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_symmetry_breaking"
COURSE = "weight-init-2026"  # the offering under test
OTHER = "weight-init-other"  # a second course on the same hub; the students do not take it
INSTRUCTOR, GRADER, OTHER_INSTRUCTOR = "instructor", "grader", "other-instructor"
STUDENTS = ("student1", "student2")
ROSTER = {"student1": ("Ada", "Lovelace"), "student2": ("Alan", "Turing")}  # (first name, last name)
PASSWORD = "hub-test-password"
SCREENSHOT = ROOT / "docs" / "measurements" / "hub_formgrader.png"


class Phases:
    def __init__(self):
        self.start = self.last = time.monotonic()
        self.rows: list[tuple[str, float]] = []

    def __call__(self, name: str) -> None:
        now = time.monotonic()
        self.rows.append((name, now - self.last))
        print(f"[hub test] {name}: {now - self.last:.1f} s (total {now - self.start:.1f} s)", flush=True)
        self.last = now


def run(command: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def make_course_dir(directory: Path, env: dict[str, str]) -> None:
    """A course directory (config, the assignment's source) with its release generated into its gradebook."""
    directory.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", directory / "nbgrader_config.py")  # course_id from COURSE_ID
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, directory / "solutions" / ASSIGNMENT)
    run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force", "--log-level=WARN"],
        env, cwd=directory)


def student_environment(folder: Path) -> Path:
    """A venv whose site-packages sees the course venv's packages by a plain path line (so not its editable
    course_lib and course_grader), plus course_lib's wheel installed alone; returns its python."""
    wheels = folder / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(ROOT), "-w",
         str(wheels)], tool_environ())
    wheel = next(wheels.glob("course_lib-*.whl"))
    env_dir = folder / "student-env"
    run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(env_dir)], os.environ)
    python = env_dir / "bin" / "python"
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    os.environ).stdout.strip())
    (site / "course-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # the course venv's
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        tool_environ())
    shutil.rmtree(wheels)
    return python


def kernel_run(base: str, token: str, code: str, timeout: float = 60) -> str:
    """Start a kernel on a user's server, run ``code``, return its stdout; shut the kernel down."""
    import websocket

    kernel = request(f"{base}/api/kernels", "POST", token, data={"name": "python3"})
    ws = websocket.create_connection(base.replace("http", "ws", 1) + f"/api/kernels/{kernel['id']}/channels",
                                     header=[f"Authorization: token {token}"], timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                                       "msg_type": "execute_request", "version": "5.3"},
                            "parent_header": {}, "metadata": {}, "channel": "shell",
                            "content": {"code": code, "silent": False, "store_history": False,
                                        "user_expressions": {}, "allow_stdin": False}}))
        out, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return "".join(out)
    finally:
        ws.close()
        request(f"{base}/api/kernels/{kernel['id']}", "DELETE", token)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def hidden_test_lines() -> set[str]:
    """The distinctive lines of the assignment's hidden tests that neither the release nor a solution shows
    (a feedback page shows the student's own code, which may be the solution's)."""
    lines = {"HIDDEN TESTS": set(), "SOLUTION": set()}
    for cell in nbformat.read(solution_path(ASSIGNMENT), as_version=4).cells:
        for block in SECRET_BLOCK.finditer(cell.source):
            lines[block.group(1)] |= {normalized(line) for line in block.group(2).splitlines()}
    return (lines["HIDDEN TESTS"] - lines["SOLUTION"]) & secret_lines([ASSIGNMENT])


def expected_scores() -> tuple[dict[str, dict[str, str]], dict[str, float], float]:
    """Answers per student, expected total per student, and the assignment's maximum."""
    exs = exercises(ASSIGNMENT)
    solutions = answer_sources(ASSIGNMENT)
    total = sum(points for ex in exs for points in ex.points.values())
    mistaken = exs[0]
    wrong = first_corpus_answer(ASSIGNMENT, mistaken.answer_id, "wrong")
    answers = {STUDENTS[0]: solutions, STUDENTS[1]: {**solutions, mistaken.answer_id: wrong}}
    return answers, {STUDENTS[0]: total, STUDENTS[1]: total - sum(mistaken.points.values())}, total


def test_release_to_feedback_through_a_jupyterhub(tmp_path):
    phases = Phases()
    require_postgres()
    proxy = install_proxy()
    phases("configurable-http-proxy installed (or cached)")
    answers, expected, total = expected_scores()

    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)  # every user's server writes its course's inbound there (see the guide)
    site_config = tmp_path / "etc-jupyter"
    site_config.mkdir()
    shutil.copy(ROOT / "hub" / "nbgrader_config.py", site_config / "nbgrader_config.py")
    homes = tmp_path / "homes"
    homes.mkdir()
    student_python = student_environment(tmp_path)
    phases("students' environment (course_lib wheel)")

    started: list[int] = []
    with postgres_server(parent=Path("/tmp")) as pg, ThreadPoolExecutor(4) as pool:
        base_env = dict(tool_environ(), NBGRADER_EXCHANGE=str(exchange), JUPYTER_CONFIG_PATH=str(site_config))
        course_env = dict(base_env, COURSE_ID=COURSE, NBGRADER_DB_URL=pg.url)
        courses = {COURSE: tmp_path / "courses" / COURSE, OTHER: tmp_path / "courses" / OTHER}
        list(pool.map(lambda item: make_course_dir(item[1], dict(base_env, COURSE_ID=item[0],
                                                                 **({"NBGRADER_DB_URL": pg.url}
                                                                    if item[0] == COURSE else {}))),
                      courses.items()))
        # the roster, as the guide has the instructor import it (students.csv is personal data: written, read, gone)
        roster = courses[COURSE] / "students.csv"
        roster.write_text("id,first_name,last_name,email\n" + "".join(
            f"{name},{first},{last},{name}@example.org\n" for name, (first, last) in ROSTER.items()))
        run([sys.executable, "-m", "nbgrader", "db", "student", "import", str(roster), f"--db={pg.url}",
             "--log-level=WARN"], dict(tool_environ(), COURSE_ID=COURSE), cwd=courses[COURSE])
        roster.unlink()
        phases("two course directories, release generated, roster imported (gradebook of the course on PostgreSQL)")

        hub_courses = {
            COURSE: {"directory": str(courses[COURSE]), "service_port": free_port(), "db_url": pg.url,
                     "instructors": [INSTRUCTOR], "graders": [GRADER], "students": list(STUDENTS)},
            OTHER: {"directory": str(courses[OTHER]), "service_port": free_port(),
                    "instructors": [OTHER_INSTRUCTOR], "graders": [], "students": []},
        }
        env = {"HUB_PORT": str(free_port()), "HUB_API_PORT": str(free_port()), "HUB_PROXY_API_PORT": str(free_port()),
               "HUB_PROXY_COMMAND": str(proxy), "HUB_AUTHENTICATOR": "shared-password",
               "HUB_SHARED_PASSWORD": PASSWORD,
               "HUB_SPAWNER": "simple", "HUB_HOMES": str(homes), "HUB_STUDENT_PYTHON": str(student_python),
               "HUB_COURSES": json.dumps(hub_courses), "NBGRADER_CONFIG_DIR": str(site_config),
               "NBGRADER_EXCHANGE": str(exchange)}
        with running_hub(tmp_path / "hub-state", env) as hub:
            tokens = {name: hub.user_token(name) for name in (INSTRUCTOR, GRADER, OTHER_INSTRUCTOR, *STUDENTS)}
            for course in (COURSE, OTHER):
                hub.wait_service(course, tokens[INSTRUCTOR if course == COURSE else OTHER_INSTRUCTOR])
            list(pool.map(hub.start_server, STUDENTS))
            phases("hub, proxy, two formgrader services and two students' servers up")

            fg = f"{hub.url}/services/{COURSE}/formgrader/api"
            user = {name: f"{hub.url}/user/{name}" for name in STUDENTS}

            # access: staff of the course reach its formgrader, students and other courses' staff do not
            for name in (INSTRUCTOR, GRADER):
                assert request(f"{fg}/assignments", token=tokens[name]) is not None
            for name in (*STUDENTS, OTHER_INSTRUCTOR):
                with pytest.raises(HttpError) as refused:
                    request(f"{fg}/assignments", token=tokens[name])
                assert refused.value.status == 403, refused.value
            with pytest.raises(HttpError) as refused:
                request(f"{user[STUDENTS[1]]}/api/contents", token=tokens[STUDENTS[0]])
            assert refused.value.status == 403

            # a student's kernel: course_lib from the wheel, no course_grader
            probe = kernel_run(user[STUDENTS[0]], tokens[STUDENTS[0]],
                               "import sys, course_lib; print(sys.prefix); print(course_lib.__file__)\n"
                               "try:\n import course_grader\nexcept ImportError: print('no course_grader')\n"
                               "else: print('course_grader at', course_grader.__file__)")
            prefix, lib_file, grader_line = probe.strip().splitlines()[-3:]
            assert Path(prefix) == student_python.parent.parent, probe
            assert lib_file.startswith(str(student_python.parent.parent)) and "site-packages" in lib_file, probe
            assert grader_line == "no course_grader", probe
            phases("access checks and the students' kernel")

            # the instructor releases (and the other course too); students see only their course
            release = request(f"{fg}/assignment/{ASSIGNMENT}/release", "POST", tokens[INSTRUCTOR])
            assert release["success"], release
            other = request(f"{hub.url}/services/{OTHER}/formgrader/api/assignment/{ASSIGNMENT}/release", "POST",
                            tokens[OTHER_INSTRUCTOR])
            assert other["success"], other
            assert (exchange / COURSE / "outbound" / ASSIGNMENT).is_dir()
            # the modes nbgrader gives the course's folders (docs/instructor_guide.md, "On a JupyterHub")
            assert {name: mode_of(exchange / COURSE / name) for name in ("", "outbound", "inbound")} == \
                {"": 0o755, "outbound": 0o755, "inbound": 0o2733}
            assert (exchange / OTHER / "outbound" / ASSIGNMENT).is_dir()
            listed = request(f"{user[STUDENTS[0]]}/assignments?course_id=", token=tokens[STUDENTS[0]])
            assert listed["success"], listed
            assert {(a["course_id"], a["assignment_id"]) for a in listed["value"]} == {(COURSE, ASSIGNMENT)}, listed
            phases("released in both courses; students list only theirs")

            secrets = secret_lines([ASSIGNMENT])

            def fetch(name: str) -> None:
                fetched = request(f"{user[name]}/assignments/fetch", "POST", tokens[name],
                                  form={"course_id": COURSE, "assignment_id": ASSIGNMENT})
                assert fetched["success"], fetched
                assert [a["status"] for a in fetched["value"] if a["course_id"] == COURSE] == ["fetched"], fetched
                # nbgrader refuses a course the student does not take
                refused = request(f"{user[name]}/assignments/fetch", "POST", tokens[name],
                                  form={"course_id": OTHER, "assignment_id": ASSIGNMENT})
                assert not (homes / name / OTHER).exists(), refused

            list(pool.map(fetch, STUDENTS))
            # nothing the students have (their homes, their environment) holds solution or hidden-test text
            scanned = [path for top in (homes, student_python.parent.parent) for path in top.rglob("*")
                       if path.is_file() and not path.is_symlink()]
            leaked = [(str(path), line) for path in scanned for text in [readable_text(path)]
                      for line in secrets if line in text]
            assert any(path.suffix == ".ipynb" for path in scanned) and any("course_lib" in path.parts
                                                                          for path in scanned)
            assert not leaked, leaked[:5]
            phases("students fetched; no solution text in their homes or environment")

            def answer_validate_submit(name: str) -> None:
                path = f"{COURSE}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
                model = request(f"{user[name]}/api/contents/{path}?content=1", token=tokens[name])
                for cell in model["content"]["cells"]:
                    grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                    if grade_id in answers[name]:
                        cell["source"] = answers[name][grade_id]
                request(f"{user[name]}/api/contents/{path}", "PUT", tokens[name],
                        data={"type": "notebook", "format": "json", "content": model["content"]})
                validated = request(f"{user[name]}/assignments/validate", "POST", tokens[name], form={"path": path})
                assert validated["success"], validated
                submitted = request(f"{user[name]}/assignments/submit", "POST", tokens[name],
                                    form={"course_id": COURSE, "assignment_id": ASSIGNMENT})
                assert submitted["success"], submitted
                assert any(a["status"] == "submitted" for a in submitted["value"]), submitted

            list(pool.map(answer_validate_submit, STUDENTS))
            assert sorted(p.name.split("+")[0] for p in (exchange / COURSE / "inbound").iterdir()) == sorted(STUDENTS)
            phases("both students answered, validated and submitted")

            collected = request(f"{fg}/assignment/{ASSIGNMENT}/collect", "POST", tokens[INSTRUCTOR])
            assert collected["success"], collected
            for name in STUDENTS:
                assert (courses[COURSE] / "submitted" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
            phases("collected through the formgrader")
            run([str(Path(sys.executable).parent / "course-autograde"), str(courses[COURSE]), ASSIGNMENT,
                 "--db-url", pg.url], course_env, cwd=courses[COURSE])
            phases("autograded with the class driver (course-autograde, PostgreSQL gradebook)")

            submissions = request(f"{fg}/submissions/{ASSIGNMENT}", token=tokens[INSTRUCTOR])
            scores = {s["student"]: (s["score"], s["max_score"]) for s in submissions}
            assert scores == {name: (expected[name], total) for name in STUDENTS}, scores
            # the grader reads the same grades
            assert {s["student"]: s["score"] for s in request(f"{fg}/submissions/{ASSIGNMENT}",
                                                               token=tokens[GRADER])} == expected

            with chromium() as browser:
                started.extend(p.pid for p in psutil.Process().children(recursive=True)
                               if "chrom" in p.name().lower())
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                target = f"/services/{COURSE}/formgrader/manage_submissions/{ASSIGNMENT}"
                page.goto(f"{hub.url}/hub/login?next={target}")
                page.fill("input[name=username]", INSTRUCTOR)
                page.fill("input[name=password]", PASSWORD)
                page.click("input[type=submit], button[type=submit]")
                page.wait_for_url(f"**{target}**", timeout=60_000)
                for name in STUDENTS:
                    page.wait_for_selector(f"text={name}", timeout=60_000)
                text = page.inner_text("body")
                shot = tmp_path / "hub_formgrader.png"
                page.screenshot(path=str(shot), full_page=True)
                if os.environ.get("COURSE_KEEP_SCREENSHOTS") == "1":
                    shutil.copy(shot, SCREENSHOT)
                for name in STUDENTS:
                    line = next(row for row in text.splitlines() if name in row)
                    assert f"{ROSTER[name][1]}, {ROSTER[name][0]}" in line, line  # the roster's names, not "None"
                    assert f"{expected[name]:g} / {total:g}" in line or f"{expected[name]} / {total}" in line, text
            phases("formgrader in Chromium through the hub's login (screenshot)")

            generated = request(f"{fg}/assignment/{ASSIGNMENT}/generate_feedback", "POST", tokens[INSTRUCTOR])
            assert generated["success"], generated
            released = request(f"{fg}/assignment/{ASSIGNMENT}/release_feedback", "POST", tokens[INSTRUCTOR])
            assert released["success"], released
            assert mode_of(exchange / COURSE / "feedback") == 0o711
            hidden = hidden_test_lines()
            assert hidden, "the assignment has hidden tests to look for"

            def fetch_feedback(name: str) -> None:
                got = request(f"{user[name]}/assignments/fetch_feedback", "POST", tokens[name],
                              form={"course_id": COURSE, "assignment_id": ASSIGNMENT})
                assert got["success"], got
                pages = list((homes / name / COURSE / ASSIGNMENT / "feedback").rglob("*.html"))
                assert len(pages) == 1, pages
                text = normalized(readable_text(pages[0]))
                assert f"Score: {expected[name]:.1f} / {total:.1f}" in text or \
                    f"{expected[name]:g} / {total:g}" in text, text[:2000]
                shown = [line for line in hidden if line in text]
                assert not shown, shown

            list(pool.map(fetch_feedback, STUDENTS))
            phases("feedback generated, released and fetched by each student")
            hub.remember_children()
            started.extend(hub.started)
            assert len(hub.started) >= 5, "the proxy, two services and two students' servers, at least"
        started.append(pg.pid)
    # every process the test started (hub, proxy, servers, services, Chromium, PostgreSQL) is gone
    survivors = [pid for pid in started if psutil.pid_exists(pid)
                 and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert not survivors, [psutil.Process(pid).cmdline() for pid in survivors]
    phases("everything stopped")
