"""Exercise 03's steps: the first row by hand, step, predict, the perceptron rule, training, the decision line.

Each step checks the student's answer against `course_lib.perceptron` on fresh copies of the
slides' weather table, and names the usual slips: ≥ for >, True/False for 1/0, ŷ − y for y − ŷ,
a bias left alone or moved by x, the learning rate ignored, the notebook's X, w0, b0 used for the
arguments, new w returned without new b, an integer copy of integer weights, a batch update where
the rule goes row by row, epochs counted off by one or a stop before the clean epoch, the decision
line's signs or its division by w₁ for w₂. The prediction steps (the side of the line that means
rain, and whether α changes the forecasts from a zero start) compute their right answer from the
lesson library, not from a typed constant. On this data z can be 0 in exact arithmetic and round to
either side of it, so every check that depends on z accepts the result of each common order of the
sum (``SUM_ORDERS``), and names a mistake that explains every case in one of them.
"""

from __future__ import annotations

import contextlib
import io
from fractions import Fraction

import numpy as np

from .. import checks, data, perceptron as pc
from . import steps_of

exercise_step = steps_of("03_perceptron")  # not `step`: that is a step of this exercise
TOMORROW = (0.7, 0.5)  # tomorrow morning: cloud x₁, wind x₂
ZERO_START_RATES = (0.1, 1.0)  # the two learning rates of the prediction step, both from w = 0, b = 0
NOT_SEPARABLE = (np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]), np.array([0, 0, 1, 1]))  # XOR


def weather() -> tuple[np.ndarray, np.ndarray]:
    """The slides' weather table as fresh arrays: X (7, 2) = cloud, wind per morning; Y (7,) = rain 1/0."""
    table = data.load_table("weather")
    return np.column_stack([table["cloud"], table["wind"]]).astype(float), np.asarray(table["rain"]).astype(int)


def start() -> tuple[np.ndarray, float, float]:
    """The lesson's start (w₀, b₀) and learning rate α, w₀ as a fresh array."""
    return np.array(pc.DEFAULT_W, dtype=float), float(pc.DEFAULT_B), float(pc.DEFAULT_LEARNING_RATE)


def tomorrow() -> np.ndarray:
    """Tomorrow morning as one row, shape (1, 2)."""
    return np.array([TOMORROW])


def trained(X=None, Y=None, w=None, b=None, learning_rate=None, max_epochs: int = 100) -> tuple[np.ndarray, float, int]:
    """The lesson's training, row by row until a clean epoch: (w, b, epochs run); defaults: the exercise's run."""
    X0, Y0 = weather()
    w0, b0, lr0 = start()
    X, Y = (X0, Y0) if X is None else (X, Y)
    w, b = (w0 if w is None else w), (b0 if b is None else b)
    trace = pc.train_trace(X, Y, w, b, lr0 if learning_rate is None else learning_rate, max_epochs=max_epochs)
    w_end, b_end = pc.weights_after(trace, len(trace["row"]), w, b)
    return w_end, float(b_end), len(pc.mistakes_per_epoch(trace))


# --- shared guards --------------------------------------------------------------------------------

def _an_array_of_numbers(name: str, value) -> None:
    """Stop with a clear message when ŷ for an array came back as a list, or as True/False."""
    if isinstance(value, (list, tuple)):
        raise checks.failure(f"{name} is a Python {type(value).__name__}, but a NumPy array was expected: "
                             "work on the whole array with NumPy operations, which return an array.")
    _no_booleans(name, value)


def _no_booleans(name: str, value) -> None:
    """Stop with a clear message when ŷ came back as True/False instead of the numbers 1/0."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == bool):
        raise checks.failure(f"{name} holds True/False, but the perceptron answers with the numbers 1 and 0: "
                             "a comparison gives booleans; turn them into the integers 1 and 0 "
                             "(arithmetic such as y − ŷ on booleans goes wrong).")


def _first_result(func, args: tuple):
    """The student's function on copies of ``args`` (a friendly ❌ if it stops), to inspect its type."""
    if not callable(func):
        raise checks.failure(f"expected a function to check, got {checks.describe(func)}.")
    return checks.call_student(func, f"{checks.function_name(func)}(...)",
                               tuple(np.copy(a) if isinstance(a, np.ndarray) else a for a in args))


# --- the order of the sum z = w₁x₁ + w₂x₂ + b ------------------------------------------------------
# Floating-point addition is not associative: on the slides' data z can be 0 exactly in exact
# arithmetic and still come out as +5.6e-17 or 0.0, depending on the order of the additions, and
# then ŷ flips. The lesson fixes one order (`pc.weighted_sum`); a student's `x @ w + b` is as right.
# So every check that depends on z is run with the lesson's functions summing in each order below,
# and passes when the student's results match one of them.

