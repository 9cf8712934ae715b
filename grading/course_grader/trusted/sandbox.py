"""A bubblewrap sandbox that runs the learner's answer cells, and the grader's side of its channel.

What the sandboxed process sees (everything read-only except a private ``/tmp``):

* ``/usr`` (the system's shared libraries), the base Python installation and the virtual
  environment, at their own paths, so the same interpreter and packages run;
* ``/sandbox/lib/course_lib``: a copy of the course library in which the modules an exercise forbids
  (its hidden tests' ``grading.forbidding(...)``) are replaced by stubs whose every function raises, and
  ``torch`` hidden when the exercise forbids it: code that is not there cannot be called, however it is
  reached (aliases, code objects copied at import, ``importlib`` from the file);
* ``/sandbox/grader``: :mod:`runner` and :mod:`wire`.

No course directory, no ``solutions/``, no gradebook, no home directory, no network (every namespace
is unshared), user ``nobody``, limits on memory (``RLIMIT_AS``), CPU time, file size and wall time.
"""

from __future__ import annotations

import ast
import io
import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import types
from pathlib import Path

import numpy as np

try:
    import resource
except ImportError:  # Windows: no sandbox there anyway (see unavailable_reason)
    resource = None

from . import wire

HERE = Path(__file__).resolve().parent
MEMORY_BYTES = 4 * 2**30
CPU_SECONDS = 600
FILE_BYTES = 64 * 2**20
LOAD_TIMEOUT_S = 120.0
CALL_TIMEOUT_S = 60.0
BWRAP = "/usr/bin/bwrap"

# A module named in forbidding() -> the course_lib modules stubbed for it. Naming the package forbids the
# functions it re-exports (fans, gain, init), as grading.forbidding does in the notebook.
PACKAGE_REEXPORTS = ("course_lib.fans", "course_lib.gain", "course_lib.init")

STUB = '''"""Not available in this exercise: its hidden tests ask for an answer written without {module}."""


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)

    def unavailable(*args, **kwargs):
        raise AssertionError("{module}." + name + " is not available in this exercise: {advice}")

    unavailable.__name__ = name
    return unavailable
'''


class SandboxUnavailable(RuntimeError):
    """Not Linux, bubblewrap missing, or no user namespaces on this machine: the message says which and what to do."""


class SandboxError(RuntimeError):
    """The sandboxed process died, timed out or broke the protocol."""


