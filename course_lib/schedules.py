"""Lesson 06's learning-rate schedules (학습률 스케줄), and what a changing learning rate does to momentum.

:func:`exponential_decay` is Keras's ``ExponentialDecay``; :func:`trace` runs an optimizer on one
weight vector under a schedule and records everything it saw and did (the optimizer race's RMSProp
study uses it). Momentum is stored two ways — Keras stores the step, PyTorch and optax a sum of
gradients (:class:`GradientSumMomentum`) — and :func:`momentum_forms` shows that they part as soon
as the learning rate changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .optimizers import Momentum, Optimizer, document_rule


def exponential_decay(initial_learning_rate: float, decay_steps: float, decay_rate: float) -> Callable[[int], float]:
    """Keras's ``ExponentialDecay`` (not staircase): step t (0, 1, …) → lr₀·decay_rate^(t/decay_steps)."""
    def schedule(step: int) -> float:
        return float(initial_learning_rate * decay_rate ** (step / decay_steps))

    return schedule


@dataclass
class Trace:
    """One parameter vector's run, step by step: what the optimizer saw, kept and did.

    ``weights`` has shape (steps + 1, n), from the start; ``gradients``, ``learning_rates`` and
    ``slot`` (the chosen state array after each step, e.g. RMSProp's E[g²]) have one row per step.
    """

    weights: np.ndarray
    gradients: np.ndarray
    learning_rates: np.ndarray
    slot: np.ndarray | None

    @property
    def steps(self) -> np.ndarray:
        """Δw of every step, shape (steps, n)."""
        return np.diff(self.weights, axis=0)


def trace(optimizer: Optimizer, gradient: Callable[[np.ndarray], np.ndarray], start, steps: int,
          schedule: Callable[[int], float] | None = None, slot: str | None = None) -> Trace:
    """Run ``optimizer`` on one vector w from ``start``, ``gradient(w) -> g``, recording everything.

    With ``schedule``, the learning rate of step t (t = 0, 1, …) is ``schedule(t)``, set on the
    optimizer just before the step, as Keras does with a learning-rate schedule.
    """
    w = np.array(start, dtype=float)
    params = {"w": w}
    weights, grads, rates, slots = [w.copy()], [], [], []
    for t in range(steps):
        if schedule is not None:
            optimizer.learning_rate = schedule(t)
        g = np.asarray(gradient(w.copy()), dtype=float)
        optimizer.update(params, {"w": g})
        weights.append(w.copy())
        grads.append(g)
        rates.append(optimizer.learning_rate)
        if slot is not None:
            slots.append(optimizer.state["w"][slot].copy())
    return Trace(np.array(weights), np.array(grads), np.array(rates), np.array(slots) if slot else None)


@document_rule
class GradientSumMomentum(Optimizer):
    """Momentum as PyTorch (``torch.optim.SGD(momentum=…)``) and optax (``optax.sgd(momentum=…)``) store it.

    Keras (and this course's :class:`Momentum`) stores the *step*, v ← μ·v − lr·g, so every past
    gradient keeps the learning rate it was taken with. PyTorch and optax store a decaying *sum of
    gradients* m and multiply it by today's learning rate. While the learning rate is constant
    v = −lr·m and both give the same weights; once it changes (a schedule), they differ.
    """

    rule = "m ← momentum·m + g\nw ← w − learning_rate·m"
    slots = ("m",)
    scratch = 0

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9):
        super().__init__(learning_rate, momentum=momentum)

    def _step(self, w, g, state):
        m = state["m"]
        m *= self.momentum
        m += g                                           # m ← μ·m + g
        w -= self.learning_rate * m                      # w ← w − lr·m


def momentum_forms(schedule: Callable[[int], float], steps: int = 8, momentum: float = 0.9,
                   start: float = 1.0) -> dict[str, np.ndarray]:
    """Keras's and PyTorch's momentum side by side on L = w²/2 (g = w), with the same learning rates.

    Returns the learning rate of each step and each form's weight after it ("keras", "pytorch").
    """
    def gradient(w):
        return w

    keras_form = trace(Momentum(momentum=momentum), gradient, [start], steps, schedule)
    sum_form = trace(GradientSumMomentum(momentum=momentum), gradient, [start], steps, schedule)
    return {"learning_rate": keras_form.learning_rates, "keras": keras_form.weights[1:, 0],
            "pytorch": sum_form.weights[1:, 0]}
