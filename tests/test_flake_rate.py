"""Statistical hidden tests neither flake nor miss: seeds that reruns can vary, margins, a CI-sized sample.

The full measurement is ``python -m tools.flake_rate`` (1000 reruns of every exercise on every correct
answer); here 20 reruns of exercises whose tests use ``check_std`` and ``check_distribution`` must give
no failure, and answers with a 3% std error or the wrong shape must fail at every one of those seeds.
"""

from __future__ import annotations

import ast
import math

import numpy as np
import pytest
from scipy import stats

from course_lib import grading
from tools import flake_rate
from tools.authoring import assignment_ids
from tools.corpus import exercises
from tools.flake_rate import Rerun, Tally, batches, measure, run_batch, select

SAMPLE = ["n01_init_layer", "n03_xavier_uniform"]  # check_std, check_distribution, a threshold test of the cell
SAMPLE_RERUNS = 20


@pytest.fixture
def grading_run(monkeypatch):
    """The environment of a grading run: no seed offset, no margin recording."""
    monkeypatch.delenv(grading.SEED_OFFSET_VARIABLE, raising=False)
    monkeypatch.delenv(grading.MARGINS_VARIABLE, raising=False)
    grading.recorded_margins.clear()
    yield monkeypatch
    grading.recorded_margins.clear()


# ----------------------------------------------------------------------------------------------- grading.seed


def test_a_grading_run_keeps_every_seed_literal(grading_run):
    assert [grading.seed(b) for b in (0, 11, 12345, 2**32 - 1)] == [0, 11, 12345, 2**32 - 1]
    grading_run.setenv(grading.SEED_OFFSET_VARIABLE, "0")
    assert grading.seed(11) == 11


def test_reruns_give_every_base_its_own_new_seed(grading_run):
    seen = set()
    for offset in range(4):
        grading_run.setenv(grading.SEED_OFFSET_VARIABLE, str(offset))
        seen |= {grading.seed(base) for base in (0, 1, 11, 12, 2**32 - 1)}
    assert len(seen) == 4 * 5
    grading_run.setenv(grading.SEED_OFFSET_VARIABLE, "3")
    assert grading.seed(11) == 11 + 3 * 2**32


@pytest.mark.parametrize("raw", ["x", "-1", "1.5"])
def test_a_bad_offset_names_the_variable(grading_run, raw):
    grading_run.setenv(grading.SEED_OFFSET_VARIABLE, raw)
    with pytest.raises(ValueError, match=grading.SEED_OFFSET_VARIABLE):
        grading.seed(1)


@pytest.mark.parametrize(("base", "error"), [(True, TypeError), (1.0, TypeError), ("1", TypeError),
                                             (-1, ValueError), (2**32, ValueError)])
def test_a_bad_base_is_rejected(grading_run, base, error):
    with pytest.raises(error, match="base"):
        grading.seed(base)


# ------------------------------------------------------------------------------------------- margin recording


def test_nothing_is_recorded_unless_asked(grading_run, capsys):
    x = 0.3 * np.random.default_rng(0).standard_normal(20_000)
    grading.check_std(x, 0.3, "W")
    grading.check_distribution(x, grading.normal_cdf(0.3), "W")
    assert grading.recorded_margins == []
    assert capsys.readouterr() == ("", "")


def test_margins_are_threshold_over_statistic_and_silent(grading_run, capsys):
    grading_run.setenv(grading.MARGINS_VARIABLE, "1")
    x = 0.3 * np.random.default_rng(1).standard_normal(20_000)
    grading.check_std(x, 0.3, "W")
    grading.check_distribution(x, grading.normal_cdf(0.3), "W")
    assert capsys.readouterr() == ("", "")
    by_check = {m["check"]: m["margin"] for m in grading.recorded_margins}
    z_spread = (np.mean(x**2) / 0.09 - 1) / math.sqrt(2 / x.size)
    z_mean = abs(x.mean()) / (0.3 / math.sqrt(x.size))
    p_value = stats.kstest(x, stats.norm(0, 0.3).cdf).pvalue
    assert by_check["check_std of W"] == pytest.approx(6 / abs(z_spread), rel=1e-9)
    assert by_check["check_std mean of W"] == pytest.approx(6 / z_mean, rel=1e-9)
    assert by_check["check_distribution of W"] == pytest.approx(math.log(1e-7) / math.log(p_value), rel=1e-9)


def test_recording_changes_no_result(grading_run):
    x = 0.3 * 1.03 * np.random.default_rng(2).standard_normal(150_000)
    with pytest.raises(AssertionError) as quiet:
        grading.check_std(x, 0.3, "W")
    grading_run.setenv(grading.MARGINS_VARIABLE, "1")
    with pytest.raises(AssertionError) as recorded:
        grading.check_std(x, 0.3, "W")
    assert str(recorded.value) == str(quiet.value)
    assert min(m["margin"] for m in grading.recorded_margins) < 1  # a failed check has a margin below 1


def test_record_margin_edge_cases(grading_run):
    grading_run.setenv(grading.MARGINS_VARIABLE, "1")
    for statistic in (0.0, 3.0, math.inf, math.nan):
        grading.record_margin("c", statistic, 6.0)
    assert [m["margin"] for m in grading.recorded_margins] == [math.inf, 2.0, 0.0, 0.0]


# ------------------------------------------------------------------- every generator of a test goes through seed