def _terms_then_b(x, w, b):
    """z = (w₁x₁ + w₂x₂ + …) + b: `x @ w + b`, `np.dot(x, w) + b`, `w[0]*x[0] + w[1]*x[1] + b`."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    z = x[..., 0] * w[0]
    for i in range(1, x.shape[-1]):
        z = z + x[..., i] * w[i]
    z = z + float(b)
    return float(z) if np.ndim(z) == 0 else z


def _rowwise(x, w, b, one_row):
    """``one_row(row, w, b)`` for one sample x (k,) or each row of x (n, k)."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    z = np.array([one_row(row, w, float(b)) for row in x.reshape(-1, x.shape[-1])]).reshape(x.shape[:-1])
    return float(z) if z.ndim == 0 else z


def _fused(first: int):
    """z as BLAS may compute X @ w (one fused multiply-add: x_first·w_first added to the other product
    unrounded), then + b."""
    def one_row(row, w, b):
        if len(row) != 2:
            return _terms_then_b(row, w, b)
        other = 1 - first
        return float(Fraction(row[first]) * Fraction(w[first]) + Fraction(row[other] * w[other])) + b
    return lambda x, w, b: _rowwise(x, w, b, one_row)


def _exact(x, w, b):
    """z in exact arithmetic on the numbers as printed (0.4, not the float nearest to it), rounded once."""
    def decimal(v) -> Fraction:
        return Fraction(repr(float(v)))
    return _rowwise(x, w, b, lambda row, w, b: float(sum(decimal(v) * decimal(u) for v, u in zip(row, w))
                                                    + decimal(b)))


SUM_ORDERS = {
    "b first, then each wᵢxᵢ (the lesson's weighted_sum)": pc.weighted_sum,
    "the products first, then b (x @ w + b, np.dot(x, w) + b, w[0]*x[0] + w[1]*x[1] + b)": _terms_then_b,
    "a fused multiply-add, as BLAS may do inside X @ w (x₁w₁ first)": _fused(0),
    "a fused multiply-add, as BLAS may do inside X @ w (x₂w₂ first)": _fused(1),
    "exact arithmetic": _exact,  # what rounding z to ~12 decimals before the step gives
}


@contextlib.contextmanager
def summed_as(order: str):
    """The lesson's functions (predict, perceptron_update, train_trace, …) summing z in ``order``, for a while."""
    lesson_sum = pc.weighted_sum
    pc.weighted_sum = SUM_ORDERS[order]
    try:
        yield
    finally:
        pc.weighted_sum = lesson_sum


def _in_any_order(run, note=None) -> None:
    """Run a check once per summation order; pass if one order passes (printing its ✅ and ``note()``).

    If none passes, the failure shown is the lesson order's when it names the mistake, else the first
    that does (a diagnosis true for one consistent order), else the lesson order's.
    """
    failures = []
    for order in SUM_ORDERS:
        out = io.StringIO()
        try:
            with summed_as(order), contextlib.redirect_stdout(out):
                run()
        except checks.CheckFailed as failed:
            failures.append(failed)
            continue
        print(out.getvalue(), end="")
        text = note() if note else None
        if text:
            print(f"   {text}")
        return
    raise next((f for f in failures if "🔎 It looks like" in str(f)), failures[0])


def y_hat_in_each_order(x, w, b) -> dict[str, tuple[float, int]]:
    """order → (z, ŷ) of one sample: they differ only where z is 0 in exact arithmetic (or very near it)."""
    return {order: (z, pc.step(z)) for order, z in ((o, f(x, w, b)) for o, f in SUM_ORDERS.items())}


def _boundary_note(func) -> str | None:
    """A short ✅ note when the student's update differs from the lesson's on a case z = 0 only up to rounding."""
    notes = []
    for case in _update_cases():
        w, b, x, _, _ = case
        if len({y_hat for _, y_hat in y_hat_in_each_order(x, w, b).values()}) == 1:
            continue
        try:
            got = func(*(np.copy(a) if isinstance(a, np.ndarray) else a for a in case))
        except Exception:
            continue
        if checks.explain_mismatch(got, update_reference(*case)):
            notes.append(f"on x = {np.asarray(x).tolist()} with w = {np.round(w, 6).tolist()}, b = {b:g}, z is 0 in "
                         "exact arithmetic and your order of the sum rounded it to the other side of 0 from the "
                         "lesson's, so your answer there differs from the lesson's and was accepted")
    return ("Note: " + "; ".join(notes) + ".") if notes else None


# --- steps ----------------------------------------------------------------------------------------

def end_weights() -> tuple[np.ndarray, float]:
    """(w, b) at the end of the exercise's training, w as a fresh array: step 1's second perceptron."""
    w, b, _ = trained()
    return w, b


def _first_row_answers(z_of=None, y_hat_of=None) -> tuple:
    """(z1, y_hat1, z1_end, y_hat1_end) for morning 1, with a slip in z (``z_of(x, w, b, X)``) or in ŷ."""
    X, Y = weather()
    z_of = z_of or (lambda x, w, b, X: pc.weighted_sum(x, w, b))
    y_hat_of = y_hat_of or (lambda z, Y: pc.step(z))
    answers = []
    for w, b in (start()[:2], end_weights()):
        z = z_of(X[0], w, b, X)
        answers += [z, y_hat_of(z, Y)]
    return tuple(answers)


