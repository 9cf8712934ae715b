"""Grading off Linux: the grading kernel on Windows (no ``resource`` module) and macOS (``RLIMIT_AS`` refused),
and the trusted re-grade's explanation where bubblewrap cannot run.

Simulated on Linux: ``resource`` made unimportable (``sys.modules["resource"] = None``, in this process or,
through a ``sitecustomize`` on ``PYTHONPATH``, in the kernel's), ``setrlimit(RLIMIT_AS)`` raising the
``ValueError`` macOS raises, ``sys.platform`` set to ``darwin`` / ``win32``, ``bwrap`` missing or refused.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import sys

import nbformat
import pytest

from tools.authoring import ROOT

KERNEL_SCRIPT = ROOT / "grading" / "course_grader" / "kernel.py"
MACOS_ERROR = "current limit exceeds maximum limit"  # what macOS's setrlimit(RLIMIT_AS, ...) raises
# a sitecustomize module per simulated system: Python imports it at start-up, before the kernel's code
SHIMS = {
    "windows": 'import sys\nsys.modules["resource"] = None\n',
    "macos": ("import resource\n_setrlimit = resource.setrlimit\n\n\ndef setrlimit(which, limits):\n"
              f"    if which == resource.RLIMIT_AS:\n        raise ValueError({MACOS_ERROR!r})\n"
              "    return _setrlimit(which, limits)\n\n\nresource.setrlimit = setrlimit\n"),
}


def fresh_kernel_module(name="grading_kernel_off_linux"):
    """grading/course_grader/kernel.py imported anew (its ``resource`` is whatever ``import resource`` gives now)."""
    spec = importlib.util.spec_from_file_location(name, KERNEL_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_the_resource_module_the_kernel_has_no_memory_limit_and_says_so_once(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "resource", None)  # as on Windows
    kernel = fresh_kernel_module()
    assert kernel.resource is None
    assert kernel.limit_address_space(0) is False and capsys.readouterr().err == "", "0 means no limit: no notice"
    assert kernel.limit_address_space(2**30) is False
    assert kernel.limit_address_space(2**30) is False
    err = capsys.readouterr().err
    assert err.count("no memory limit") == 1, err
    assert "resource module is not available" in err


def test_where_setrlimit_refuses_the_kernel_has_no_memory_limit_and_says_so_once(monkeypatch, capsys):
    kernel = fresh_kernel_module()
    before = resource.getrlimit(resource.RLIMIT_AS)

    def refuse(which, limits):  # macOS
        raise ValueError(MACOS_ERROR)

    monkeypatch.setattr(kernel.resource, "setrlimit", refuse)
    assert kernel.limit_address_space(2**30) is False
    assert kernel.limit_address_space(2**30) is False
    err = capsys.readouterr().err
    assert err.count("no memory limit") == 1 and MACOS_ERROR in err, err
    assert resource.getrlimit(resource.RLIMIT_AS) == before


@pytest.mark.parametrize("system", sorted(SHIMS))
def test_the_grading_kernel_grades_off_linux_without_the_memory_limit(system, tmp_path, monkeypatch, capfd):
    """The real kernel (GradingKernelManager) under the simulated system: the cells run, the output cap still
    holds, an allocation over the configured limit succeeds, and the notice reaches the grader's log once,
    never a cell's output (a graded cell with stderr output scores 0)."""
    from course_grader.execute import GradingKernelManager
    from course_grader.kernel import TRUNCATION_MARK
    from nbclient import NotebookClient
    from traitlets.config import Config

    (tmp_path / "sitecustomize.py").write_text(SHIMS[system])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])]))
    cells = ["try:\n    import resource\nexcept ImportError:\n    print('no resource module')\nelse:\n"
             "    print('unlimited', resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY)",
             "import numpy as np\nblock = np.empty(3 * 2**30, dtype=np.uint8)  # reserved, not touched\nprint('ok')",
             "for i in range(50_000):\n    print('line', i)"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    config = Config()
    config.GradingKernelManager.memory_bytes = 2 * 2**30
    config.GradingKernelManager.output_chars = 1000
    capfd.readouterr()
    NotebookClient(nb, kernel_manager_class=GradingKernelManager, config=config, timeout=120,
                   allow_errors=True).execute()
    outputs = [cell.outputs for cell in nb.cells]
    assert not [o for cell in outputs for o in cell if o.output_type == "error"], outputs
    assert not [o for cell in outputs for o in cell if o.get("name") == "stderr"], "the notice reached a cell"
    seen = "no resource module\n" if system == "windows" else "unlimited True\n"
    assert "".join(o.text for o in outputs[0]) == seen, "the kernel ran under the simulated system, unlimited"
    assert "".join(o.text for o in outputs[1]) == "ok\n", "with no limit the allocation succeeds"
    printed = "".join(o.text for o in outputs[2])
    assert printed.startswith("line 0\n") and printed.count(TRUNCATION_MARK) == 1, "the output cap still applies"
    log = capfd.readouterr().err
    assert log.count("grading kernel: no memory limit on this system") == 1, log
    assert (MACOS_ERROR if system == "macos" else "resource module is not available") in log


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_the_trusted_regrade_explains_that_it_needs_linux(platform, monkeypatch):
    from course_grader.trusted import sandbox

    reason = sandbox.unavailable_reason(platform)
    for needed in ("needs Linux", "bubblewrap", "unprivileged user namespaces", "container", "--privileged"):
        assert needed in reason, reason
    monkeypatch.setattr(sandbox.sys, "platform", platform)
    with pytest.raises(sandbox.SandboxUnavailable, match="needs Linux with bubblewrap"):
        sandbox.Sandbox()
    assert not sandbox.bwrap_available()


def test_the_trusted_regrade_says_how_to_install_bubblewrap_or_allow_namespaces(tmp_path, monkeypatch):
    from course_grader.trusted import sandbox

    monkeypatch.setattr(sandbox, "BWRAP", str(tmp_path / "missing" / "bwrap"))
    assert "apt-get install bubblewrap" in sandbox.unavailable_reason("linux")
    refusing = tmp_path / "bwrap"  # a bwrap that a container's seccomp profile stops, as Docker's default does
    refusing.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    refusing.chmod(0o755)
    monkeypatch.setattr(sandbox, "BWRAP", str(refusing))
    reason = sandbox.unavailable_reason("linux")
    assert "No permissions to create new namespace" in reason and "kernel.unprivileged_userns_clone" in reason
    assert "seccomp=unconfined" in reason and "run the re-grade on the host" in reason
    with pytest.raises(sandbox.SandboxUnavailable, match="cannot create its namespaces"):
        sandbox.Sandbox()


def test_the_sandbox_module_imports_without_the_resource_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "resource", None)
    spec = importlib.util.spec_from_file_location("course_grader.trusted.sandbox_off_linux",
                                                  ROOT / "grading" / "course_grader" / "trusted" / "sandbox.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.resource is None
    assert "needs Linux" in module.unavailable_reason("win32")