def forbidden_modules(test_sources: list[str]) -> set[str]:
    """The string arguments of every ``forbidding(...)`` call in the exercise's test cells."""
    found: set[str] = set()
    for source in test_sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "forbidding":
                    found.update(arg.value for arg in node.args
                                 if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return found


def stubbed_course_lib(forbidden: set[str], target: Path, library: Path) -> Path:
    """A copy of ``library`` (the course_lib package) in ``target`` with forbidden modules stubbed."""
    modules = {name for name in forbidden if name.startswith("course_lib.")}
    if "course_lib" in forbidden:
        modules.update(PACKAGE_REEXPORTS)
    destination = target / "course_lib"
    shutil.copytree(library, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for module in sorted(modules):
        path = destination / (module.split(".", 1)[1].replace(".", "/") + ".py")
        if not path.exists():
            raise ValueError(f"forbidden module {module!r} is not part of course_lib")
        path.write_text(STUB.format(module=module, advice="write it with NumPy and math only"))
    return destination


CONTAINER_ADVICE = ("in a container, give it user namespaces (Docker or Podman: --security-opt seccomp=unconfined "
                    "--security-opt apparmor=unconfined, or --privileged) or run the re-grade on the host")


def unavailable_reason(platform: str | None = None) -> str | None:
    """Why the sandbox cannot run here, and what to do (None when it can).

    The trusted re-grade runs the learner's code under bubblewrap (``bwrap``), which needs Linux: its
    namespaces (unprivileged user namespaces when not root) and ``setrlimit``. macOS and Windows have
    neither: there the re-grade cannot run, on any configuration.
    """
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return (f"the trusted re-grade needs Linux with bubblewrap and unprivileged user namespaces; this is "
                f"{platform}. Run it on a Linux machine or virtual machine, or in a Linux container (Docker "
                f"Desktop, Podman) that allows user namespaces: --security-opt seccomp=unconfined --security-opt "
                f"apparmor=unconfined, or --privileged. Autograding itself works here, without the memory limit")
    if not Path(BWRAP).exists():
        return (f"the trusted re-grade needs bubblewrap ({BWRAP} is missing: Debian or Ubuntu: apt-get install "
                f"bubblewrap; Fedora: dnf install bubblewrap) and unprivileged user namespaces")
    probe = subprocess.run([BWRAP, "--unshare-all", "--unshare-user", "--ro-bind", "/", "/", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        said = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else f"exit status {probe.returncode}"
        return (f"bubblewrap cannot create its namespaces here ({said}): unprivileged user namespaces are off "
                f"(sysctl kernel.unprivileged_userns_clone=1 on Debian, user.max_user_namespaces > 0, "
                f"kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04 and later); {CONTAINER_ADVICE}")
    return None


def bwrap_available() -> bool:
    """True when bubblewrap can create its namespaces here (see :func:`unavailable_reason`)."""
    return unavailable_reason() is None


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


class RequestPickler(pickle.Pickler):
    """Generators travel as (token, state): the sandbox keeps one generator per token (see runner.py).
    The grader's own functions that cannot be pickled by reference (defined in a test cell) travel as
    callbacks: the sandbox calls them back over the channel with plain data."""

    def __init__(self, stream, tokens: dict, callbacks: dict):
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.tokens = tokens
        self.callbacks = callbacks

    def persistent_id(self, obj):
        if type(obj) is np.random.Generator:
            token = self.tokens.setdefault(id(obj), (len(self.tokens), obj))[0]
            return ("rng", token, obj.bit_generator.state)
        if isinstance(obj, types.FunctionType) and (
                obj.__module__ in ("__main__", None) or "<" in obj.__qualname__):
            self.callbacks[len(self.callbacks)] = obj
            return ("callback", len(self.callbacks) - 1, obj.__name__)
        return None


class Sandbox:
    """One sandboxed Python process for one exercise; use as a context manager."""

    def __init__(self, forbidden: set[str] = frozenset(), *, library: Path | None = None):
        reason = unavailable_reason()
        if reason is not None:
            raise SandboxUnavailable(reason)
        from course_lib import __file__ as course_lib_init

        self.forbidden = set(forbidden)
        self.library = library or Path(course_lib_init).resolve().parent
        self.tokens: dict = {}
        self.process: subprocess.Popen | None = None
        self._root = tempfile.TemporaryDirectory(prefix="trusted-sandbox-")

    def command(self) -> list[str]:
        root = Path(self._root.name)
        lib = root / "lib"
        stubbed_course_lib(self.forbidden, lib, self.library)
        grader = root / "grader"
        grader.mkdir()
        for name in ("runner.py", "wire.py"):
            shutil.copy(HERE / name, grader / name)
        venv, base = Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()
        args = [BWRAP, "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
                "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
                "--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/tmp", "--setenv", "MPLBACKEND", "Agg",
                "--setenv", "MPLCONFIGDIR", "/tmp", "--setenv", "OPENBLAS_NUM_THREADS", "1",
                "--setenv", "OMP_NUM_THREADS", "1", "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
                # mounts apply in order: the private /tmp first, so a venv that lives under /tmp stays visible
                "--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--symlink", "usr/bin", "/bin",
                "--ro-bind", str(base), str(base), "--ro-bind", str(venv), str(venv),
                "--ro-bind", str(lib), "/sandbox/lib", "--ro-bind", str(grader), "/sandbox/grader",
                "--chdir", "/tmp"]
        if any(name.split(".")[0] == "torch" for name in self.forbidden):
            site = Path(sysconfig.get_paths()["purelib"]).resolve()
            refusal = root / "no_torch.py"
            refusal.write_text('raise ImportError("torch is not available in this exercise: write it with NumPy")\n')
            for hidden in ("torch", "functorch", "torchgen"):
                if (site / hidden).exists():  # an empty folder would import as a namespace package
                    args += ["--tmpfs", str(site / hidden),
                             "--ro-bind", str(refusal), str(site / hidden / "__init__.py")]
        # -I: no PYTHONPATH, no user site, script's folder on sys.path; course_lib comes first on the path.
        bootstrap = ("import sys; sys.path[:0] = ['/sandbox/lib', '/sandbox/grader']; "
                     "sys.argv = ['runner']; import runner; runner.main()")
        return args + [str(venv / "bin" / "python"), "-I", "-c", bootstrap]

    def __enter__(self) -> Sandbox:
        self.process = subprocess.Popen(self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, preexec_fn=_limits)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
        if self.process is not None:
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        self._root.cleanup()

    def request(self, message: dict, timeout: float) -> object:
        """Send one request; the decoded reply, or SandboxError after ``timeout`` seconds or a crash."""
        if self.process is None or self.process.poll() is not None:
            raise SandboxError("the learner's process is no longer running")
        callbacks: dict = {}
        self._send(message, callbacks)
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()

        def read(size: int) -> bytes:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                self.close_process()
                raise SandboxError(f"the learner's code ran longer than {timeout:.0f} s")
            return os.read(fd, size)

        while True:
            try:
                reply = wire.decode_payload(wire.read_frame(read))
            except EOFError:
                raise SandboxError(self._death("while answering")) from None
            except wire.WireError as error:
                self.close_process()
                raise SandboxError(f"the learner's process broke the protocol: {error}") from None
            if type(reply) is dict and type(reply.get("callback")) is int and reply["callback"] in callbacks:
                self._send(self._run_callback(callbacks[reply["callback"]], reply), callbacks)
                continue
            return reply

    def _send(self, message: dict, callbacks: dict) -> None:
        buffer = io.BytesIO()
        RequestPickler(buffer, self.tokens, callbacks).dump(message)
        try:
            wire.write_frame(self.process.stdin, buffer.getvalue())
        except (BrokenPipeError, OSError):
            raise SandboxError(self._death("before the request")) from None

    @staticmethod
    def _run_callback(function, reply: dict) -> dict:
        """Run one of the grader's functions on the plain data the sandbox sent."""
        args = reply.get("args") if type(reply.get("args")) is list else []
        kwargs = reply.get("kwargs") if type(reply.get("kwargs")) is dict else {}
        try:
            return {"op": "callback_result", "ok": True, "value": function(*args, **kwargs)}
        except Exception as error:  # noqa: BLE001 - reported to the sandbox, where the learner's call fails
            return {"op": "callback_result", "ok": False, "message": f"{type(error).__name__}: {error}"[:500]}

    def close_process(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()

    def _death(self, when: str) -> str:
        code = self.process.wait()
        if code < 0:
            name = signal.Signals(-code).name
            reason = {"SIGKILL": "killed (memory or CPU limit?)", "SIGXCPU": "over the CPU time limit",
                      "SIGSEGV": "crashed (segmentation fault)"}.get(name, f"killed by {name}")
            return f"the learner's process {reason} {when}"
        return f"the learner's process exited with status {code} {when}"
