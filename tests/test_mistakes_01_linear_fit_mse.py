"""Exercise 01's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

import numpy as np
import pytest
from mistakes import caught, waits_for

from course_lib.exercises import linear_fit_mse as ex

X, Y = ex.two_points()


def get_mse_without_mean(data, m, b):
    return sum((y - (m * x + b)) ** 2 for x, y in data)


def get_mse_return_in_loop(data, m, b):
    total = 0
    for x, y in data:
        total += (y - (m * x + b)) ** 2
        return total / len(data)


def get_mse_with_globals(data, m_, b_):
    return sum((y - (-1.0 * x + 5.0)) ** 2 for x, y in data) / len(data)


def get_mse_popping(data, m, b):
    total, n = 0.0, len(data)
    while data:
        x, y = data.pop()
        total += (y - (m * x + b)) ** 2
    return total / n


def mse_with_a_loop(x, y, m, b):
    return sum((yi - (m * xi + b)) ** 2 for xi, yi in zip(x, y)) / len(x)


@pytest.mark.parametrize("step, answer, words", [
    (ex.predictions, (5 * X - 1,), "slope and the intercept are swapped"),
    (ex.predictions, (Y - (-X + 5),), "errors y − ŷ, not the predictions"),
    (ex.predictions, ([4.0, 3.0],), "Python list, but a NumPy array"),
    (ex.predictions, (np.array([[4.0], [3.0]]),), "has shape (2, 1)"),
    (ex.get_mse, (get_mse_without_mean,), "did not divide by the number of points"),
    (ex.get_mse, (get_mse_return_in_loop,), "only the first point was counted"),
    (ex.get_mse, (get_mse_with_globals,), "instead of the function's arguments m and b"),
    (ex.get_mse, (get_mse_popping,), "changed its input `data` in place"),
    (ex.get_mse, (lambda data, m, b: sum(abs(y - m * x - b) for x, y in data) / len(data),), "mean absolute error"),
    (ex.mse, (lambda x, y, m, b: np.mean(y - (m * x + b)) ** 2,), "squared the mean error"),
    (ex.mse, (lambda x, y, m, b: np.mean(y - (m * x + b)),), "were not squared"),
    (ex.mse, (lambda x, y, m, b: (y - (m * x + b)) ** 2,), "but a single number was expected"),
    (ex.mse, (lambda x, y, m, b: np.sqrt(np.mean((y - (m * x + b)) ** 2)),), "that is the RMSE"),
    (ex.mse, (lambda x, y, m, b: np.mean((y - (b * x + m)) ** 2),), "slope and the intercept are swapped"),
    (ex.mse, (lambda x, y, m, b: np.sum((y - (m * x + b)) ** 2) / (len(x) - 1),), "divided by n − 1"),
    (ex.mse, (lambda x, y, m, b: np.mean((y - (m * x + b)) ** 2, axis=0, keepdims=True),), "the number itself"),
    (ex.rmse, (lambda x, y, m, b: np.mean((y - (m * x + b)) ** 2),), "RMSE is its square root"),
    (ex.rmse, (lambda x, y, m, b: np.mean(np.sqrt((y - (m * x + b)) ** 2)),), "mean absolute error"),
    (ex.rmse, (lambda x, y, m, b: np.sqrt(np.sum((y - (m * x + b)) ** 2)),), "did not divide"),
    (ex.rmse, (lambda x, y, m, b: np.mean((y - (m * x + b)) ** 2) ** 1/2,), "`** 1/2` is read as"),
    (ex.rmse, (lambda x, y, m, b: round(float(np.sqrt(np.mean((y - (m * x + b)) ** 2))), 4),), "was rounded"),
    (ex.mse, (mse_with_a_loop,), "with a loop"),
    (ex.mse, (lambda x, y, m, b: np.mean((y - (m * x + b)) ^ 2),), "`^` is bitwise XOR"),
    (ex.grid_search, (lambda x, y, ms, bs: tuple(reversed(ex.grid_reference(x, y, ms, bs))),), "in the wrong order"),
    (ex.best_line, (0.5, 2.5), "rise over run"),
    (ex.best_line, (1.0, 2.0), "swapped"),
    (ex.best_line, (2.0, 3.0), "b = y − m·x"),
    (ex.best_line, (-1.0, 5.0), "best_m is -1, but 2 was expected"),
    (ex.zero_on_six, ("yes",), "no straight line passes through all six points"),
    (ex.zero_on_six, ("maybe",), "answer with one of 'yes', 'no'"),
    (ex.grid_search, (lambda x, y, ms, bs: max((ex.grid_reference(x, y, [m], [b]) for m in ms for b in bs),
                                               key=lambda t: t[2]),), "largest MSE"),
    (ex.grid_search, (lambda x, y, ms, bs: ex.grid_reference(x, y, ms, bs)[1::-1]
                      + (ex.grid_reference(x, y, ms, bs)[2],),),
     "m and b are swapped"),
    (ex.grid_search, (lambda x, y, ms, bs: ex.grid_reference(x, y, ms, bs)[:2],), "has 2 items, but 3"),
])
def test_each_mistake_is_named(step, answer, words):
    assert words in caught(step, *answer)


def test_right_answers_written_differently_pass():
    ex.predictions.check(np.array([-1.0 * xi + 5.0 for xi in X]))
    ex.get_mse.check(lambda data, m, b: np.mean([(y - m * x - b) ** 2 for x, y in data]))
    ex.mse.check(lambda x, y, m, b: np.dot(y - m * x - b, y - m * x - b) / len(x))
    ex.mse.check(lambda x, y, m, b: np.average(np.square(np.subtract(y, np.multiply(m, x) + b))))
    ex.rmse.check(lambda x, y, m, b: np.linalg.norm(y - m * x - b) / np.sqrt(len(x)))
    ex.best_line.check(np.float64(2), 1)
    for answer in ("no", "No", " NO ", False):
        ex.zero_on_six.check(answer)

    def grid(x, y, ms, bs):
        table = np.array([[np.mean((y - m * x - b) ** 2) for b in bs] for m in ms])
        i, j = np.unravel_index(table.argmin(), table.shape)
        return ms[i], bs[j], table[i, j]

    ex.grid_search.check(grid)


def test_unfinished_steps_say_so():
    waits_for(ex.mse)


def test_a_check_leaves_the_students_data_alone():
    data = [(1.0, 3.0), (2.0, 5.0)]
    before = list(data)
    ex.get_mse.check(lambda d, m, b: sum((y - m * x - b) ** 2 for x, y in d) / len(d))
    assert data == before


def mse(x, y, m, b):
    """A student's mse with a slip (summed, not averaged), called by their right rmse below."""
    return np.sum((y - (m * x + b)) ** 2)


def rmse(x, y, m, b):
    return np.sqrt(mse(x, y, m, b))


def test_a_later_step_names_the_earlier_function_it_calls_when_that_one_is_wrong(monkeypatch):
    import course_lib.exercises as steps

    monkeypatch.setattr(steps, "notebook_namespace", lambda: {"mse": mse, "rmse": rmse})
    message = caught(ex.rmse, rmse)
    assert "your `rmse` calls your `mse`, which is not right yet" in message
    assert "did not divide by the number of points" in message and "ex.mse.check(mse)" in message
