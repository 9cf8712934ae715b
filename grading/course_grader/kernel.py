"""The Python kernel the autograder runs student notebooks in: ipykernel with two limits.

    python grading/course_grader/kernel.py --memory-bytes N --output-chars M -- -f CONNECTION_FILE [ipykernel args]

- memory: ``RLIMIT_AS`` (address space) of the kernel process is set to N bytes before ipykernel
  starts, so a huge allocation raises ``MemoryError`` in the cell instead of swapping the machine
  (NumPy: "Unable to allocate ..."); 0 means no limit. Linux only: Windows has no ``resource`` module
  and macOS refuses ``RLIMIT_AS``; there the kernel runs without the limit and says so once, on the
  grader's log (this process's stderr, before ipykernel starts: never in a graded cell's output).
- output: each execution may write at most M characters to stdout, and M to stderr; the rest is
  dropped in the kernel after one notice on that stream, so a million printed lines cost the
  kernel little and never reach the grader's memory or the autograded notebook; 0 means no limit.
  Whatever a cell writes to stderr, something reaches stderr (its start or the notice): nbgrader
  scores a graded cell with stderr output 0, and the cap never turns such a zero into a pass.

Run as a script (not ``-m``): the directory of this file is removed from ``sys.path`` before
ipykernel is imported, as ``ipykernel_launcher`` does with the working directory, so a student's
``import build`` finds nothing of ``course_grader/``. ``course_grader.execute.GradingKernelManager``
starts it in place of ``ipykernel_launcher``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None

TRUNCATION_MARK = "[grading kernel: output truncated"
TRUNCATION_NOTICE = "\n" + TRUNCATION_MARK + ": the cell wrote more than {limit} characters]\n"


class OutputBudget:
    """How many characters the current execution may still write to one stream."""

    def __init__(self, limit: int):
        if not isinstance(limit, int) or limit < 0:
            raise ValueError(f"limit must be an int >= 0 (0: no limit), got {limit!r}")
        self.limit = limit
        self.used = 0
        self.exhausted = False

    def reset(self) -> None:
        """A new execution starts with the full budget (registered as IPython's ``pre_execute`` event)."""
        self.used = 0
        self.exhausted = False

    def admit(self, text: str) -> tuple[str, bool]:
        """(the part of ``text`` to write, whether to write the truncation notice after it)."""
        if self.exhausted:
            return "", False
        if not self.limit:
            return text, False
        room = self.limit - self.used
        self.used += len(text)
        if len(text) <= room:
            return text, False
        self.exhausted = True
        return text[:room], True


NO_MEMORY_LIMIT = ("grading kernel: no memory limit on this system ({reason}): a submission that allocates "
                   "too much slows the machine down instead of failing its cell; grade on Linux to have the limit")
_warned = False


def limit_address_space(memory_bytes: int) -> bool:
    """Set RLIMIT_AS (soft and hard) of this process, which the kernel's children inherit; True if it is set.

    Where the system cannot (no ``resource`` module on Windows; macOS refuses ``RLIMIT_AS``), the kernel runs
    without the limit and says so on stderr, once per process.
    """
    global _warned
    if not memory_bytes:
        return False
    if resource is None or not hasattr(resource, "RLIMIT_AS"):
        reason = f"Python's resource module is not available on {sys.platform}"
    else:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            return True
        except (ValueError, OSError) as error:  # macOS: "current limit exceeds maximum limit" (ValueError)
            reason = f"setrlimit(RLIMIT_AS) failed on {sys.platform}: {error}"
    if not _warned:
        _warned = True
        print(NO_MEMORY_LIMIT.format(reason=reason), file=sys.stderr, flush=True)
    return False


def cap_output(budgets: dict[str, OutputBudget]) -> None:
    """Route every write of ipykernel's OutStream (``print``, ``sys.stdout.write`` and, through
    ipykernel's pipe watcher, writes to file descriptors 1 and 2) through the budget of its stream."""
    from ipykernel.iostream import OutStream

    original_write = OutStream.write

    def write(self, string):
        budget = budgets.get(self.name)
        if budget is None or not isinstance(string, str):
            return original_write(self, string)  # ipykernel raises its TypeError for non-str
        if budget.exhausted:  # the fast path of a print loop
            return len(string)
        admitted, notice = budget.admit(string)
        if admitted:
            original_write(self, admitted)
        if notice:
            original_write(self, TRUNCATION_NOTICE.format(limit=budget.limit))
        return len(string)

    OutStream.write = write


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """(limits, the arguments that go on to ipykernel)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-bytes", type=int, default=0)
    parser.add_argument("--output-chars", type=int, default=0)
    parser.add_argument("kernel_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    for name in ("memory_bytes", "output_chars"):
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must be >= 0")
    kernel_args = args.kernel_args[1:] if args.kernel_args[:1] == ["--"] else args.kernel_args
    return args, kernel_args


def main(argv: list[str]) -> None:
    args, kernel_args = parse(argv)
    limit_address_space(args.memory_bytes)
    from ipykernel.kernelapp import IPKernelApp

    budgets = {name: OutputBudget(args.output_chars) for name in ("stdout", "stderr")}
    cap_output(budgets)
    app = IPKernelApp.instance()
    app.initialize(kernel_args)
    if app.shell is not None:
        for budget in budgets.values():
            app.shell.events.register("pre_execute", budget.reset)
        # IPython 9 copies every write to stdout/stderr into its output history (InteractiveShell._tee):
        # unbounded memory for a print loop, and it doubles the cost of a print. Grading needs no history.
        app.shell._tee = lambda channel: contextlib.nullcontext()
    app.start()


if __name__ == "__main__":
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    main(sys.argv[1:])