def unseeded_generators(source: str) -> list[str]:
    """Calls in ``source`` that draw from a seed not routed through ``grading.seed`` (one line each)."""

    def routed(node) -> bool:
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "seed"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "grading")

    found = []
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if "# fixed reference" in lines[node.lineno - 1]:
            continue  # a constant the test compares with (its docstring says why), not a draw of the test's inputs
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "default_rng" and not (node.args and routed(node.args[0])):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif name == "draw_many":
            seed = [k.value for k in node.keywords if k.arg == "seed"] + node.args[3:4]
            if not (seed and routed(seed[0])):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif name in ("RandomState", "SeedSequence") or (name == "seed" and not routed(node)):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_the_seed_audit_finds_literal_seeds():
    source = ("rng = np.random.default_rng(7)\nfree = np.random.default_rng()\n"
              "v = grading.draw_many(f, (3, 4), 10, seed=5)\nnp.random.seed(1)\n"
              "ok = np.random.default_rng(grading.seed(7))\n"
              "w = grading.draw_many(f, (3, 4), 10, seed=grading.seed(5))\n"
              "ref = np.random.default_rng(9)  # fixed reference: the constant the answer is compared with\n"
              "bad = np.random.default_rng(9)  # fixed, but not a reference\n")
    assert [line.split(":")[0] for line in unseeded_generators(source)] == [
        "line 1", "line 2", "line 3", "line 4", "line 8"]


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_generator_of_a_test_cell_is_seeded_through_grading_seed(assignment):
    for exercise in exercises(assignment):
        for grade_id, source in exercise.tests.items():
            assert unseeded_generators(source) == [], f"{grade_id} seeds a generator without grading.seed"


# ------------------------------------------------------------------------------------------ the rerun machinery


def test_batches_cover_every_offset_once_and_start_two_processes_at_offset_0():
    for reruns, chunk in [(0, 5), (1, 5), (20, 500), (1000, 250), (7, 2)]:
        out = batches(reruns, chunk)
        assert len(out) >= 2 and out[0][0] == 0 and out[1][0] == 0
        assert sorted(o for b in out for o in b if o) == list(range(1, reruns + 1))
        assert all(len([o for o in b if o]) <= chunk for b in out)


def test_unknown_ids_are_refused():
    with pytest.raises(ValueError, match="n99_nothing"):
        select(["n99_nothing"])
    assert [e.answer_id for e in select(["n01_init_layer"])] == ["n01_init_layer_answer"]


def test_the_exit_status_says_whether_a_correct_answer_failed(monkeypatch, capsys):
    exercise = select(["n06_residual_scale"])[0]
    clean, failed = Tally(exercise, answers=["solution"]), Tally(exercise, answers=["solution"])
    failed.add("solution", [Rerun(3, {"t": {"ok": False, "error": "AssertionError: x"}}, [])])
    monkeypatch.setattr(flake_rate, "measure", lambda *args, **kwargs: [clean])
    assert flake_rate.main(["--reruns", "1", "--ids", "n06_residual_scale"]) == 0
    monkeypatch.setattr(flake_rate, "measure", lambda *args, **kwargs: [failed])
    assert flake_rate.main(["--reruns", "1", "--ids", "n06_residual_scale"]) == 1
    assert "FAILED n06_residual_scale_answer/solution at offset 3: t: AssertionError: x" in capsys.readouterr().out


# ------------------------------------------------------------------------------- a CI-sized sample of reruns


@pytest.mark.slow
def test_correct_answers_pass_every_rerun_of_the_sample():
    tallies = measure(select(SAMPLE), reruns=SAMPLE_RERUNS, workers=2)
    text = "\n".join(flake_rate.report(tallies, SAMPLE_RERUNS))
    for tally in tallies:
        assert tally.seeded and tally.checks_per_rerun > 0, text
        assert tally.reruns == SAMPLE_RERUNS * len(tally.answers) and len(tally.answers) >= 6, text
        assert not tally.failures and tally.deterministic, text
        assert 1 < tally.margin < math.inf, text


INIT_LAYER_SCALED = '''
_flake_test_init_layer = init_layer


def init_layer(fan_in, fan_out, std, rng):
    return _flake_test_init_layer(fan_in, fan_out, 1.03 * std, rng)
'''
INIT_LAYER_UNIFORM = '''
def init_layer(fan_in, fan_out, std, rng):
    bound = math.sqrt(3.0) * std
    return rng.uniform(-bound, bound, size=(fan_out, fan_in)), np.zeros(fan_out)
'''


@pytest.mark.slow
@pytest.mark.parametrize(("mistake", "message", "check"), [
    (INIT_LAYER_SCALED, "the standard deviation of W is about 1.03x the target", "check_std of W"),
    (INIT_LAYER_UNIFORM, "the values of W do not follow the distribution asked for", "check_distribution of W"),
], ids=["std_3_percent_off", "uniform_with_the_right_std"])
def test_a_wrong_answer_is_caught_at_every_offset_of_the_sample(mistake, message, check):
    exercise = select(["n01_init_layer"])[0]
    reruns = run_batch(exercise, exercise.solution + "\n" + mistake, list(range(SAMPLE_RERUNS + 1)))
    assert [r.offset for r in reruns] == list(range(SAMPLE_RERUNS + 1))
    for rerun in reruns:
        assert not rerun.passed and message in rerun.failure(), (rerun.offset, rerun.failure())
        assert min(margin for name, _, _, margin in rerun.margins if name == check) < 1