def _first_row_mistakes() -> dict:
    X, _ = weather()
    rows = {f"z was computed from row {k + 1} (X[{k}]): morning 1 is the first row, X[0]":
            _first_row_answers(lambda x, w, b, X, k=k: pc.weighted_sum(X[k], w, b))
            for k in range(1, len(X)) if not np.array_equal(X[k], X[0])}
    return {
        "the bias is missing from z: z = w₁x₁ + w₂x₂ + b":
            _first_row_answers(lambda x, w, b, X: pc.weighted_sum(x, w, 0.0)),
        "the bias was subtracted: z = w₁x₁ + w₂x₂ + b, with + b":
            _first_row_answers(lambda x, w, b, X: pc.weighted_sum(x, w, -b)),
        "z is the bias alone: the weighted inputs w₁x₁ + w₂x₂ are missing (with w0 = (0, 0) they add 0, "
        "with the trained weights they do not)": _first_row_answers(lambda x, w, b, X: float(b)),
        "the weights are reversed: w₁ goes with cloud x₁, w₂ with wind x₂":
            _first_row_answers(lambda x, w, b, X: pc.weighted_sum(x, np.asarray(w)[::-1], b)),
        **rows,
        "each y_hat is row 1's label y (it rained), not the perceptron's answer ŷ":
            _first_row_answers(y_hat_of=lambda z, Y: int(Y[0])),
        "each y_hat is its z itself: ŷ is the step of z, 1 if z > 0 else 0":
            _first_row_answers(y_hat_of=lambda z, Y: z),
    }


@exercise_step
def first_row(z1, y_hat1, z1_end=None, y_hat1_end=None) -> None:
    """z and ŷ of morning 1, with the starting weights (z1, y_hat1) and with the trained ones (z1_end, y_hat1_end)."""
    if z1_end is None or y_hat1_end is None:
        raise checks.failure("this check takes four answers: "
                             "`ex.first_row.check(z1, y_hat1, z1_end, y_hat1_end)`.")
    for name, value in (("y_hat1", y_hat1), ("y_hat1_end", y_hat1_end)):
        _no_booleans(name, value)
    _in_any_order(lambda: checks.check_value(
        "(z1, y_hat1, z1_end, y_hat1_end)", (z1, y_hat1, z1_end, y_hat1_end), _first_row_answers(),
        names=("z1", "y_hat1", "z1_end", "y_hat1_end"), mistakes=_first_row_mistakes()))


def _step_mistakes() -> dict:
    return {
        "z = 0 gave 1: the step is 1 only where z is strictly greater than 0 (> rather than ≥)":
            lambda z: (np.asarray(z) >= 0).astype(int),
        "you used the sign of z: negative z must give 0, not −1": lambda z: np.sign(z),
        "you kept positive z as they are (that is ReLU, max(0, z)): the step gives exactly 1 there":
            lambda z: np.maximum(z, 0),
        "the 1s and 0s are swapped: 1 where z > 0, 0 elsewhere": lambda z: (np.asarray(z) <= 0).astype(int),
        "the comparison is flipped: `z < 0` gives 1 for the negative z; the step is 1 where z > 0":
            lambda z: (np.asarray(z) < 0).astype(int),
    }


@exercise_step
def step(func) -> None:
    """``step(z)`` for an array z of any shape: 1 where z > 0, else 0, as integers, same shape; no loop."""
    cases = [np.array([-1.0, 0.0, 0.5]), np.array([[2.0, -0.1], [0.0, 1e-9]]), np.array([-2, 0, 3]),
             np.array([-0.3, -1e-12, 0.0, 7.5, -4.0, 0.25])]

    def run():
        _an_array_of_numbers("step(z)", _first_result(func, (cases[0],)))
        checks.check_function(func, pc.step, cases, mistakes=_step_mistakes(), no_loop=True)
    run()


def _predict_cases() -> list[tuple]:
    X, _ = weather()
    w0, b0, _ = start()
    return [(tomorrow(), np.array([0.3, 0.5]), -0.4),  # one row first: a predict that uses the notebook's X shows
            (X, w0, b0), (X, np.array([0.4, 0.42]), -0.4), (X, np.array([1.0, -1.0]), 0.05),
            (X, np.array([0.0, 0.0]), 0.0), (X[2:5], np.array([0.5, 0.5]), -0.6)]


