"""Where the class driver runs its per-student grading: threads on this machine, or a Dask cluster.

An executor has one job, ``map_students(function, students)``: call ``function(student)`` for every student
and yield the results in the order of ``students``. ``function`` is expected not to raise (the driver's own
does not); when the executor cannot get a student's result at all (a Dask worker lost mid-task, the
scheduler gone), it yields a :class:`Lost` in that student's place instead of stopping the class. Its
``lock()`` is the lock that serialises the driver's one retry of an nbgrader run that failed on SQLite's
"database is locked"; ``close()`` (or ``with``) releases what the executor started.

- :class:`LocalExecutor` ``(workers)``, the default: a thread pool of ``workers`` threads, each waiting on
  one nbgrader subprocess (the grading itself runs in those subprocesses, so threads are enough).
- :class:`DaskExecutor` ``(address)``: each student is one task (``pure=False``, ``retries=0``) on a
  ``dask.distributed`` cluster. ``address`` is ``None`` (a ``LocalCluster`` of ``workers`` worker processes,
  one thread each, started here and closed by ``close()``), a scheduler address (``tcp://host:8786``), or a
  ``distributed.Client`` (left open). ``function`` and what it holds must pickle: the driver sends the course
  root, not its loaded ``CourseDirectory``. The workers must see the course directory at the same path (a
  shared file system) and run the same environment (its ``python`` runs nbgrader); with workers on several
  machines the gradebook must be a server database (``--db-url postgresql://...``): SQLite on a network file
  system is not safe.

On a SLURM cluster through dask-jobqueue (``pip install ./grading[dask]``), from a login node::

    python - <<'EOF'
    from dask_jobqueue import SLURMCluster
    cluster = SLURMCluster(cores=1, processes=1, memory="4GB", walltime="02:00:00",
                           python="/shared/course/.venv/bin/python", scheduler_options={"port": 8786})
    cluster.scale(jobs=16)  # 16 workers, one student each at a time
    print(cluster.scheduler_address); input("grading; press Enter to stop the workers\\n")
    EOF
    course-autograde /shared/course 04_he_kaiming --executor dask --dask-scheduler tcp://LOGIN-NODE:8786 \\
        --db-url postgresql://grader@db-host/course

The retry lock: on this machine a ``threading.Lock`` (the workers are threads of one process). On Dask the
workers are processes, perhaps on other machines, so a ``threading.Lock`` would serialise nothing: the lock is
a ``distributed.Lock`` (a lease held through the scheduler; it pickles by name, each worker's copy reaches the
same lease, and a worker lost while holding it loses the lease after the scheduler's lease timeout instead of
blocking the others for ever).

A lost worker: a ``LocalCluster`` started here sets ``distributed.scheduler.allowed-failures`` to 0, so a task
whose worker dies is not sent to another worker: that student is reported "not graded: Dask worker lost ..."
(grade them again with ``--student``); a scheduler of your own applies its own setting (Dask's default: 3
more tries, each on another worker; grading again is harmless, nbgrader runs with ``--force``). The executor
keeps as many tasks out as the cluster has worker threads at that moment (re-read as workers come and go):
a worker never holds a second task waiting behind the one it runs, which its loss would fail too. Results are
fetched as they finish and released, so a worker lost later has nothing of them to compute again. The nbgrader
process of a lost worker's student may outlive it and still write that student's grades: the driver leaves a
lost student out of the reconciliation and the scores.
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

DASK_CONNECT_SECONDS = 10.0  # how long a scheduler address may take to answer


@dataclass
class Lost:
    """A student whose result the executor could not get back (the function never returned)."""

    student: str
    reason: str


class LocalExecutor:
    """``workers`` threads in this process, each running ``function`` for one student at a time."""

    def __init__(self, workers: int = 2) -> None:
        if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
            raise ValueError(f"workers must be an int >= 1, got {workers!r}")
        self.workers = workers

    def lock(self) -> threading.Lock:
        return threading.Lock()

    def map_students(self, function: Callable[[str], Any], students: Iterable[str]) -> Iterator[Any]:
        students = list(students)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(function, student) for student in students]
            for student, future in zip(students, futures):
                try:
                    yield future.result()
                except Exception as error:  # the function should not raise; one student never stops the class
                    yield Lost(student, f"{type(error).__name__}: {error}")

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"LocalExecutor(workers={self.workers})"


class DaskExecutor:
    """Each student one task on a dask.distributed cluster: ``address`` None (a LocalCluster of ``workers``
    processes started here), a scheduler address, or a ``distributed.Client``."""

    def __init__(self, address: Any = None, *, workers: int = 2,
                 connect_seconds: float = DASK_CONNECT_SECONDS) -> None:
        try:
            import dask
            import distributed
        except ImportError as error:
            raise ValueError("the dask executor needs dask and distributed: pip install './grading[dask]' "
                             f"({error})") from None
        if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
            raise ValueError(f"workers must be an int >= 1, got {workers!r}")
        if not (isinstance(connect_seconds, (int, float)) and connect_seconds > 0):
            raise ValueError(f"connect_seconds must be > 0, got {connect_seconds!r}")
        self.cluster = None
        self.own_client = True
        if isinstance(address, distributed.Client):
            self.client, self.own_client = address, False
        elif address is None:
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                # no dashboard; its HTTP server (metrics, health) on a free port, never a taken 8787
                self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                        memory_limit=0, dashboard_address=None,
                                                        scheduler_kwargs={"dashboard_address": ":0"})
            self.client = distributed.Client(self.cluster)
        elif isinstance(address, str) and address.strip():
            try:
                self.client = distributed.Client(address, timeout=connect_seconds)
            except (OSError, ValueError, TypeError) as error:
                raise ValueError(f"--dask-scheduler {address!r}: no Dask scheduler answered there within "
                                 f"{connect_seconds:g} s (give its address, e.g. tcp://HOST:8786, as the "
                                 f"scheduler prints it): {type(error).__name__}: {error}") from None
        else:
            raise TypeError("address (--dask-scheduler) must be None, a scheduler address such as "
                            f"'tcp://HOST:8786' or a distributed.Client, got {address!r}")
        self._lock_class = distributed.Lock

    def lock(self):
        return self._lock_class(f"course-autograde-retry-{uuid.uuid4().hex}")

    def map_students(self, function: Callable[[str], Any], students: Iterable[str]) -> Iterator[Any]:
        from distributed import as_completed

        students = list(students)
        run = uuid.uuid4().hex[:8]
        waiting = deque(enumerate(students))
        running = as_completed()
        out: dict[Any, tuple[int, Any]] = {}  # task key -> (position, future)
        done: dict[int, Any] = {}
        following = 0

        def fill() -> None:  # as many tasks out as the cluster has threads now (at least one): none waits on a worker
            width = max(1, sum(self.client.nthreads().values()))
            while waiting and running.count() < width:
                position, student = waiting.popleft()
                future = self.client.submit(function, student, pure=False, retries=0,
                                            key=(f"grade_student-{run}", position))
                out[future.key] = position, future
                running.add(future)

        fill()
        try:
            for future in running:
                position, _ = out.pop(future.key)
                try:
                    done[position] = future.result()
                except Exception as error:  # KilledWorker, a cancelled task, a closed connection
                    name = type(error).__name__
                    why = "Dask worker lost while grading" if name == "KilledWorker" else "Dask task failed"
                    done[position] = Lost(students[position], f"{why}: {name}: {str(error)[:300]}")
                future.release()  # a worker lost later has nothing of this student to compute again
                fill()
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:  # the caller stopped early (or the client failed): nothing more is graded
            waiting.clear()
            self.client.cancel([future for _, future in out.values()])

    def close(self) -> None:
        if self.own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DaskExecutor({self.client.scheduler.address if self.client.scheduler else None!r})"
