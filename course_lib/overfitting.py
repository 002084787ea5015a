"""Lesson 07: "which trend line is better?" — under- and over-fitting a curve, and L2 regularisation.

A few noisy points from a fixed smooth curve are fitted by polynomials of growing degree (least
squares, optionally with an L2 penalty λ·Σw²: ridge regression, weight decay); each fit is named
under-fitting, good or over-fitting from its training and held-out errors, and the figures show
the fits and how the penalty trades the two errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from .linear_fit import mse

VERDICTS = {"under": "under-fitting", "good": "good fit", "over": "over-fitting"}
# For tables; the figures lack a Korean font.
KOREAN = {"under-fitting": "과소적합", "good fit": "적절한 적합", "over-fitting": "과적합"}


def true_curve(x) -> np.ndarray:
    """The smooth curve the points come from: sin(πx) on −1 … 1."""
    return np.sin(np.pi * np.asarray(x, dtype=float))


def noisy_curve(rng: np.random.Generator, n: int, noise: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points with x uniform on −1 … 1 (sorted) and y = the true curve + Gaussian noise."""
    x = np.sort(rng.uniform(-1.0, 1.0, n))
    return x, true_curve(x) + noise * rng.standard_normal(n)


def fit_polynomial(x, y, degree: int, l2: float = 0.0) -> np.ndarray:
    """Coefficients w₀ … w_degree minimising Σ(y − Σ wₖxᵏ)² + l2·Σ_{k≥1} wₖ² (the bias w₀ is not penalised).

    With ``l2 = 0`` this is ordinary least squares (``np.polyfit`` up to the coefficient order);
    the penalty is added as extra rows √l2·wₖ = 0 of the least-squares system, which keeps it
    well conditioned.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    design = np.vander(x, degree + 1, increasing=True)
    penalty = np.sqrt(l2) * np.eye(degree + 1)[1:]
    system = np.vstack([design, penalty])
    target = np.concatenate([y, np.zeros(degree)])
    return np.linalg.lstsq(system, target, rcond=None)[0]


def predict(w, x) -> np.ndarray:
    """The polynomial Σ wₖxᵏ at every x."""
    return np.polynomial.polynomial.polyval(np.asarray(x, dtype=float), np.asarray(w, dtype=float))


def fit_errors(w, train: tuple, held_out: tuple) -> tuple[float, float]:
    """The fit's MSE on the training points and on the held-out points."""
    return mse(train[1], predict(w, train[0])), mse(held_out[1], predict(w, held_out[0]))


def fit_verdicts(train_errors: Sequence[float], held_out_errors: Sequence[float]) -> list[str]:
    """One verdict per fit, from its errors: the fit with the lowest held-out error is the good one;
    a fit worse than it on the training data too is under-fitting, one better on the training
    data but worse on new data is over-fitting."""
    best = int(np.argmin(held_out_errors))
    return [VERDICTS["good"] if i == best else VERDICTS["under" if train_errors[i] > train_errors[best] else "over"]
            for i in range(len(train_errors))]


def draw_trend_lines(fig: Figure, train: tuple, held_out: tuple, fits: Mapping[str, np.ndarray],
                     verdicts: Sequence[str], ylim: tuple[float, float] = (-2.0, 2.0)) -> str:
    """One panel per fit: training points, held-out points, the true curve and the fitted curve,
    titled with both errors and the verdict; return a one-line summary. Parts of a curve beyond
    ``ylim`` are cut off, and the panel says so."""
    grid = np.linspace(-1, 1, 400)
    axes = fig.subplots(1, len(fits), sharey=True)
    lines = []
    for ax, (name, w), verdict in zip(np.atleast_1d(axes), fits.items(), verdicts):
        train_error, held_error = fit_errors(w, train, held_out)
        curve = predict(w, grid)
        ax.plot(grid, true_curve(grid), color="0.6", lw=1, ls="--", label="true curve")
        ax.plot(grid, curve, color="C3", lw=2, label="fitted curve")
        ax.plot(*held_out, "s", color="C1", ms=4, mfc="none", label="held-out points")
        ax.plot(*train, "o", color="C0", ms=5, label="training points")
        ax.set_ylim(*ylim)
        if curve.min() < ylim[0] or curve.max() > ylim[1]:
            ax.text(0.5, 0.02, "curve leaves the chart", transform=ax.transAxes, ha="center", fontsize=8, color="C3")
        ax.set_title(f"{name}\ntraining MSE {train_error:.3f}, held-out {held_error:.3f}\n{verdict}", fontsize=9)
        ax.set_xlabel("x")
        lines.append(f"{name}: {verdict}")
    np.atleast_1d(axes)[0].set_ylabel("y")
    np.atleast_1d(axes)[0].legend(fontsize=7, loc="upper left")
    return "; ".join(lines)


def draw_l2_sweep(fig: Figure, lambdas: Sequence[float], train_errors: Sequence[float],
                  held_out_errors: Sequence[float], weight_sizes: Sequence[float], chosen: float) -> str:
    """Two panels against λ (log axis): training and held-out MSE, and the weights' size Σw²;
    the chosen λ is marked. Return a one-line summary."""
    left, right = fig.subplots(1, 2)
    left.loglog(lambdas, train_errors, "o-", ms=3, label="training MSE")
    left.loglog(lambdas, held_out_errors, "s-", ms=3, label="validation MSE")
    right.loglog(lambdas, weight_sizes, "o-", ms=3, color="C2")
    for ax in (left, right):
        ax.axvline(chosen, color="0.5", ls=":", label=f"chosen λ = {chosen:.0e}")
        ax.set_xlabel("L2 penalty λ")
    left.set_ylabel("MSE")
    right.set_ylabel("weights' size Σw² (bias excluded)")
    left.set_title("errors: too little λ over-fits, too much under-fits", fontsize=9)
    right.set_title("the penalty shrinks the weights", fontsize=9)
    left.legend(fontsize=8)
    return f"λ from {min(lambdas):.0e} to {max(lambdas):.0e}; chosen by the validation MSE: {chosen:.0e}"


def weight_decay_descent(x, y, degree: int, l2: float, learning_rate: float, steps: int) -> np.ndarray:
    """Gradient descent on the same penalised loss, from w = 0: each step is
    w ← w − lr·(2Xᵀ(Xw − y) + 2·l2·w), i.e. the weights shrink by (1 − 2·lr·l2) before the data's
    gradient step — the "decay" in weight decay (the bias w₀ is not decayed)."""
    design = np.vander(np.asarray(x, dtype=float), degree + 1, increasing=True)
    y = np.asarray(y, dtype=float)
    decay = np.full(degree + 1, 1.0 - 2.0 * learning_rate * l2)
    decay[0] = 1.0
    w = np.zeros(degree + 1)
    for _ in range(steps):
        w = decay * w - learning_rate * 2.0 * design.T @ (design @ w - y)
    return w
