"""A small softmax cross-entropy trainer that records per-layer statistics at every step.

A *model* is any object with

- ``forward(x) -> logits`` of shape ``(batch, C)``,
- ``backward(grad_logits)``, which fills the model's gradients,
- ``parameters() -> list[ndarray]``, the live arrays (updated in place by the optimizer), and
- ``gradients() -> list[ndarray]``, the gradients of the last backward pass, in the same order and shapes;
- optionally ``post``, the list of per-layer activations after ``forward`` (as :class:`course_lib.nets.MLP`).

An :class:`course_lib.nets.MLP` classifier needs ``output_activation="linear"`` (its last layer gives the
logits). The optimizer is any object with ``step(grads) -> updates`` (:mod:`course_lib.optim`).

At step ``k = 0, 1, ..., steps - 1`` the trainer takes a batch, computes the loss ``L_k`` of the CURRENT
parameters on it (so step 0 is the loss of the initialization), backpropagates and applies update ``k``.
Recorded statistics are root mean squares ``rms(a) = sqrt(mean(a^2))`` over the entries of an array.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import as_int, as_rng
from .losses import accuracy, as_labels, softmax_cross_entropy

DIVERGENCE_FACTOR = 10.0  # a run has diverged once its loss exceeds this many times its initial loss


@dataclass
class History:
    """What :func:`train` recorded.

    - ``steps``: int array of the recorded steps (``0, record_every, 2 record_every, ...``);
    - ``loss``: the training loss at those steps, before that step's update, on the batch used for it;
    - ``eval_steps``, ``eval_loss``, ``eval_accuracy``: on ``eval_data`` every ``eval_every`` steps,
      including step 0 (the initialization) and step ``steps`` (after the last update); empty without
      ``eval_data``;
    - ``activation_rms``: shape ``(recorded steps, layers)``, the RMS of the entries of ``model.post[l]``
      on the batch (zero columns if the model has no ``post``);
    - ``update_rms``, ``grad_rms``: shape ``(recorded steps, parameters)``, the RMS of each parameter's
      applied update and of its gradient at that step (the row of step 0 is the first update);
    - ``diverged``: the loss became non-finite or above ``10 x`` the initial loss; training stopped then,
      and ``diverged_at`` / ``diverged_loss`` give the step and the loss that tripped the check. The
      arrays end at the last record before it, so they hold only finite values.
    """

    steps: np.ndarray
    loss: np.ndarray
    eval_steps: np.ndarray
    eval_loss: np.ndarray
    eval_accuracy: np.ndarray
    activation_rms: np.ndarray
    update_rms: np.ndarray
    grad_rms: np.ndarray
    diverged: bool = False
    diverged_at: int | None = None
    diverged_loss: float | None = None

    @property
    def initial_loss(self) -> float:
        """The loss of the initialization (step 0; ``diverged_loss`` if even that was not finite)."""
        return float(self.loss[0]) if self.loss.size else float(self.diverged_loss)

    @property
    def final_loss(self) -> float:
        """The last recorded training loss, or ``inf`` if the run diverged (a learning-rate sweep then ranks
        a diverged run below every finished one)."""
        return math.inf if self.diverged else float(self.loss[-1])


def _rms(a) -> float:
    flat = np.asarray(a, dtype=float).ravel()
    return math.sqrt(float(np.dot(flat, flat)) / flat.size) if flat.size else 0.0


def _check_model(model) -> None:
    for method in ("forward", "backward", "parameters", "gradients"):
        if not callable(getattr(model, method, None)):
            raise TypeError(f"model must have a {method}() method (forward, backward, parameters, gradients); "
                            f"{type(model).__name__} has none")


def _as_inputs(x, name: str) -> np.ndarray:
    array = np.asarray(x)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
    array = array.astype(float, copy=False)
    if array.ndim != 2 or array.shape[0] == 0:
        raise ValueError(f"{name} must be a 2-D array of shape (n_examples >= 1, n_features), got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite (it holds NaN or inf)")
    return array


def _as_dataset(x, y, x_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
    x = _as_inputs(x, x_name)
    y = as_labels(y, name=y_name)
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"{y_name} must hold one label per row of {x_name} ({x.shape[0]}), got {y.shape[0]}")
    if y.min() < 0:
        raise ValueError(f"{y_name} must hold non-negative class indices, got {y.min()}")
    return x, y


def _check_classes(y: np.ndarray, logits, name: str) -> None:
    n_classes = np.shape(logits)[-1] if np.ndim(logits) == 2 else None
    if n_classes is not None and y.max() >= n_classes:
        raise ValueError(f"{name} must lie in [0, {n_classes}) (the model gives {n_classes} logits), got {y.max()}")


def evaluate(model, x, y) -> tuple[float, float]:
    """``(cross-entropy loss, accuracy)`` of ``model`` on ``(x, y)`` (one forward pass, no gradients)."""
    _check_model(model)
    x, y = _as_dataset(x, y, "x", "y")
    logits = model.forward(x)
    _check_classes(y, logits, "y")
    return float(softmax_cross_entropy(logits, y)[0]), accuracy(logits, y)


def _batches(n: int, batch_size: int | None, rng: np.random.Generator):
    """Full batch (``None``) forever, or epoch-wise permutations cut into batches (an incomplete tail is dropped)."""
    if batch_size is None:
        while True:
            yield None
    while True:
        order = rng.permutation(n)
        for start in range(0, n - batch_size + 1, batch_size):
            yield order[start:start + batch_size]


def train(model, optimizer, x, y, *, steps, batch_size=None, rng=0, eval_data=None, eval_every=10,
          record_every=1) -> History:
    """Train ``model`` with ``optimizer`` on softmax cross-entropy for ``steps`` updates; return a :class:`History`.

    ``batch_size=None`` uses the full batch at every step; an int draws seeded minibatches from epoch-wise
    permutations of the examples (``rng`` seeds them: same seed, same batches). ``eval_data=(x_eval,
    y_eval)`` is evaluated every ``eval_every`` steps, at step 0 and after the last update. Statistics are
    recorded every ``record_every`` steps, starting with step 0 (the loss of the initialization).

    Training stops early when the loss becomes non-finite or exceeds 10 times the initial loss
    (``History.diverged``). NumPy's overflow warnings are silenced inside the loop: the divergence check
    reports what they would.
    """
    _check_model(model)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(grads) method, got {type(optimizer).__name__}")
    x, y = _as_dataset(x, y, "x", "y")
    steps = as_int(steps, "steps", minimum=1)
    n = x.shape[0]
    if batch_size is not None:
        batch_size = as_int(batch_size, "batch_size", minimum=1)
        if batch_size > n:
            raise ValueError(f"batch_size must lie in [1, {n}] (the number of examples), got {batch_size}")
    rng = as_rng(rng)
    eval_every = as_int(eval_every, "eval_every", minimum=1)
    record_every = as_int(record_every, "record_every", minimum=1)
    if eval_data is not None:
        if not isinstance(eval_data, (tuple, list)) or len(eval_data) != 2:
            raise TypeError("eval_data must be None or a pair (x_eval, y_eval)")
        x_eval, y_eval = _as_dataset(eval_data[0], eval_data[1], "eval_data[0]", "eval_data[1]")
        if x_eval.shape[1] != x.shape[1]:
            raise ValueError(f"eval_data[0] must have {x.shape[1]} features like x, got {x_eval.shape[1]}")
    params = model.parameters()
    opt_params = getattr(optimizer, "params", None)
    if opt_params is not None and (len(opt_params) != len(params)
                                   or any(a is not b for a, b in zip(opt_params, params))):
        raise ValueError("optimizer must update the model's own arrays: build it on model.parameters() "
                         "(its params are not the same arrays, in the same order)")

    rec_steps, rec_loss, rec_act, rec_update, rec_grad = [], [], [], [], []
    ev_steps, ev_loss, ev_acc = [], [], []
    diverged, diverged_at, diverged_loss = False, None, None
    initial = None
    batches = _batches(n, batch_size, rng)

    def run_eval(step):
        loss, acc = evaluate(model, x_eval, y_eval)
        ev_steps.append(step)
        ev_loss.append(loss)
        ev_acc.append(acc)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for step in range(steps):
            if eval_data is not None and step % eval_every == 0:
                run_eval(step)
            index = next(batches)
            xb, yb = (x, y) if index is None else (x[index], y[index])
            logits = model.forward(xb)
            if initial is None:
                _check_classes(y, logits, "y")
            loss, grad_logits = softmax_cross_entropy(logits, yb)
            if initial is None:
                initial = loss
            if not math.isfinite(loss) or (initial > 0 and loss > DIVERGENCE_FACTOR * initial):
                diverged, diverged_at, diverged_loss = True, step, loss
                break
            model.backward(grad_logits)
            grads = model.gradients()
            updates = optimizer.step(grads)
            if updates is None or len(updates) != len(grads):
                raise TypeError("optimizer.step(grads) must return the applied updates, one array per parameter "
                                f"(as course_lib.optim does), got {type(updates).__name__}")
            if step % record_every == 0:
                post = getattr(model, "post", None)
                rec_steps.append(step)
                rec_loss.append(loss)
                rec_act.append([_rms(h) for h in post] if post is not None else [])
                rec_grad.append([_rms(g) for g in grads])
                rec_update.append([_rms(u) for u in updates])
        if eval_data is not None and not diverged:
            run_eval(steps)
    if diverged:  # the evaluation of the diverged parameters (if one ran at that step) is not kept
        kept = sum(1 for s in ev_steps if s < diverged_at)
        ev_steps, ev_loss, ev_acc = ev_steps[:kept], ev_loss[:kept], ev_acc[:kept]

    n_layers = len(rec_act[0]) if rec_act else 0
    n_params = len(params)
    return History(
        steps=np.array(rec_steps, dtype=int),
        loss=np.array(rec_loss, dtype=float),
        eval_steps=np.array(ev_steps, dtype=int),
        eval_loss=np.array(ev_loss, dtype=float),
        eval_accuracy=np.array(ev_acc, dtype=float),
        activation_rms=np.array(rec_act, dtype=float).reshape(len(rec_steps), n_layers),
        update_rms=np.array(rec_update, dtype=float).reshape(len(rec_steps), n_params),
        grad_rms=np.array(rec_grad, dtype=float).reshape(len(rec_steps), n_params),
        diverged=diverged,
        diverged_at=diverged_at,
        diverged_loss=diverged_loss,
    )
