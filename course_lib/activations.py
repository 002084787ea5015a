"""Lesson 04: the activation functions (활성화 함수) of the slides, each with its derivative.

Every function takes a NumPy array (or a number) and returns an array of the same shape and
float dtype (float32 stays float32). The derivatives are written out by hand, so a student can
read them, and the gallery shows every activation beside its derivative; ``tests/test_activations.py``
checks each one against a finite difference.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

LEAKY_SLOPE = 0.1  # the slides' leaky ReLU is max(0.1·x, x)
ELU_ALPHA = 1.0


def _float(x) -> np.ndarray:
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(float)


def linear(x):
    """Linear (선형, identity) h(x) = x: passes its input on unchanged."""
    return _float(x).copy()


def linear_derivative(x):
    """h'(x) = 1 everywhere."""
    return np.ones_like(_float(x))


def step(x):
    """Step function (계단 함수): 1 where x > 0, else 0 — the perceptron's activation."""
    x = _float(x)
    return (x > 0).astype(x.dtype)


def step_derivative(x):
    """0 everywhere (undefined at 0): the step gives gradient descent nothing to follow."""
    return np.zeros_like(_float(x))


def sigmoid(x):
    """Sigmoid (시그모이드) σ(x) = 1 / (1 + e^(−x)), computed without overflow for any x."""
    x = _float(x)
    e = np.exp(-np.abs(x))  # never overflows: the exponent is ≤ 0
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(x):
    """σ'(x) = σ(x)·(1 − σ(x)); its largest value is 0.25, at x = 0."""
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    """Hyperbolic tangent: an S-curve from −1 to 1 centred on 0 (tanh(x) = 2σ(2x) − 1)."""
    return np.tanh(_float(x))


def tanh_derivative(x):
    """tanh'(x) = 1 − tanh²(x); its largest value is 1, at x = 0."""
    t = np.tanh(_float(x))
    return 1 - t * t


def relu(x):
    """ReLU max(0, x): the positive part passes, the negative part becomes 0."""
    x = _float(x)
    return np.maximum(x, 0).astype(x.dtype, copy=False)


def relu_derivative(x):
    """1 for x > 0, 0 for x < 0; at x = 0 ReLU has no derivative, and 0 here is a convention
    (seed 001 takes 1 there; either choice works, since an input of exactly 0 is rare)."""
    x = _float(x)
    return (x > 0).astype(x.dtype)


def leaky_relu(x, slope: float = LEAKY_SLOPE):
    """Leaky ReLU max(slope·x, x): negative inputs keep a small slope instead of 0."""
    x = _float(x)
    return np.where(x > 0, x, slope * x).astype(x.dtype, copy=False)


def leaky_relu_derivative(x, slope: float = LEAKY_SLOPE):
    """1 for x > 0, ``slope`` for x ≤ 0."""
    x = _float(x)
    return np.where(x > 0, 1, slope).astype(x.dtype)


def elu(x, alpha: float = ELU_ALPHA):
    """ELU: x for x > 0, α·(e^x − 1) for x ≤ 0 — smooth, and tends to −α for very negative x."""
    x = _float(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype, copy=False)


def elu_derivative(x, alpha: float = ELU_ALPHA):
    """1 for x > 0, α·e^x for x ≤ 0."""
    x = _float(x)
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype, copy=False)


GALLERY: dict[str, tuple[Callable, Callable]] = {
    "linear": (linear, linear_derivative),
    "step": (step, step_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "ReLU": (relu, relu_derivative),
    "leaky ReLU": (leaky_relu, leaky_relu_derivative),
    "ELU": (elu, elu_derivative),
}


def gallery_columns(xs=(-3.0, -1.0, 0.0, 1.0, 3.0)) -> dict[str, list]:
    """Each activation's value and derivative at a few inputs: columns 'activation', then f(x), f'(x)."""
    xs = np.asarray(xs, dtype=float)
    columns: dict[str, list] = {"activation": []}
    for x in xs:
        columns[f"f({x:g})"] = []
    for x in xs:
        columns[f"f'({x:g})"] = []
    for name, (f, df) in GALLERY.items():
        columns["activation"].append(name)
        for x, v in zip(xs, f(xs)):
            columns[f"f({x:g})"].append(float(v))
        for x, v in zip(xs, df(xs)):
            columns[f"f'({x:g})"].append(float(v))
    return columns


def draw_gallery(fig: Figure, x_range: tuple[float, float] = (-4.0, 4.0)) -> str:
    """Plot every activation (solid) and its derivative (dashed), one small panel each.

    Returns each derivative's largest value on the plotted range.
    """
    xs = np.linspace(*x_range, 801)
    axes = fig.subplots(2, 4, sharex=True, gridspec_kw={"hspace": 0.45, "wspace": 0.4, "left": 0.07,
                                                        "right": 0.98, "top": 0.9, "bottom": 0.1})
    lines = []
    for ax, (name, (f, df)) in zip(axes.flat, GALLERY.items()):
        ax.axhline(0, color="0.8", linewidth=0.8)
        ax.axvline(0, color="0.8", linewidth=0.8)
        values = f(xs)
        if name == "step":  # draw the jump as a jump, not as a steep line
            values = np.where(np.isclose(xs, 0), np.nan, values)
        ax.plot(xs, values, color="tab:blue", label="f(x)")
        ax.plot(xs, df(xs), color="tab:orange", linestyle="--", label="f′(x)")
        ax.set(title=name, ylim=(-1.6, 3.1), xlabel="x", ylabel="f(x), f′(x)")
        lines.append(f"{name}: max f′ = {df(xs).max():.4f}")
    axes[0, 0].legend(loc="upper left", fontsize="small")
    last = axes.flat[-1]
    last.axis("off")
    last.text(0.05, 0.5, "solid: activation f(x)\ndashed: derivative f′(x)\nleaky ReLU: max(0.1·x, x)\n"
              "ELU: α = 1", fontsize="medium", va="center", ha="left", transform=last.transAxes)
    fig.suptitle("Activation functions and their derivatives")
    return "\n".join(lines)
