"""Exercise 01's steps: predictions, the MSE by loop and with NumPy, RMSE, the best line, a grid search.

Each step checks the student's answer against `course_lib.linear_fit` on fresh copies of the
slides' data, and names the usual mistakes (slope and intercept swapped, a sum for a mean, the
square root forgotten or added, an argument ignored).
"""

from __future__ import annotations

import numpy as np

from .. import checks, data, linear_fit
from . import steps_of

step = steps_of("01_linear_fit_mse")
M0, B0 = -1.0, 5.0  # the slides' first guess


def two_points() -> tuple[np.ndarray, np.ndarray]:
    """The slides' data (x, y) = (1, 3), (2, 5), as fresh float arrays."""
    points = data.load_table("line_two_points")
    return points["x"].astype(float), points["y"].astype(float)


def six_points() -> tuple[np.ndarray, np.ndarray]:
    """The six points of the optimizer slides, x = 0..5, as fresh float arrays."""
    points = data.load_table("regression_six_points")
    return points["x"].astype(float), points["y"].astype(float)


def _mse_mistakes(square_root: bool = False) -> dict:
    """What the usual slips in an MSE (or RMSE) function return, for any (x, y, m, b)."""
    def errors(x, y, m, b):
        return np.asarray(y, float) - (m * np.asarray(x, float) + b)

    finish = np.sqrt if square_root else (lambda v: v)
    mistakes = {
        "you added up the squared errors but did not divide by the number of points":
            lambda x, y, m, b: finish(np.sum(errors(x, y, m, b) ** 2)),
        "the errors were not squared, so positive and negative errors cancel out":
            lambda x, y, m, b: finish(np.mean(errors(x, y, m, b))),
        "you averaged |y − ŷ| (the mean absolute error) rather than (y − ŷ)²":
            lambda x, y, m, b: finish(np.mean(np.abs(errors(x, y, m, b)))),
        "you squared the mean error, (mean of y − ŷ)², not the mean of the squared errors":
            lambda x, y, m, b: finish(np.mean(errors(x, y, m, b)) ** 2),
        "you divided by n − 1 rather than by the number of points n":
            lambda x, y, m, b: finish(np.sum(errors(x, y, m, b) ** 2) / (len(x) - 1)),
        "you used the notebook's m = −1, b = 5 instead of the function's arguments m and b":
            lambda x, y, m, b: finish(np.mean(errors(x, y, M0, B0) ** 2)),
        "the slope and the intercept are swapped: ŷ = m·x + b, with m multiplying x":
            lambda x, y, m, b: finish(np.mean(errors(x, y, b, m) ** 2)),
        "only the first point was counted (a `return` inside the loop?)":
            lambda x, y, m, b: finish(errors(x, y, m, b)[0] ** 2 / len(x)),
    }
    if square_root:
        mistakes["you returned the MSE: the RMSE is its square root"] = \
            lambda x, y, m, b: np.mean(errors(x, y, m, b) ** 2)
        mistakes["you averaged the square roots of the squared errors (that is the mean absolute error)"] = \
            lambda x, y, m, b: np.mean(np.sqrt(errors(x, y, m, b) ** 2))
        mistakes["`** 1/2` is read as `(… ** 1) / 2`, half the MSE: a square root is `** 0.5` or np.sqrt"] = \
            lambda x, y, m, b: np.mean(errors(x, y, m, b) ** 2) / 2
    else:
        mistakes["you took the square root: that is the RMSE (step 4), not the MSE"] = \
            lambda x, y, m, b: np.sqrt(np.mean(errors(x, y, m, b) ** 2))
    return mistakes


def _array_cases() -> list[tuple]:
    x, y = two_points()
    x6, y6 = six_points()
    return [(x, y, M0, B0), (x, y, 2.0, 1.0), (x6, y6, 0.2, 0.0), (x6, y6, 0.9, -0.3)]


@step
def predictions(y_hat) -> None:
    """ŷ = m·x + b at m = −1, b = 5 for both points, as one NumPy array."""
    x, y = two_points()
    checks.check_value("y_hat", y_hat, linear_fit.predict(x, M0, B0), mistakes={
        "the slope and the intercept are swapped: the slope m multiplies x, the intercept b is added":
            linear_fit.predict(x, B0, M0),
        "these are the errors y − ŷ, not the predictions ŷ": y - linear_fit.predict(x, M0, B0),
        "these are the labels y, not the line's predictions": y,
    })


