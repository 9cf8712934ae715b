"""The project's own promises: pins agree everywhere, the README's commands are the ones CI runs, lint."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml

from tools.authoring import ROOT, tool_environ


def pins(path):
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            found[name.lower().replace("_", "-")] = version
    return found


def locked():
    return {**pins(ROOT / "requirements" / "course.txt"), **pins(ROOT / "requirements" / "test.txt")}


PYPROJECTS = [ROOT / "pyproject.toml", ROOT / "grading" / "pyproject.toml"]  # course_lib, course_grader


def project_specs(path) -> list[str]:
    project = tomllib.loads(path.read_text())["project"]
    return list(project["dependencies"]) + sum(project.get("optional-dependencies", {}).values(), [])


def pyproject_direct():
    specs = list(project_specs(ROOT / "pyproject.toml"))
    return dict((s.split("==")[0].lower().replace("_", "-"), s.split("==")[1]) for s in specs)


@pytest.mark.parametrize("path", PYPROJECTS, ids=["course_lib", "course_grader"])
def test_every_direct_dependency_is_pinned_exactly_in_pyproject(path):
    for spec in project_specs(path):
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.+]*", spec), spec


@pytest.mark.parametrize("path", PYPROJECTS, ids=["course_lib", "course_grader"])
def test_pyproject_and_lock_files_agree(path):
    lock = locked()
    for spec in project_specs(path):
        name, version = spec.split("==")
        name = name.lower().replace("_", "-")
        assert lock.get(name) == version, f"{path}: {name} {version}, requirements {lock.get(name)}"


def test_grading_package_carries_the_code_license_and_names_every_console_command():
    assert (ROOT / "grading" / "LICENSE").read_text() == (ROOT / "LICENSE").read_text()
    scripts = tomllib.loads((ROOT / "grading" / "pyproject.toml").read_text())["project"]["scripts"]
    for name, target in scripts.items():
        module, function = target.split(":")
        path = ROOT / "grading" / (module.replace(".", "/") + ".py")
        assert path.exists(), (name, path)
        assert f"def {function}(" in path.read_text(), (name, target)


def test_the_venv_imports_the_two_packages_and_nothing_else_of_the_repository(tmp_path):
    """No .pth of the repository root: from another folder, course_lib and course_grader import, tools and
    tests do not (nbgrader started anywhere, a formgrader as a hub service, finds the grading code)."""
    code = ("import importlib.util as u, course_lib, course_grader, course_grader.trusted.nbgrader_steps; "
            "print(u.find_spec('tools') is None, u.find_spec('tests') is None, course_lib.__file__)")
    result = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["True", "True"], result.stdout
    assert result.stdout.split()[2].startswith(str(ROOT / "course_lib"))


def test_course_lib_wheel_holds_the_library_and_nothing_private(tmp_path):
    """`pip wheel --no-deps .` (the README's recipe for a hub image or a student): course_lib's modules, its
    licenses and metadata, no notebook, solution, test or grading code; it installs and imports alone."""
    import zipfile

    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             str(ROOT), "-w", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("course_lib-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    library = {p.name for p in (ROOT / "course_lib").glob("*.py")}
    assert {n.split("/", 1)[1] for n in names if n.startswith("course_lib/")} == library
    others = [n for n in names if not n.startswith(("course_lib/", "course_lib-"))]
    assert not others, others
    assert any(n.endswith("licenses/LICENSE") for n in names) and any(n.endswith("LICENSE-content") for n in names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = "import course_lib.init as i, numpy; print(i.kaiming_normal((4, 3), rng=0).shape)"
    shown = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
                           cwd=tmp_path, capture_output=True, text=True)
    assert shown.stdout.strip() == "(4, 3)", shown.stderr
    assert "site" in subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); import course_lib; "
                                     "print(course_lib.__file__)"], capture_output=True, text=True).stdout


def test_environment_yml_agrees_with_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            conda[name.lower()] = version
    assert conda.pop("python") == "3.11"
    direct = pyproject_direct()
    for test_only in ("torch", "ruff", "playwright", "psycopg2-binary", "pytest-xdist", "execnet"):  # test command only
        direct.pop(test_only)
    assert conda == direct


def test_environment_yml_names_every_package_the_course_imports():
    env_text = (ROOT / "environment.yml").read_text()
    imported = set()
    for path in list((ROOT / "course_lib").glob("*.py")) + list((ROOT / "authoring").glob("*.py")):
        tree = ast.parse(path.read_text())
        optional = set()  # imports inside `try: ... except ImportError`: the course runs without them
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any(
                    isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                    for h in node.handlers):
                optional |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in optional:
                continue
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    stdlib = set(sys.stdlib_module_names) | {"course_lib", "IPython"}
    dist = {"yaml": "pyyaml", "matplotlib_inline": "matplotlib", "sklearn": "scikit-learn", "PIL": "pillow"}
    for module in sorted(imported - stdlib):
        assert re.search(rf"\b{dist.get(module, module)}=", env_text), f"environment.yml lacks {module}"


def test_readme_commands_and_ci():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## The two commands.*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["python3 course.py open", "python3 course.py test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 course.py test" in ci


def test_ruff_is_clean():
    paths = [p for p in ("course_lib", "grading", "hub", "tools", "tests", "authoring", "solutions", "course.py",
                         "nbgrader_config.py")
             if (ROOT / p).exists()]
    result = subprocess.run([sys.executable, "-m", "ruff", "check", *paths], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_binder_post_build_writes_the_course_lab_settings(tmp_path):
    """Binder runs postBuild in the conda environment: it must write the same overrides as the venv set-up."""
    import json
    import os

    script = (ROOT / "postBuild").read_text()
    assert script.startswith("#!/bin/bash") and os.access(ROOT / "postBuild", os.X_OK)
    assert "course.py lab-settings" in script
    prefix = tmp_path / "prefix"
    code = (f"import runpy, sys; sys.prefix = {str(prefix)!r}; sys.argv = ['course.py', 'lab-settings']; "
            f"runpy.run_path({str(ROOT / 'course.py')!r}, run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = json.loads((prefix / "share/jupyter/lab/settings/overrides.json").read_text())
    assert written["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def load_course_script() -> dict:
    import runpy

    return runpy.run_path(str(ROOT / "course.py"), run_name="not_main")


def test_documented_course_commands_exist():
    """Every `python3 course.py X` in the README and docs/ names a command course.py has."""
    commands = load_course_script()["COMMANDS"]
    texts = [(ROOT / "README.md").read_text(), *(p.read_text() for p in (ROOT / "docs").glob("*.md"))]
    used = {m for text in texts for m in re.findall(r"python3 course\.py ([a-z-]+)", text)}
    assert used and used <= set(commands), used - set(commands)
    modules = {m for text in texts for m in re.findall(r"python -m (tools(?:\.\w+)+)", text)}
    for module in modules:
        assert (ROOT / (module.replace(".", "/") + ".py")).exists(), f"{module} is documented but missing"


@pytest.mark.parametrize("url", ["https://github.com/acme/weight-init", "https://github.com/acme/weight-init.git",
                                 "git@github.com:acme/weight-init.git", "https://github.com/acme/weight-init/"])
def test_binder_link_of_a_github_repository_opens_the_start_page(url):
    course = load_course_script()
    link = course["binder_link"](url)
    assert link == ("https://mybinder.org/v2/gh/acme/weight-init/HEAD"
                    "?urlpath=lab/tree/notebooks/00_start_here.ipynb")
    assert (ROOT / course["START_PAGE"]).exists()


def test_binder_link_of_another_host_escapes_the_url():
    link = load_course_script()["binder_link"]("https://gitlab.com/acme/weight-init")
    assert link.startswith("https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Facme%2Fweight-init/HEAD?")


@pytest.mark.parametrize("url", ["", "git@gitlab.com:acme/x.git", "https://github.com/acme", None])
def test_binder_link_refuses_what_binder_cannot_build(url):
    with pytest.raises(ValueError, match="repository_url"):
        load_course_script()["binder_link"](url)


def test_binder_command_prints_link_and_badge():
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "binder", "https://github.com/acme/w"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    link, badge = result.stdout.splitlines()
    assert badge == f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({link})"


LICENSES = {"LICENSE": "MIT License",
            "LICENSE-content": "Creative Commons Attribution 4.0 International Public License"}
# what an instructor's grading writes into this course folder: names, e-mail addresses, submissions, grades
STUDENT_DATA = ["downloaded/04_he_kaiming/archive/alice_04.ipynb", "submitted/alice/04_he_kaiming/04_he_kaiming.ipynb",
                "autograded/alice/04_he_kaiming/04_he_kaiming.ipynb", "feedback/alice/04_he_kaiming/04_he_kaiming.html",
                "intake/alice/04_he_kaiming.json", "exchange/weight-init/inbound/alice+04_he_kaiming", "gradebook.db",
                "grades.csv", "students.csv", "lms_grades.csv", ".nbgrader.log"]


def test_code_and_content_licenses_are_named_in_the_readme_and_pyproject():
    for name, title in LICENSES.items():
        text = (ROOT / name).read_text()
        assert title in text and "The weight-initialization course authors" in text, name
    section = re.search(r"^## License\n(.*?)(?=^## |\Z)", (ROOT / "README.md").read_text(), re.S | re.M)
    assert section, "README.md has no '## License' section"
    assert all(f"`{name}`" in section.group(1) for name in LICENSES), section.group(1)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert sorted(project["license-files"]) == sorted(LICENSES)


def test_git_ignores_students_data_and_nothing_it_tracks():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git clone")
    checked = subprocess.run(["git", "check-ignore", "--no-index", "-v", "-n", *STUDENT_DATA], cwd=ROOT,
                             capture_output=True, text=True)
    not_ignored = [line.split("\t")[1] for line in checked.stdout.splitlines() if line.startswith("::")]
    assert not not_ignored, f".gitignore lets students' data be committed: {not_ignored}"
    tracked = subprocess.run(["git", "ls-files", "-ci", "--exclude-standard"], cwd=ROOT, capture_output=True,
                             text=True, check=True)
    assert tracked.stdout == "", f".gitignore ignores files the repository tracks:\n{tracked.stdout}"


@pytest.mark.parametrize("extra, parallel", [
    ([], True), (["tests/test_init.py", "-x"], True), (["-k", "orthogonal"], True),
    (["-n", "0"], False), (["-n4"], False), (["--dist", "loadfile"], False), (["-p", "no:xdist"], False),
    (["solutions/01_symmetry_breaking"], True),  # a notebook is one file: its cells stay on one worker, in order
])
def test_the_test_command_runs_on_every_core_unless_told_otherwise(extra, parallel):
    args = load_course_script()["parallel_args"](extra)
    assert args == (["-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder"] if parallel else [])


def test_the_longest_test_files_are_collected_first():
    """tests/conftest.py puts the listed long files first, in its order, whatever order the command line gives."""
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/test_init.py",
                                "tests/test_browser.py", "tests/test_pipeline.py"], cwd=ROOT, capture_output=True,
                               text=True, env=tool_environ())
    files = list(dict.fromkeys(line.split("::")[0] for line in collected.stdout.splitlines() if "::" in line))
    assert files == ["tests/test_pipeline.py", "tests/test_browser.py", "tests/test_init.py"], collected.stdout[-2000:]
