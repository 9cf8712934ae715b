"""The class driver on Dask (course_grader.executors): the same scores as the local executor, submission by
submission, with the trusted re-grade on; a lost worker costs one student, not the class; clear errors."""

from __future__ import annotations

import os
import shutil
import socket

import pytest
from course_grader.autograde import Course, grade_assignment, main
from course_grader.executors import DaskExecutor, LocalExecutor, Lost

from tests.nbgrader_course import answer_sources, first_corpus_answer, make_course, strip, submit

distributed = pytest.importorskip("distributed")

ASSIGNMENT = "06_architectures"  # a quick notebook to execute, with four exercises (as in test_faults)


def submissions() -> dict[str, dict[str, str]]:
    perfect = {grade_id: strip(source) for grade_id, source in answer_sources(ASSIGNMENT).items()}
    first = next(iter(perfect))
    return {
        "perfect": perfect,
        "wrong": {**perfect, first: first_corpus_answer(ASSIGNMENT, first, "wrong")},
        "blank": {},
        "crash": {**perfect, first: "import os\nos._exit(3)\n" + perfect[first]},
    }


def cell_scores(root, students) -> dict[str, dict[str, tuple]]:
    """student -> grade name -> (auto_score, manual_score, score) in the course's gradebook."""
    found = {}
    with Course.load(root, None).gradebook() as gb:
        for student in students:
            submission = gb.find_submission(ASSIGNMENT, student)
            found[student] = {grade.name: (grade.auto_score, grade.manual_score, grade.score)
                              for notebook in submission.notebooks for grade in notebook.grades}
    return found


def driver_view(results, root) -> dict[str, tuple]:
    return {r.student: (r.score, r.max_score, [x.replace(str(root), "COURSE") for x in r.reasons]) for r in results}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Two copies of one course with four mixed submissions: one graded locally, one on a 2-worker LocalCluster."""
    base = tmp_path_factory.mktemp("dask_course")
    local = make_course(base / "local", [ASSIGNMENT], trusted=True)
    for student, cells in submissions().items():
        submit(local, student, ASSIGNMENT, cells)
    dask_root = base / "dask"
    shutil.copytree(local, dask_root)
    with LocalExecutor(2) as executor:
        local_results = grade_assignment(local, ASSIGNMENT, executor=executor)
    with DaskExecutor(None, workers=2) as executor:
        assert len(executor.client.scheduler_info()["workers"]) == 2
        dask_results = grade_assignment(dask_root, ASSIGNMENT, executor=executor)
    return local, local_results, dask_root, dask_results


def test_dask_gives_the_local_scores_submission_by_submission(graded):
    local, local_results, dask_root, dask_results = graded
    assert [r.student for r in dask_results] == [r.student for r in local_results]
    assert driver_view(dask_results, dask_root) == driver_view(local_results, local)
    students = [r.student for r in local_results]
    assert cell_scores(dask_root, students) == cell_scores(local, students)


def test_the_mixed_submissions_get_the_grades_they_deserve(graded):
    _, _, dask_root, dask_results = graded
    by = {r.student: r for r in dask_results}
    assert by["perfect"].score == by["perfect"].max_score > 0
    assert 0 < by["wrong"].score < by["perfect"].score
    assert by["blank"].score == 0
    assert 0 < by["crash"].score < by["perfect"].score
    assert any("status 3" in reason or "DeadKernelError" in reason for reason in by["crash"].reasons)
    assert not any(x.startswith("not graded") for r in dask_results for x in r.reasons)
    cells = cell_scores(dask_root, ["perfect"])["perfect"]
    assert cells and all(score is not None for _, _, score in cells.values())


def test_a_student_the_executor_lost_is_not_graded_and_the_class_goes_on(tmp_path):
    course = make_course(tmp_path / "course", [ASSIGNMENT], trusted=True)
    submit(course, "lost", ASSIGNMENT, {})

    class LosesOne(LocalExecutor):
        def map_students(self, function, students):
            for student in students:
                yield Lost(student, "Dask worker lost while grading: KilledWorker: test") if student == "lost" \
                    else function(student)

    results = {r.student: r for r in grade_assignment(course, ASSIGNMENT, students=["lost", "absent"],
                                                      executor=LosesOne(1))}
    assert results["lost"].score == 0
    assert results["lost"].reasons == ["not graded: Dask worker lost while grading: KilledWorker: test"]
    assert results["absent"].reasons[0].startswith("no submission folder submitted/absent/")  # the next one ran


def exit_on(student: str) -> str:
    if student == "dies":
        os._exit(7)  # the worker process goes, mid-task
    return student.upper()


def test_a_worker_lost_mid_task_gives_that_student_a_lost_result():
    with DaskExecutor(None, workers=1) as executor:
        results = list(executor.map_students(exit_on, ["a", "dies", "b"]))
    assert results[0] == "A" and results[2] == "B"
    assert isinstance(results[1], Lost) and results[1].student == "dies"
    assert "Dask worker lost" in results[1].reason and "KilledWorker" in results[1].reason


def test_the_dask_lock_is_a_distributed_lock_that_pickles_by_name():
    import pickle

    with DaskExecutor(None, workers=1) as executor:
        lock = executor.lock()
        assert isinstance(lock, distributed.Lock)
        assert pickle.loads(pickle.dumps(lock)).name == lock.name
        with lock:
            assert lock.locked()
        assert not lock.locked()


def test_a_bad_scheduler_address_names_the_option():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ValueError, match=r"--dask-scheduler 'tcp://127\.0\.0\.1:\d+': no Dask scheduler"):
        DaskExecutor(f"tcp://127.0.0.1:{port}", connect_seconds=1)
    with pytest.raises(TypeError, match="--dask-scheduler"):
        DaskExecutor(8786)


def test_cli_rejects_a_scheduler_without_the_dask_executor(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path), ASSIGNMENT, "--dask-scheduler", "tcp://127.0.0.1:8786"])
    assert stop.value.code == 2
    assert "--dask-scheduler needs --executor dask" in capsys.readouterr().err