@step
def get_mse(func) -> None:
    """``get_mse(data, m, b)`` on a list of (x, y) pairs, with a loop, as on the slide."""
    mistakes = {what: _on_pairs(wrong) for what, wrong in _mse_mistakes().items()}
    cases = [(list(zip(x.tolist(), y.tolist())), m, b) for x, y, m, b in _array_cases()]
    checks.check_function(func, lambda pairs, m, b: linear_fit.mse(*_pairs_to_y_and_y_hat(pairs, m, b)),
                          cases, mistakes=mistakes)


def _on_pairs(mistake):
    """A mistake written for arrays x, y, applied to a list of (x, y) pairs."""
    return lambda pairs, m, b: mistake(*np.array(pairs, dtype=float).T, m, b)


def _pairs_to_y_and_y_hat(pairs, m, b) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = np.array(pairs, dtype=float).T
    return ys, linear_fit.predict(xs, m, b)


@step
def mse(func) -> None:
    """``mse(x, y, m, b)`` on arrays, with NumPy and no loop; one number."""
    checks.check_function(func, lambda x, y, m, b: linear_fit.mse(y, linear_fit.predict(x, m, b)),
                          _array_cases(), mistakes=_mse_mistakes(), no_loop=True)


@step
def rmse(func) -> None:
    """``rmse(x, y, m, b)``: the square root of the MSE, in the units of y."""
    checks.check_function(func, lambda x, y, m, b: linear_fit.rmse(y, linear_fit.predict(x, m, b)),
                          _array_cases(), mistakes=_mse_mistakes(square_root=True))


@step
def best_line(best_m, best_b) -> None:
    """The slope and intercept of the line with the lowest MSE on the two points."""
    x, y = two_points()
    expected = linear_fit.best_line(x, y)
    checks.check_value("(best_m, best_b)", (best_m, best_b), expected, names=("best_m", "best_b"), mistakes={
        "the slope is run over rise (Δx/Δy); the slope is rise over run, Δy/Δx": (0.5, 3 - 0.5 * 1),
        "best_m and best_b are swapped": expected[::-1],
        "the slope is right, but b must make the line pass through a point: b = y − m·x": (expected[0], 3.0),
    })


LINE_CHOICES = {
    "yes": "no straight line passes through all six points: the slope between neighbouring points "
           "changes from pair to pair, so every line misses some point and the MSE stays above 0.",
    "no": "right: the slopes between neighbouring points differ, so no line passes through all six "
          "points and even the best line has an MSE above 0. Two points can always be joined; more "
          "points in general cannot.",
}


@step
def zero_on_six(answer) -> None:
    """Predict: can some line reach MSE = 0 on the six points? ("yes" or "no")."""
    checks.check_choice("zero_on_six", answer, LINE_CHOICES, right="no")


def grid_reference(x, y, ms, bs) -> tuple[float, float, float]:
    """The (m, b, MSE) with the lowest MSE over every pair of the grid ``ms`` × ``bs``."""
    surface = linear_fit.mse_surface(np.asarray(x, float), np.asarray(y, float), np.asarray(ms, float),
                                     np.asarray(bs, float))  # rows: b, columns: m
    row, column = np.unravel_index(np.argmin(surface), surface.shape)
    return float(ms[column]), float(bs[row]), float(surface[row, column])


@step
def grid_search(func) -> None:
    """``grid_search(x, y, ms, bs)`` returns (m, b, mse) of the lowest MSE over the grid."""
    x, y = two_points()
    x6, y6 = six_points()
    ms, bs = np.linspace(-1.0, 3.0, 41), np.linspace(-1.0, 5.0, 61)
    small_ms, small_bs = np.array([0.0, 0.5, 1.0]), np.array([-0.5, 0.0, 0.5, 1.0])

    def largest(x, y, ms, bs):
        surface = linear_fit.mse_surface(x, y, ms, bs)
        row, column = np.unravel_index(np.argmax(surface), surface.shape)
        return float(ms[column]), float(bs[row]), float(surface[row, column])

    def swapped(x, y, ms, bs):
        m, b, value = grid_reference(x, y, ms, bs)
        return b, m, value

    def indices(x, y, ms, bs):
        surface = linear_fit.mse_surface(x, y, ms, bs)
        row, column = np.unravel_index(np.argmin(surface), surface.shape)
        return float(column), float(row), float(surface[row, column])

    checks.check_function(func, grid_reference, [(x, y, ms, bs), (x6, y6, ms, bs), (x6, y6, small_ms, small_bs)],
                          names=("m", "b", "mse"), rtol=1e-6, atol=1e-9, mistakes={
                              "you kept the largest MSE, not the smallest (a > where < belongs)": largest,
                              "m and b are swapped in what you return: return (m, b, mse)": swapped,
                              "you returned the positions in the grid, not the values ms[i] and bs[j]": indices,
                          })
