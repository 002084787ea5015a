"""Batch, stochastic and mini-batch gradient descent (배치 / 확률적 / 미니배치 경사 하강법).

:func:`minibatches` is the course's one mini-batch loop: the index arrays of one epoch, shuffled
when given a random generator (lessons 02, 06 and 07 all train through it). The rest is lesson 06's
linear model: its loss and gradient, training by mini-batches with any optimizer while recording
the loss on all the data after every update, a synthetic regression problem, and the picture that
compares batch sizes per update and per example seen.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from .optimizers import Optimizer, Params


def minibatches(n: int, batch_size: int, rng: np.random.Generator | None = None) -> Iterator[np.ndarray]:
    """Index arrays that cover 0..n−1 once (one epoch), in shuffled order when ``rng`` is given.

    ``batch_size = n`` is batch gradient descent, ``1`` stochastic, anything between mini-batch.
    """
    order = rng.permutation(n) if rng is not None else np.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def linear_loss_and_grads(params: Params, X: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    """MSE of ŷ = X·w (+ b when ``params`` has "b") and its gradient: ∂L/∂w = −2/n·Σ(y − ŷ)·x."""
    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    residual = y - (X @ params["w"] + params.get("b", 0.0))
    grads = {"w": -2.0 / len(y) * (X.T @ residual)}
    if "b" in params:
        grads["b"] = np.asarray(-2.0 * residual.mean())
    return float(np.mean(residual ** 2)), grads


@dataclass
class TrainingHistory:
    """Full-data loss after every update, with the number of updates and of examples seen."""

    updates: np.ndarray
    examples_seen: np.ndarray
    loss: np.ndarray
    params: Params


def fit_linear(X: np.ndarray, y: np.ndarray, start: Params, optimizer: Optimizer, batch_size: int,
               epochs: int, rng: np.random.Generator | None = None) -> TrainingHistory:
    """Train a linear model by mini-batches; record the loss on *all* the data after each update."""
    params = {k: np.array(v, dtype=float, copy=True) for k, v in start.items()}
    updates, seen, losses = [0], [0], [linear_loss_and_grads(params, X, y)[0]]
    for _ in range(epochs):
        for batch in minibatches(len(y), batch_size, rng):
            optimizer.update(params, linear_loss_and_grads(params, X[batch], y[batch])[1])
            updates.append(updates[-1] + 1)
            seen.append(seen[-1] + len(batch))
            losses.append(linear_loss_and_grads(params, X, y)[0])
    return TrainingHistory(np.array(updates), np.array(seen), np.array(losses), params)


def make_regression(n: int = 2000, features: int = 10, noise: float = 0.5,
                    rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A synthetic linear regression problem: X (n × features), y = X·w_true + 1 + noise, and w_true."""
    rng = np.random.default_rng(0) if rng is None else rng
    X = rng.normal(size=(n, features)) * np.linspace(0.5, 2.0, features)
    w_true = rng.normal(size=features)
    y = X @ w_true + 1.0 + noise * rng.normal(size=n)
    return X, y, w_true


def draw_gd_variants(fig, histories: Mapping[str, TrainingHistory], title: str,
                     best_loss: float | None = None) -> str:
    """Loss against updates and against examples seen, one line per batch size.

    The updates axis is linear from 0 to 1 and logarithmic beyond (matplotlib's "symlog"), so
    update 0, the start, sits at 0. The run with the fewest updates (batch gradient descent) is
    drawn on top, with a marker at every update, so the noisier runs cannot hide it.
    """
    by_update, by_seen = fig.subplots(1, 2, gridspec_kw={"wspace": 0.25, "left": 0.08, "right": 0.98,
                                                         "bottom": 0.15, "top": 0.86})
    lines = []
    fewest = min(len(h.updates) for h in histories.values())
    for (label, history), color in zip(histories.items(), ("tab:blue", "tab:orange", "tab:green", "tab:red")):
        on_top = len(history.updates) == fewest
        style = dict(color=color, label=label, linewidth=1.8 if on_top else 1.1, zorder=3 if on_top else 2,
                     marker="o" if on_top else None, markersize=3.5)
        by_update.plot(history.updates, history.loss, **style)
        by_seen.plot(history.examples_seen, history.loss, **style)
        lines.append(f"{label}: {history.updates[-1]} updates, final loss {history.loss[-1]:.4f}")
    for ax in (by_update, by_seen):
        ax.set_yscale("log")
        if best_loss is not None:
            ax.axhline(best_loss, color="black", linestyle=":", linewidth=1, label="least-squares loss")
        ax.set_ylabel("loss on all the data (MSE)")
        ax.legend(fontsize="small")
    by_update.set_xscale("symlog", linthresh=1, linscale=0.5)
    by_update.set_xlim(left=0)
    by_update.set(xlabel="number of updates (0 to 1 linear, then log scale)", title="loss against updates")
    by_seen.set(xlabel="examples seen", title="loss against examples seen (same data budget)")
    fig.suptitle(title)
    return "\n".join(lines)
