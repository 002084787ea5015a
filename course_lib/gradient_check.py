"""Check a gradient by finite differences (수치 미분): the safety net of every hand-derived derivative.

A derivative written out by hand (or by backpropagation) can be wrong in a sign, a factor of 2
or a missing term. A finite difference needs no calculus at all: nudge one parameter by a tiny
``h``, see how much the function changes, divide by ``h``. The slides' forward difference has an
error that shrinks like h, the central difference one that shrinks like h², so the central one does
the checking, for one number or for every entry of an array of parameters; when it agrees with the
derived gradient to many digits (the relative error, as cs231n measures it), the derivation is right.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

DEFAULT_H = 1e-5


def forward_difference(f: Callable[[float], float], x: float, h: float) -> float:
    """The slope of the secant from x to x + h, (f(x + h) − f(x)) / h, as the slides write it (seed 004)."""
    return (f(x + h) - f(x)) / h


def central_difference(f: Callable[[float], float], x: float, h: float) -> float:
    """The slope of the secant from x − h to x + h: (f(x + h) − f(x − h)) / 2h."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], params, h: float = DEFAULT_H) -> np.ndarray:
    """The gradient of ``f`` at ``params`` by central differences, one parameter at a time.

    ``f`` takes an array shaped like ``params`` and returns one number. The result has the
    shape of ``params``; entry i is (f(params + h·eᵢ) − f(params − h·eᵢ)) / 2h.
    ``params`` itself is never changed.
    """
    point = np.array(params, dtype=float)  # a copy: the caller's array stays as it was
    gradient = np.zeros_like(point)
    for index in np.ndindex(point.shape):
        original = point[index]
        point[index] = original + h
        above = float(f(point))
        point[index] = original - h
        below = float(f(point))
        point[index] = original
        gradient[index] = (above - below) / (2 * h)
    return gradient


def relative_error(a, b) -> float:
    """The largest relative difference |a − b| / (|a| + |b|) over all entries (cs231n's check).

    0 means identical; ~1e-7 or less means a gradient is right; ~1e-2 or more means it is wrong.
    Entries where both are (almost) zero count as agreeing.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)), initial=0.0))