@exercise_step
def predict(func) -> None:
    """``predict(X, w, b)``: ŷ for every row of X (n, 2) at once, an integer array of shape (n,)."""
    w0, b0, _ = start()
    X_table, _ = weather()
    mistakes = {
        "the bias b is missing: z = X·w + b for every row": lambda X, w, b: pc.step(X @ w),
        "you returned z, not ŷ = step(z)": lambda X, w, b: pc.weighted_sum(X, w, b),
        "X * w multiplies elementwise (shape (n, 2)): each row's z is the *sum* of its weighted inputs":
            lambda X, w, b: pc.step(X * w + b),
        "you used the notebook's w0, b0 instead of the arguments w and b": lambda X, w, b: pc.predict(X, w0, b0),
        f"predict ignored its argument and used the notebook's X (all {len(X_table)} mornings): work on the "
        "X it is given, whatever that argument is called": lambda X, w, b: pc.predict(X_table, w, b),
        "the bias was subtracted: z = X·w + b": lambda X, w, b: pc.predict(X, w, -b),
        "the weights are reversed: w₁ goes with cloud (column 0), w₂ with wind (column 1)":
            lambda X, w, b: pc.predict(X, np.asarray(w)[::-1], b),
        **{what: (lambda X, w, b, wrong=wrong: wrong(pc.weighted_sum(X, w, b)))
           for what, wrong in _step_mistakes().items()},
    }

    def run():
        _an_array_of_numbers("predict(X, w, b)", _first_result(func, _predict_cases()[0]))
        checks.check_function(func, pc.predict, _predict_cases(), mistakes=mistakes, no_loop=True)
    _in_any_order(run)


def _update_cases() -> list[tuple]:
    """Float weights: a missed rain, false alarms, a right answer (no change), z = 0 (ŷ = 0), z = 0 up to rounding."""
    X, Y = weather()
    w0, b0, alpha = start()
    return [(w0, b0, X[0], int(Y[0]), alpha),                      # a missed rainy morning
            (np.array([0.5, 0.5]), 0.0, X[2], int(Y[2]), 0.2),      # a false alarm
            (np.array([0.4, 0.42]), -0.4, X[5], int(Y[5]), 0.1),    # right: nothing changes
            (np.array([0.0, 0.0]), 0.0, X[1], int(Y[1]), 0.5),      # z = 0 exactly: ŷ = 0
            (np.array([1.0, 0.0]), 0.0, X[3], int(Y[3]), 0.25),     # a false alarm, the next case in floats
            (*on_the_line(), X[0], int(Y[0]), alpha)]                # z = 0 in exact arithmetic: rounding decides


def on_the_line() -> tuple[np.ndarray, float]:
    """(w, b) after morning 1 from the lesson's start with α = 0.5: morning 1 then lies exactly on their line.

    z = w₁x₁ + w₂x₂ + b is 0 in exact arithmetic; in floating point it is 0.0 or a few 1e-17 depending
    on the order of the additions, so ŷ depends on rounding (see ``SUM_ORDERS``).
    """
    X, Y = weather()
    w0, b0, _ = start()
    with summed_as("exact arithmetic"):
        return update_reference(w0, b0, X[0], int(Y[0]), 0.5)


def _integer_update_case() -> tuple:
    """The last float case with whole-number weights and bias, as a student may well pass them."""
    X, Y = weather()
    return np.array([1, 0]), 0, X[3], int(Y[3]), 0.25


def update_reference(w, b, x, y, lr) -> tuple[np.ndarray, float]:
    """The lesson's perceptron rule on one sample, without the ŷ it returns."""
    new_w, new_b, _ = pc.perceptron_update(w, b, x, y, lr)
    return new_w, new_b


