"""nbgrader's Execute step for autograding, made robust: limits, and a kernel that comes back.

nbgrader 0.9.6 executes a submission with ``nbgrader.preprocessors.Execute`` (an nbclient
``NotebookClient``). What it does with a faulty cell, and what this module changes:

- a cell running longer than ``ExecutePreprocessor.timeout``: nbclient interrupts the kernel and
  records ``CellTimeoutError`` in the cell; the next cells run. Kept, with a message that says the
  limit (nbgrader's says "No reply from kernel before timeout").
- a cell that ignores the interrupt (``except BaseException: pass`` in a loop): nbclient waits
  ``iopub_timeout`` more seconds and raises ``CellTimeoutError``; nbgrader then drops the whole
  submission (no grades, "There was an error processing assignment"). Here the kernel is killed
  and restarted, the cell gets the error, and grading goes on.
- a dead kernel (``os._exit()``, a segmentation fault, the OOM killer): nbclient raises
  ``DeadKernelError``; nbgrader drops the whole submission. Here the cell gets a ``DeadKernelError``
  output naming how the process ended, a new kernel starts, the cells before this one run again
  (outputs discarded; cells that faulted are skipped), and grading goes on.
- ``exit()`` or ``quit()``: ipykernel finishes the cell, then the process ends a moment later, so
  nbgrader blames (and drops the submission at) whichever later cell is running then. Here the
  execute reply's ``ask_exit`` payload names the cell that asked; it is treated as a dead kernel.
  After ``max_kernel_restarts`` restarts the remaining cells are marked "not run" (scored 0).
- the kernel itself is ``grading/course_grader/kernel.py``, started by :class:`GradingKernelManager`:
  ``memory_bytes`` caps its address space (a huge allocation raises ``MemoryError``) and
  ``output_chars`` caps what one execution may print (nbgrader's ``LimitOutput`` trims lines only
  after the whole output has reached the grader's memory).

Every fault thus becomes an error output in the cell it happened in: nbgrader's ``SaveAutoGrades``
scores a graded cell with an error 0, and ``course_grader.autograde`` turns the output into a reason.
Enable with ``c.Autograde.autograde_preprocessors`` in ``nbgrader_config.py``.
"""

from __future__ import annotations

import copy
import signal
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

KERNEL_SCRIPT = Path(__file__).resolve().with_name("kernel.py")
NOT_RUN = "KernelNotRestarted"


class GradingKernelManager(AsyncKernelManager):
    """Starts ``grading/course_grader/kernel.py`` (ipykernel with limits) in place of ``ipykernel_launcher``."""

    memory_bytes = Integer(4 * 2**30, help="RLIMIT_AS of the kernel process in bytes (0: no limit)").tag(config=True)
    output_chars = Integer(100_000, help="characters one execution may write to stdout, and to stderr "
                           "(0: no limit)").tag(config=True)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        try:
            at = cmd.index("ipykernel_launcher")
        except ValueError:
            raise RuntimeError(f"GradingKernelManager runs only ipykernel; this kernelspec runs {cmd}") from None
        if at < 2 or cmd[at - 1] != "-m":
            raise RuntimeError(f"GradingKernelManager expects 'python -m ipykernel_launcher ...', got {cmd}")
        limits = [f"--memory-bytes={self.memory_bytes}", f"--output-chars={self.output_chars}", "--"]
        return [*cmd[:at - 1], str(KERNEL_SCRIPT), *limits, *cmd[at + 1:]]


def error_output(ename: str, evalue: str) -> NotebookNode:
    """An nbformat error output; nbgrader scores a graded cell holding one 0."""
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def how_it_ended(returncode: int | None) -> str:
    """A process's exit status in words, for the student and the instructor."""
    if returncode is None:
        return "it stopped answering"
    if returncode == 0:
        return "it exited with status 0: exit() or quit() ends the kernel"
    if returncode > 0:
        return f"it exited with status {returncode}: os._exit() or a fatal error"
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"signal {-returncode}"
    meaning = {"SIGSEGV": "a crash (segmentation fault)", "SIGKILL": "killed, e.g. out of memory",
               "SIGABRT": "aborted by a fatal error", "SIGBUS": "a crash (bus error)"}.get(name, "a signal")
    return f"it was ended by {name}: {meaning}"