def _rule(w, b, x, y, lr, *, y_hat=None, change=None) -> tuple:
    """The rule with a slip: ``y_hat`` replaces the prediction, ``change`` the factor α·(y − ŷ)."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    y_hat = pc.predict(x, w, b) if y_hat is None else y_hat
    factor = lr * (y - y_hat) if change is None else change
    return w + factor * x, float(b) + factor


def _update_mistakes() -> dict:
    def rule(**slip):
        return lambda w, b, x, y, lr: _rule(w, b, x, y, lr, **{k: f(w, b, x, y, lr) for k, f in slip.items()})

    def error(w, b, x, y, lr):
        return y - pc.predict(x, w, b)

    return {
        "the error is ŷ − y: it is y − ŷ (a missed rain, y − ŷ = +1, must make the weights grow)":
            rule(change=lambda w, b, x, y, lr: -lr * error(w, b, x, y, lr)),
        "the bias b was not updated: it learns like a weight on an input that is always 1, b + α·(y − ŷ)":
            lambda w, b, x, y, lr: (_rule(w, b, x, y, lr)[0], float(b)),
        "the bias was moved by α·(y − ŷ)·x: its input is 1, so its change is α·(y − ŷ)":
            lambda w, b, x, y, lr: (_rule(w, b, x, y, lr)[0], b + lr * error(w, b, x, y, lr) * np.asarray(x)),
        "the learning rate lr was ignored (the change must be lr·(y − ŷ)·x)":
            rule(change=error),
        **_stale_or_label(rule),
        "z = 0 counted as rain (≥ where > belongs), so the prediction inside the rule is wrong":
            rule(y_hat=lambda w, b, x, y, lr: int(np.dot(w, x) + b >= 0)),
        "the prediction inside the rule forgot the bias (ŷ = step(w·x + b))":
            rule(y_hat=lambda w, b, x, y, lr: int(pc.weighted_sum(x, w, 0.0) > 0)),
        "each weight's change must be scaled by its own input xᵢ: wᵢ + α·(y − ŷ)·xᵢ":
            lambda w, b, x, y, lr: (np.asarray(w, float) + lr * error(w, b, x, y, lr), b + lr * error(w, b, x, y, lr)),
        "w and b are swapped in what you return: return (new w, new b)":
            lambda w, b, x, y, lr: update_reference(w, b, x, y, lr)[::-1],
        "you used the notebook's `alpha` instead of the argument `lr`: the caller chooses the learning rate":
            rule(change=lambda w, b, x, y, lr: start()[2] * error(w, b, x, y, lr)),
    }


def _stale_or_label(rule) -> dict:
    """The rule predicting with the notebook's w0, b0, and the rule using y for y − ŷ: one entry if they agree.

    The lesson's start forecasts ŷ = 0 on every morning, so with it y − ŷ is y: no case tells the two
    apart, and the message then names both (computed, not assumed).
    """
    w0, b0, _ = start()
    stale = "you used the notebook's w0, b0, not the function's arguments w, b, to predict ŷ inside the rule"
    label = "the change used the label y, not the error y − ŷ: a right answer must change nothing"
    stale_rule = rule(y_hat=lambda w, b, x, y, lr: int(pc.predict(x, w0, b0)))
    label_rule = rule(change=lambda w, b, x, y, lr: lr * y)
    if any(checks.explain_mismatch(stale_rule(*case), label_rule(*case)) for case in _update_cases()):
        return {stale: stale_rule, label: label_rule}
    return {"your change was α·y·x, as if ŷ were always 0: either you predicted ŷ with the notebook's w0, b0, "
            "not the function's arguments w, b (w0, b0 forecast 0 for every morning), or you used the label y "
            "in place of the error y − ŷ; a right answer must change nothing": stale_rule}


def _one_array_returned(func) -> None:
    """Stop with a clear message when perceptron_update returns one array (new w alone) instead of the pair."""
    case = _update_cases()[0]
    got = _first_result(func, case)
    if isinstance(got, np.ndarray):
        alone = got.shape == np.shape(case[0]) and np.allclose(got, update_reference(*case)[0])
        raise checks.failure(f"{checks.describe_call(checks.function_name(func), case, {})} returned one array, "
                             f"not the pair (new w, new b){': it is new w alone' if alone else ''}: "
                             "return both, `return new_w, new_b`.")


def _integer_trouble(func) -> str | None:
    """Why a function right on float weights fails on whole-number ones (an integer copy of w), else None."""
    case = _integer_update_case()
    call = checks.describe_call(checks.function_name(func), case, {})
    expected_w = update_reference(*case)[0]
    float_copy = "make a float copy (np.array(w, dtype=float)) and change that, or compute w + change"
    try:
        got = func(*(np.copy(a) if isinstance(a, np.ndarray) else a for a in case))
    except Exception as error:  # numpy's casting error from `+=` into an integer array
        if "Cannot cast" not in str(error):
            return None
        return (f"{call} stopped: with integer inputs the array you add into with `+=` is an integer array "
                f"(a copy of w keeps w's integer dtype), and an integer array cannot hold the fractions "
                f"of {np.round(expected_w, 6).tolist()}{checks.where_it_failed(error)}: {float_copy}.")
    new_w = got[0] if isinstance(got, (tuple, list)) and len(got) == 2 else None
    if (isinstance(new_w, np.ndarray) and np.issubdtype(new_w.dtype, np.integer) and new_w.shape == expected_w.shape
            and np.array_equal(new_w, np.trunc(expected_w))):
        return (f"{call} returned new w = {new_w.tolist()}, but {np.round(expected_w, 6).tolist()} was expected: "
                f"with integer inputs your new w is an integer array (a copy of w, or np.zeros_like(w), keeps "
                f"w's integer dtype) and the fractions are cut off when you store them in it: {float_copy}.")
    return None


@exercise_step
def perceptron_update(func) -> None:
    """``perceptron_update(w, b, x, y, lr)`` → (new w, new b) by the perceptron rule on one sample.

    The float cases come first (their ✅ is held back); then whole-number weights, where a copy of w
    is an integer array: that failure gets its own explanation.
    """
    def run(cases, quiet=False):
        with contextlib.redirect_stdout(io.StringIO()) if quiet else contextlib.nullcontext():
            checks.check_function(func, update_reference, cases, names=("new w", "new b"),
                                  mistakes=_update_mistakes())

    _one_array_returned(func)
    _in_any_order(lambda: run(_update_cases(), quiet=True))
    trouble = _integer_trouble(func)
    if trouble:
        raise checks.failure(trouble)
    _in_any_order(lambda: run([*_update_cases(), _integer_update_case()]),
                                                note=lambda: _boundary_note(func))


# --- training -------------------------------------------------------------------------------------

def _train_cases() -> list[tuple]:
    X, Y = weather()
    w0, b0, alpha = start()
    w_end, b_end = end_weights()
    return [(X, Y, w0, b0, alpha), (X, Y, w0, b0, 0.5), (X, Y, np.array([0.5, -0.5]), 0.0, 0.1),
            (X, Y, np.zeros(2), 0.0, 1.0), (*NOT_SEPARABLE, np.zeros(2), 0.0, 0.5, 5),
            (X, Y, w_end, b_end, 0.1)]  # already right on every row: the first epoch is the clean one


def _slipped_training(X, Y, w, b, lr, max_epochs=100, *, batch=False, sign=1, rate=None, bias=True,
                      count_after=False, keep=True, passes=None, stop=True, epoch_shift=0, end_shift=0,
                      stop_when_fitted=False) -> tuple:
    """Row-by-row training (as the lesson's) with one slip switched on, for naming mistakes.

    ``epoch_shift`` shifts the count returned after a clean epoch (not the max_epochs of a run without
    one), ``end_shift`` the count returned by such a run; ``stop_when_fitted`` stops after an epoch whose
    updates left every row right, before the clean epoch that would show it (so it returns one less, except
    when the start is already right).
    """
    X, Y = np.asarray(X, dtype=float), np.asarray(Y)
    w, b = np.asarray(w, dtype=float), float(b)
    lr = lr if rate is None else rate
    epoch = 0
    for epoch in range(1, (passes or max_epochs) + 1):
        if batch:  # every row predicted with the weights of the epoch's start, one update for them all
            errors = Y - pc.predict(X, w, b)
            w, b, wrong = w + lr * sign * (errors @ X), b + lr * sign * errors.sum() * bias, np.count_nonzero(errors)
        else:
            wrong = 0
            for x_i, y_i in zip(X, Y):
                error = int(y_i) - pc.predict(x_i, w, b)
                new_w, new_b = w + lr * sign * error * x_i, b + lr * sign * error * bias
                if keep:
                    w, b = new_w, new_b
                wrong += (int(y_i) != pc.predict(x_i, w, b)) if count_after else (error != 0)
        if wrong == 0 and stop:
            return w, b, epoch + epoch_shift
        if stop_when_fitted and np.array_equal(pc.predict(X, w, b), Y):
            break
    return w, b, epoch + end_shift


def _train_mistakes() -> dict:
    def slip(**options):
        return lambda X, Y, w, b, lr, max_epochs=100: _slipped_training(X, Y, w, b, lr, max_epochs, **options)

    return {
        "the whole epoch was predicted with the weights of its start and updated at once (a batch update): "
        "the rule goes row by row, each row predicted with the weights after the previous row's update":
            slip(batch=True),
        "the count is one short: the clean epoch (the pass with no mistakes) was run but not counted, or the "
        "epochs were counted from 0 — the clean pass is an epoch too, and the first pass is epoch 1":
            slip(epoch_shift=-1),
        "the epochs are counted from 0 (`range(max_epochs)` numbers them 0 to max_epochs − 1): the first pass "
        "is epoch 1, and a run without a clean epoch ran max_epochs of them": slip(epoch_shift=-1, end_shift=-1),
        "you stopped as soon as an epoch's updates left every row right, before the clean epoch: the rule "
        "stops after an epoch with no mistakes, so run that clean epoch too and count it":
            slip(stop_when_fitted=True),
        "the count of epochs is one too many: return the number of the clean epoch itself": slip(epoch_shift=1),
        "the learning rate lr was ignored (α = 0.1 was used for every run)": slip(rate=0.1),
        "the training never stopped early: stop right after the first epoch with no mistakes":
            slip(stop=False),
        "only one pass over the rows was made: repeat the passes until an epoch has no mistakes":
            slip(passes=1, stop=False),
        "mistakes were counted with the weights *after* each row's update: count the prediction made "
        "before it": slip(count_after=True),
        "the error is ŷ − y in the updates: it is y − ŷ": slip(sign=-1),
        "the bias b was never updated": slip(bias=False),
        "the new weights were not kept: assign the update's result back to w and b": slip(keep=False),
        "max_epochs was ignored: the run must stop after max_epochs epochs even without a clean one":
            lambda X, Y, w, b, lr, max_epochs=100: trained(X, Y, w, b, lr, max_epochs=100),
    }


@exercise_step
def train(func) -> None:
    """``train(X, Y, w, b, lr, max_epochs=100)`` → (w, b, epochs) row by row until an epoch has no mistakes."""
    _in_any_order(lambda: checks.check_function(
        func, trained, _train_cases(), names=("w", "b", "epochs"), mistakes=_train_mistakes()))


# --- the decision line, its rain side, the forecast -----------------------------------------------

def _after_morning_one() -> tuple[np.ndarray, float]:
    """The notebook's w1, b1: the starting weights after the rule's update on morning 1."""
    X, Y = weather()
    w0, b0, alpha = start()
    return update_reference(w0, b0, X[0], int(Y[0]), alpha)


def line_reference(w, b) -> tuple[float, float]:
    """(slope, intercept) of w₁x₁ + w₂x₂ + b = 0 written as x₂ = slope·x₁ + intercept (w₂ ≠ 0)."""
    w1, w2 = float(w[0]), float(w[1])
    return -w1 / w2, -float(b) / w2


@exercise_step
def decision_line(func, w=None, b=None) -> None:
    """``decision_line(w, b)`` → (slope, intercept); checked on the trained weights and on the student's own."""
    w_trained, b_trained, _ = trained()
    cases = [(w_trained, b_trained), (np.array([0.5, -2.0]), 0.25), (np.array([2.0, 4.0]), -3.0),
             (np.array([-0.6, 0.3]), 0.45)]
    try:
        own = (np.array(w, dtype=float).reshape(2), float(b))
        if np.all(np.isfinite(own[0])) and np.isfinite(own[1]) and abs(own[0][1]) > 1e-12:
            cases.insert(0, own)
    except (TypeError, ValueError):
        pass  # no weights of the student's own (or unusable ones): the fixed cases decide
    mistakes = {
        "the signs are flipped: moving w₁x₁ and b to the other side of = 0 makes them negative":
            lambda w, b: tuple(-v for v in line_reference(w, b)),
        "the slope's sign is flipped: moving the w₁x₁ term to the other side of the equation makes it negative":
            lambda w, b: (w[0] / w[1], line_reference(w, b)[1]),
        "the intercept's sign is flipped: moving b to the other side of the equation makes it negative":
            lambda w, b: (line_reference(w, b)[0], b / w[1]),
        "you divided by w₁: to get x₂ alone, divide by x₂'s weight w₂ (that was x₁ as a function of x₂)":
            lambda w, b: (-w[1] / w[0], -b / w[0]),
        "the slope is turned upside down (w₂ over w₁): x₂ changes by the slope when x₁ grows by 1":
            lambda w, b: (-w[1] / w[0], line_reference(w, b)[1]),
        "nothing was divided by w₂: x₂ has weight w₂, so divide the whole equation by it":
            lambda w, b: (-w[0], -b),
        "slope and intercept are swapped in what you return: return (slope, intercept)":
            lambda w, b: line_reference(w, b)[::-1],
        "decision_line gives the same line whatever w and b it is given: it uses the notebook's trained "
        "weights (step 5) instead of its arguments w and b": lambda w, b: line_reference(w_trained, b_trained),
        "decision_line gives the same line whatever w and b it is given: it uses the notebook's `w1`, `b1` "
        "(the weights after morning 1, step 4) instead of its arguments w and b":
            lambda w, b: line_reference(*_after_morning_one()),
    }
    checks.check_function(func, line_reference, cases, names=("slope", "intercept"), mistakes=mistakes)


def rain_is_above(sign: float = 1.0) -> bool:
    """Computed: is a point just above the trained line forecast as rain (with the weights times ``sign``)?"""
    w, b, _ = trained()
    slope, intercept = line_reference(w, b)
    x1 = 0.5
    return bool(pc.predict(np.array([x1, slope * x1 + intercept + 0.1]), sign * w, sign * b) == 1)


def _side_choices(w2: float, above: bool) -> dict[str, str]:
    """Why rain is forecast on one side of the line, for weights whose w₂ is ``w2``."""
    why = (f"z = w₁x₁ + w₂x₂ + b is 0 on the line, and with w₂ = {w2:.4g} "
           f"z {'grows' if w2 > 0 else 'shrinks'} as x₂ grows, so z {'>' if above else '<'} 0 above the line "
           f"and {'<' if above else '>'} 0 below it")
    return {
        "above": f"{why}: rain (ŷ = 1) is forecast {'above' if above else 'below'} the line.",
        "below": f"{why}: {'below the line ŷ = 0, no rain' if above else 'rain (ŷ = 1) is forecast below it'}.",
    }


@exercise_step
def rain_side(answer, negated_answer=None) -> None:
    """Decide: is rain forecast "above" or "below" the trained line, and for the weights −w, −b?"""
    w, b, _ = trained()
    above = rain_is_above()
    checks.check_choice("rain_side", answer, _side_choices(w[1], above), right="above" if above else "below")
    if negated_answer is None:
        raise checks.failure("now the second question: set `rain_side_negated` and check both with "
                             "`ex.rain_side.check(rain_side, rain_side_negated)`.")
    above = rain_is_above(-1.0)
    checks.check_choice("rain_side_negated", negated_answer, _side_choices(-w[1], above),
                        right="above" if above else "below")
    print("   The same line can mean rain on either side: the signs of the weights choose the side.")


def zero_start_runs() -> dict[float, tuple]:
    """α → (trace, final w, final b) of training from w = (0, 0), b = 0 for each of ZERO_START_RATES."""
    X, Y = weather()
    runs = {}
    for lr in ZERO_START_RATES:
        trace = pc.train_trace(X, Y, (0.0, 0.0), 0.0, lr)
        runs[lr] = (trace, *pc.weights_after(trace, len(trace["row"]), (0.0, 0.0), 0.0))
    return runs


def alpha_keeps_forecasts() -> bool:
    """Computed: do the two zero-start runs make the same ŷ at every visit, forecasts and decision line?"""
    (t1, w1, b1), (t2, w2, b2) = zero_start_runs().values()
    X, _ = weather()
    rows = np.vstack([X, tomorrow()])
    small, large = ZERO_START_RATES
    keys = ("w1", "w2", "b")
    scaled = np.allclose([t2[k] for k in keys], [np.multiply(t1[k], large / small) for k in keys])
    return (t1["ŷ"] == t2["ŷ"] and scaled and np.array_equal(pc.predict(rows, w1, b1), pc.predict(rows, w2, b2))
            and np.allclose(line_reference(w1, b1), line_reference(w2, b2)))


@exercise_step
def same_forecasts(answer) -> None:
    """Predict: from w = 0, b = 0, do α = 0.1 and α = 1 give the same forecasts? ("yes" or "no")."""
    (small, large), runs = ZERO_START_RATES, zero_start_runs()
    ratio = runs[large][1] / runs[small][1]
    epochs = len(pc.mistakes_per_epoch(runs[small][0]))
    scaled = (f"every change is α·(y − ŷ)·x, and from zero weights every weight is a sum of such changes, so "
              f"α = {large:g} gives {large / small:g} times the weights and bias of α = {small:g} after every row "
              f"(here w = {np.round(runs[small][1], 4).tolist()} and {np.round(runs[large][1], 4).tolist()}, "
              f"ratio {np.round(ratio, 6).tolist()}). Scaling w and b scales z but not its sign: every ŷ, "
              f"every mistake and the decision line are the same, and both runs stop after {epochs} epochs.")
    choices = {"yes": f"right: {scaled}", "no": f"they are the same: {scaled}"}
    checks.check_choice("same_forecasts", answer, choices, right="yes" if alpha_keeps_forecasts() else "no")
    print(f"   {lesson_start_note()}")


def lesson_start_note() -> str:
    """Computed: whether α changes the run from the lesson's start b₀ ≠ 0, where b₀ is not scaled by α."""
    w0, b0, _ = start()
    runs = {lr: trained(w=w0, b=b0, learning_rate=lr) for lr in ZERO_START_RATES}
    return alpha_at_start_sentence(b0, {lr: (line_reference(w, b), epochs) for lr, (w, b, epochs) in runs.items()})


def alpha_at_start_sentence(b0: float, runs: dict) -> str:
    """The note on α from the lesson's start; ``runs`` = {α: ((slope, intercept), epochs)}: says what differs,
    what not."""
    (small, (line_s, epochs_s)), (large, (line_l, epochs_l)) = runs.items()
    lines = [np.round(line_s, 4).tolist(), np.round(line_l, 4).tolist()]
    same_line, same_epochs = np.allclose(line_s, line_l), epochs_s == epochs_l
    epochs = (f"both take {epochs_s} epochs" if same_epochs
              else f"α = {small:g} takes {epochs_s} epochs, α = {large:g} takes {epochs_l}")
    line = (f"end on the same line (slope, intercept {lines[0]})" if same_line else
            f"end on different lines (slope, intercept {lines[0]} for α = {small:g}, {lines[1]} for α = {large:g})")
    changes = ("can change the run there, but here it does not" if same_line and same_epochs
               else "does change the run there")
    opening = f"From the lesson's start b₀ = {b0:g} the starting bias is not a sum of α-sized changes, so α {changes}"
    if same_line and same_epochs:
        return f"{opening}: {epochs} and {line}."
    return f"{opening}: {epochs}, {'but' if same_line or same_epochs else 'and'} they {line}."


@exercise_step
def forecast(rain_tomorrow) -> None:
    """The trained perceptron's answer for tomorrow, one number 1 (rain) or 0 (no rain)."""
    _no_booleans("rain_tomorrow", rain_tomorrow)
    if isinstance(rain_tomorrow, np.ndarray) and rain_tomorrow.size == 1 and rain_tomorrow.ndim > 0:
        raise checks.failure(f"rain_tomorrow is {checks.describe(rain_tomorrow)}, holding one answer: "
                             "take that one entry out, as a plain number.")
    _in_any_order(lambda: checks.check_value("rain_tomorrow", rain_tomorrow, forecast_reference()))


def forecast_reference() -> int:
    """The trained perceptron's ŷ for tomorrow (trained and predicted with the lesson's functions)."""
    w, b, _ = trained()
    return int(pc.predict(tomorrow(), w, b)[0])