class GradingExecute(Execute):
    """nbgrader's Execute with :class:`GradingKernelManager` and recovery from dead or stuck kernels."""

    max_kernel_restarts = Integer(
        5, help="kernel restarts per notebook; after that the remaining cells are not run (scored 0)"
    ).tag(config=True)

    def __init__(self, **kw):
        kw.setdefault("kernel_manager_class", GradingKernelManager)
        super().__init__(**kw)

    def preprocess(self, nb, resources=None, km=None):
        self._faulted: set[int] = set()
        self._restarts = 0
        self._gave_up = ""
        self._asked_exit = False
        return super().preprocess(nb, resources, km)

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        payload = kwargs["execute_reply"]["content"].get("payload") or []
        if any(item.get("source") == "ask_exit" for item in payload):
            self._asked_exit = True

    async def _async_handle_timeout(self, timeout, cell=None):
        reply = await super()._async_handle_timeout(timeout, cell)
        if reply is not None:
            evalue = f"the cell ran longer than the {timeout} s limit and was interrupted"
            reply["content"].update(evalue=evalue, traceback=[f"CellTimeoutError: {evalue}"])
        return reply

    def preprocess_cell(self, cell, resources, index):
        if self._gave_up:
            if cell.cell_type == "code" and cell.source.strip():
                cell.outputs = [error_output(NOT_RUN, self._gave_up)]
            return cell, resources
        self._asked_exit = False
        try:
            super().preprocess_cell(cell, resources, index)
            if not self._asked_exit:
                return cell, resources
            message = ("the cell called exit() or quit(), which ends the kernel; "
                       "a new kernel ran the cells before this one again and grading went on")
            cell.outputs.append(error_output("DeadKernelError", message))
        except DeadKernelError:
            message = (f"the kernel stopped while running this cell: {how_it_ended(self._returncode())}; "
                       "a new kernel ran the cells before this one again and grading went on")
            cell.outputs.append(error_output("DeadKernelError", message))
        except CellTimeoutError:
            message = (f"the cell ran longer than the {self.timeout} s limit and did not stop when interrupted; "
                       "a new kernel ran the cells before this one again and grading went on")
            cell.outputs.append(error_output("CellTimeoutError", message))
        self.log.warning("cell %d: %s", index, cell.outputs[-1]["evalue"])
        self._faulted.add(index)
        self._restart(index)
        return cell, resources

    def _returncode(self) -> int | None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is None:
            return None
        try:
            return process.wait(timeout=5)
        except Exception:
            return None

    def _restart(self, index: int) -> None:
        """A fresh kernel in the state the cells before ``index`` leave it (faulted cells skipped)."""
        while True:
            if self._restarts >= self.max_kernel_restarts:
                self._gave_up = (f"not run: the kernel stopped or hung {self._restarts + 1} times in this notebook "
                                 f"(limit {self.max_kernel_restarts} restarts)")
                return  # the dead or stuck kernel is shut down when the notebook ends
            self._restarts += 1
            self._kill_kernel()
            self.km = self.create_kernel_manager()
            self.start_new_kernel()
            self.start_new_kernel_client()
            self.wait_for_reply(self.kc.kernel_info())
            if self._replay(index):
                return

    def _kill_kernel(self) -> None:
        """Stop the kernel now (a stuck one does not answer a polite shutdown request)."""
        graceful, self.shutdown_kernel = self.shutdown_kernel, "immediate"
        try:
            self._cleanup_kernel()
        finally:
            self.shutdown_kernel = graceful

    def _replay(self, index: int) -> bool:
        """Run the code cells before ``index`` again, keeping their recorded outputs; False if one faults."""
        for earlier, cell in enumerate(self.nb.cells[:index]):
            if cell.cell_type != "code" or earlier in self._faulted or not cell.source.strip():
                continue
            self._asked_exit = False
            try:
                self.execute_cell(copy.deepcopy(cell), earlier, store_history=False)
                if self._asked_exit:
                    raise DeadKernelError("exit() when run again")
            except (DeadKernelError, CellTimeoutError):
                self.log.warning("cell %d faulted when run again after a kernel restart; skipping it", earlier)
                self._faulted.add(earlier)
                return False
            finally:
                self.nb.cells[earlier] = cell
        return True
