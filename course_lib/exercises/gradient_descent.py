"""Exercise 02's steps: derive the two-point gradient, code it, check it numerically, then descend.

The student derives ∂MSE/∂m and ∂MSE/∂b as linear formulas, writes `mse_gradient`,
`numerical_gradient` (central differences), `gd_step` and `run_gd`, computes the stability bound
2/λmax, predicts what happens above it and picks a learning rate below it, then writes one epoch of
SGD and of mini-batch gradient descent on the six points. References come from the lesson library
(`course_lib.gradient_descent`, `course_lib.gradient_check`) on fresh copies of the data, and
each check names the usual slips: a flipped sign, a lost factor 2 or 1/n, a sum for a mean, a
forward difference, an input changed in place, integer parameters, a stale weight, an ignored
argument.
"""

from __future__ import annotations

import ast
import copy
import inspect
import numbers
import re
import textwrap
from fractions import Fraction

import numpy as np

from .. import checks, gradient_check, gradient_descent as gd
from ..minibatch import minibatches
from . import steps_of
from .linear_fit_mse import six_points, two_points  # the data, also for the notebook

step = steps_of("02_gradient_descent")
M0, B0 = -1.0, 5.0  # the slides' first guess
W0, ALPHA = 0.2, 0.01  # the optimizer slides' start and learning rate on the six points
SLIDES_LR = 0.5  # the slides' large learning rate


def loss_on_two_points(params) -> float:
    """MSE(m, b) on the two points, as a function of one array ``params = [m, b]``."""
    x, y = two_points()
    return gd.mse(x, y, params[0], params[1])


def check_named_array(func, reference, cases, names, mistakes, entries: str = "", **tolerances) -> None:
    """``checks.check_function`` for a function that returns a 1-D array whose entries have names.

    First every case checks that the result is a NumPy array of the right length (``entries`` says
    what one entry is, e.g. "one per batch") whose values were not cut to whole numbers by an integer
    dtype; then entries are compared one by one, so a message says "∂MSE/∂b is …" rather than an index.
    """
    for args in cases if callable(func) else ():
        expected = reference(*copy.deepcopy(args))
        try:
            got = func(*copy.deepcopy(args))
        except Exception:  # NotImplementedError and the student's errors: check_function explains them
            break
        call = checks.describe_call(checks.function_name(func), args, {})
        if isinstance(got, np.ndarray) and got.dtype.kind in "iu" and got.shape == expected.shape \
                and not np.allclose(got, expected) \
                and any(np.array_equal(got, cut(expected)) for cut in (np.trunc, np.floor, np.round)):
            raise checks.failure(f"{call} returned whole numbers (dtype {got.dtype}), so the fractions were cut "
                                 f"off: it gave {np.array2string(got, separator=', ')} for "
                                 f"{np.array2string(expected, precision=6, separator=', ')}. An integer array "
                                 "(dtype=int, .astype(int), or the dtype of integer inputs such as "
                                 "np.zeros_like(x) or dtype=x.dtype) truncates every value stored in it: make the "
                                 "result a float array.")
        if isinstance(got, np.ndarray) and got.shape == expected.shape:
            continue
        problem = checks.explain_mismatch(got, expected)
        if isinstance(got, (list, tuple)):
            right = checks.explain_mismatch(np.asarray(got, dtype=float), expected) is None \
                if all(isinstance(v, numbers.Real) for v in got) else False
            named = "\n🔎 The numbers are right: only the container is not an array." if right else ""
            raise checks.failure(f"{call} {problem}{named}")
        if isinstance(got, np.ndarray) and got.ndim == 1:
            problem = f"has {got.size} entries, but {expected.size} were expected{f' ({entries})' if entries else ''}."
        raise checks.failure(f"{call} {problem}{checks.name_mistake(got, expected, mistakes, args)}")
    checks.check_function(func, lambda *a: tuple(reference(*a)), cases, names=names, mistakes=mistakes,
                          **tolerances)


def _number(value, name: str, what: str = "one number (a learning rate)", complex_note: str = "") -> float:
    """One real number as a float (an array only with shape ()), or a ❌ that says what was given instead."""
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real) or np.iscomplexobj(value):
        raise checks.failure(f"{name} is the complex number {complex(np.asarray(value).ravel()[0])}, but a real "
                             f"number was expected.{complex_note}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray)) \
            or isinstance(value, np.ndarray) and value.dtype.kind not in "iuf":
        raise checks.failure(f"{name} is {checks.describe(value)}, but {what} was expected.")
    if np.ndim(value) > 0:
        holding = " holding one number" if np.size(value) == 1 else ""
        raise checks.failure(f"{name} is {checks.describe(value)}{holding}, but the number itself was expected: "
                             "take it out with `[0]` or `.item()`." if holding else
                             f"{name} is {checks.describe(value)}, but one number was expected.")
    value = float(value)
    if not np.isfinite(value):
        raise checks.failure(f"{name} is {value}, but a finite number was expected.")
    return value


# --- Step: the coefficients of the two linear formulas -------------------------------------------

FORMULA_LABELS = ("coefficient of m", "coefficient of b", "constant")


def coefficients_of(answer, name: str) -> tuple[float, float, float]:
    """Read three coefficients (m, b, constant): a sequence of 3 numbers, or a formula "5m + 3b − 13"."""
    if isinstance(answer, str):
        return _parse_formula(answer, name)
    if isinstance(answer, (bool, np.bool_)) or answer is None:
        raise checks.failure(f"{name} is {checks.describe(answer)}; write the three numbers (a, c, d) "
                             "of a·m + c·b + d as a tuple.")
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise checks.failure(f"{name} is {checks.describe(answer)}; write the three numbers (a, c, d) "
                             "of a·m + c·b + d as a tuple, e.g. (1, -2, 0.5).") from None
    if values.shape != (3,):
        raise checks.failure(f"{name} is {checks.describe(answer)}; three numbers (a, c, d) were expected: "
                             "the coefficient of m, the coefficient of b and the constant.")
    if not np.all(np.isfinite(values)):
        raise checks.failure(f"{name} contains NaN or infinity; three plain numbers were expected.")
    return tuple(float(v) for v in values)


TOKEN = re.compile(r"(?P<op>[*/]?)(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<name>[mb]))")


def _parse_formula(text: str, name: str) -> tuple[float, float, float]:
    """``"5m + 3b − 13"`` (or ``5*m+3*b-13``, terms in any order) → (5.0, 3.0, -13.0)."""
    cleaned = re.sub(r"[\s·×]", "", text.replace("−", "-").replace("⋅", ""))
    cleaned = re.sub(r"^(∂MSE/∂[mb]|d[mb]|grad[mb]?)=", "", cleaned)
    if cleaned and cleaned[0] not in "+-":
        cleaned = "+" + cleaned
    found = {"m": 0.0, "b": 0.0, "": 0.0}
    for term in re.findall(r"[+-][^+-]*", cleaned):
        parsed = _term(term[1:])
        if parsed is None:
            raise checks.failure(f"{name} = {text!r} is not a formula I can read: write it like "
                                 "\"2m + 4b - 1\", or as the three numbers (2, 4, -1).")
        size, variable = parsed
        found[variable] += size if term[0] == "+" else -size
    return found["m"], found["b"], found[""]


def _term(body: str) -> tuple[float, str] | None:
    """``"5m"``, ``"m*5"``, ``"3/2*b"``, ``"b/2"`` or ``"13"`` → (its number, "m", "b" or ""); None if unreadable.

    Numbers and at most one of m, b, multiplied in any order (``*`` or side by side), divided only by numbers.
    """
    tokens = list(TOKEN.finditer(body))
    if not tokens or "".join(t[0] for t in tokens) != body or tokens[0]["op"]:
        return None
    size, variable = Fraction(1), ""
    for token in tokens:
        if token["name"]:
            if variable or token["op"] == "/":
                return None
            variable = token["name"]
        elif token["op"] == "/":
            if Fraction(token["number"]) == 0:
                return None
            size /= Fraction(token["number"])
        else:
            size *= Fraction(token["number"])
    return float(size), variable


def _formula_slips(right: tuple, other: tuple, n: int, of_m: bool) -> dict[str, tuple]:
    """What the usual slips in one formula give, from its right coefficients (and the other formula's)."""
    right = np.array(right)
    chain = "−xᵢ for m" if of_m else "−1 for b"
    slips = {
        "the factor 2 from differentiating the square is missing": tuple(right / 2),
        "the 1/n of the mean is missing: that is the derivative of the sum of squared errors, not of their mean":
            tuple(right * n),
        f"the sign is flipped: the inner derivative of y − (m·x + b) is {chain}, and that minus "
        "must stay": tuple(-right),
        "the constant's sign is flipped (the y-term enters with a minus: −(2/n)·Σ…y)": (*right[:2], -right[2]),
    }
    if of_m:
        slips["the factor xᵢ is missing (∂ŷ/∂m = x): what you wrote is ∂MSE/∂b"] = tuple(other)
    else:
        slips["you multiplied by xᵢ, but ∂ŷ/∂b = 1: what you wrote is ∂MSE/∂m"] = tuple(other)
    return slips


def derivation_mistakes(coefficients: dict, n: int) -> dict[str, tuple]:
    """Every slip in ∂MSE/∂m, in ∂MSE/∂b or in both (on n points), as the six coefficients it gives."""
    right_m, right_b = tuple(coefficients["m"]), tuple(coefficients["b"])
    slips_m = _formula_slips(right_m, right_b, n, of_m=True)
    slips_b = _formula_slips(right_b, right_m, n, of_m=False)
    mistakes = {"the two formulas are swapped: the first one asked for is ∂MSE/∂m": (*right_b, *right_m),
                "these are the slides' formulas, which lesson 02 shows are wrong (erratum: their ∂MSE/∂b is "
                "really ∂MSE/∂m)": (9.0, 5.0, -23.0, 5.0, 3.0, -13.0)}
    for (what_m, wrong_m), (what_b, wrong_b) in zip(slips_m.items(), slips_b.items()):
        if what_m.split(":")[0] == what_b.split(":")[0]:
            what = what_m.replace("−xᵢ for m", "−xᵢ for m and −1 for b")
            mistakes[f"in both formulas {what}"] = (*wrong_m, *wrong_b)
    mistakes.update({f"in ∂MSE/∂m {what}": (*wrong, *right_b) for what, wrong in slips_m.items()})
    mistakes.update({f"in ∂MSE/∂b {what}": (*right_m, *wrong) for what, wrong in slips_b.items()})
    return mistakes


def reordered(got: tuple, expected: tuple) -> str:
    """A 🔎 note when a formula's three numbers are its right ones in another order (e.g. the constant first)."""
    shuffled = [formula for formula, part in (("∂MSE/∂m", slice(0, 3)), ("∂MSE/∂b", slice(3, 6)))
                if np.allclose(np.sort(got[part]), np.sort(expected[part]))
                and not np.allclose(got[part], expected[part])]
    rest_right = all(np.allclose(got[part], expected[part]) or np.allclose(np.sort(got[part]), np.sort(expected[part]))
                     for part in (slice(0, 3), slice(3, 6)))
    if not shuffled or not rest_right:
        return ""
    return (f"\n🔎 It looks like the three numbers of {' and of '.join(shuffled)} are right but in another order: "
            "write them as (a, c, d) — the coefficient of m, then of b, then the constant.")


@step
def derivation(dm_coefficients, db_coefficients) -> None:
    """The coefficients (a, c, d) of ∂MSE/∂m = a·m + c·b + d and of ∂MSE/∂b on the two points."""
    x, y = two_points()
    coefficients = gd.gradient_coefficients(x, y)
    got = (*coefficients_of(dm_coefficients, "dm_coefficients"),
           *coefficients_of(db_coefficients, "db_coefficients"))
    expected = (*coefficients["m"], *coefficients["b"])
    names = [f"{formula}: {label}" for formula in ("∂MSE/∂m", "∂MSE/∂b") for label in FORMULA_LABELS]
    wrong = [i for i, (g, e) in enumerate(zip(got, expected)) if not np.isclose(g, e, rtol=1e-9, atol=1e-9)]
    if wrong:
        mistakes = {what: (lambda v=v: v) for what, v in derivation_mistakes(coefficients, len(x)).items()}
        named = checks.name_mistake(got, expected, mistakes) or reordered(got, expected)
        labels = ", ".join(f"{names[i]} ({got[i]:g})" for i in wrong)
        raise checks.failure(f"{len(wrong)} of 6 coefficients do not follow from the data: {labels}.{named}")
    note = (" (With n = 2 points the factor 2 and the 1/n cancel; on other data they do not, so keep both "
            "in the next steps.)" if len(x) == 2 else "")
    print(f"✅ the derivation is right: ∂MSE/∂m = {gd.linear_formula(*expected[:3])}, "
          f"∂MSE/∂b = {gd.linear_formula(*expected[3:])}.{note}")


# --- Step: the gradient at the first guess -------------------------------------------------------

@step
def gradient_at_guess(dm, db) -> None:
    """The two numbers ∂MSE/∂m and ∂MSE/∂b at m = −1, b = 5."""
    x, y = two_points()
    right = tuple(gd.mse_gradient(x, y, M0, B0))
    without_x = -2 * np.mean(y - (M0 * x + B0))
    dm, db = _number(dm, "dm", "one number"), _number(db, "db", "one number")
    checks.check_value("(dm, db)", (dm, db), right, names=("dm = ∂MSE/∂m", "db = ∂MSE/∂b"), mistakes={
        "dm and db are swapped": right[::-1],
        "these are the slides' numbers (−7, −3), from its wrong formulas (see lesson 02's erratum)": (-7.0, -3.0),
        "dm is missing the factor xᵢ (∂ŷ/∂m = x)": (without_x, right[1]),
        "you summed over the points instead of averaging (the 1/n is missing)": tuple(len(x) * np.array(right)),
        "the factor 2 from the square is missing": tuple(np.array(right) / 2),
    })


# --- Step: mse_gradient --------------------------------------------------------------------------

def _errors(x, y, m, b) -> np.ndarray:
    return np.asarray(y, float) - (m * np.asarray(x, float) + b)


def gradient_mistakes() -> dict:
    """What the usual slips in an MSE gradient function return, for any (x, y, m, b)."""
    def grad(dm, db):
        return np.array([dm, db], dtype=float)

    return {
        "you summed over the points instead of averaging (np.sum where np.mean belongs)":
            lambda x, y, m, b: grad(-2 * np.sum(_errors(x, y, m, b) * x), -2 * np.sum(_errors(x, y, m, b))),
        "the factor 2 from differentiating the square is missing":
            lambda x, y, m, b: gd.mse_gradient(x, y, m, b) / 2,
        "∂MSE/∂m is missing the factor xᵢ (∂ŷ/∂m = x)":
            lambda x, y, m, b: grad(-2 * np.mean(_errors(x, y, m, b)), -2 * np.mean(_errors(x, y, m, b))),
        "the two entries are swapped: the array is [∂MSE/∂m, ∂MSE/∂b]":
            lambda x, y, m, b: gd.mse_gradient(x, y, m, b)[::-1].copy(),
        "you used the notebook's m = −1, b = 5 instead of the function's arguments m and b":
            lambda x, y, m, b: gd.mse_gradient(x, y, M0, B0),
        "the slope and the intercept are swapped in the prediction: ŷ = m·x + b":
            lambda x, y, m, b: gd.mse_gradient(x, y, b, m),
        "the sign is flipped: with e = y − ŷ the gradient is −(2/n)·Σ e·x and −(2/n)·Σ e":
            lambda x, y, m, b: -gd.mse_gradient(x, y, m, b),
        "you divided by n − 1 instead of n: the MSE is the mean over all n points (np.mean divides by n)":
            lambda x, y, m, b: gd.mse_gradient(x, y, m, b) * len(x) / (len(x) - 1),
        "you used the notebook's two points — the global x, y, or step 1's coefficients, which hold for those "
        "two points only — instead of the function's arguments x and y":
            lambda x, y, m, b: gd.mse_gradient(*two_points(), m, b),
    }


def gradient_cases() -> list[tuple]:
    """(x, y, m, b) cases: the two points at two guesses, four points, the six points, integer data."""
    x, y = two_points()
    x6, y6 = six_points()
    return [(x, y, M0, B0), (x, y, 2.0, 0.5), (np.arange(4.0), np.array([1.0, 0.0, 2.0, 5.0]), 0.5, -1.0),
            (x6, y6, 0.3, 0.2), (np.array([1, 2, 4]), np.array([2, 3, 7]), 1, 0)]


@step
def mse_gradient(func) -> None:
    """``mse_gradient(x, y, m, b)`` → np.array([∂MSE/∂m, ∂MSE/∂b]) for any data."""
    check_named_array(func, gd.mse_gradient, gradient_cases(), ("∂MSE/∂m", "∂MSE/∂b"), gradient_mistakes(),
                      entries="[∂MSE/∂m, ∂MSE/∂b]")


# --- Step: numerical_gradient --------------------------------------------------------------------

class Formula:
    """A function of an array of parameters that reads as its formula in a check's message."""

    def __init__(self, formula: str, func):
        self.formula, self.func = formula, func

    def __call__(self, params) -> float:
        return float(self.func(np.asarray(params, dtype=float)))

    def __repr__(self) -> str:
        return self.formula


LOSS = Formula("MSE(m, b)", loss_on_two_points)
BOWL = Formula("p₁² + p₂² + p₃²", lambda p: np.sum(p ** 2))
CUBE = Formula("p₁³ + 2p₁p₂² − p₂", lambda p: p[0] ** 3 + 2 * p[0] * p[1] ** 2 - p[1])  # h matters


def numerical_cases() -> list[tuple]:
    """(f, params[, h]) cases: float arrays, a list, three parameters, a large h, integers last."""
    return [(LOSS, np.array([M0, B0])), (LOSS, [2.0, 1.0]), (BOWL, np.array([3.0, -4.0, 0.5])),
            (CUBE, np.array([1.0, -2.0]), 0.1), (CUBE, np.array([0.5, 1.5]), 1e-3), (LOSS, np.array([-1, 5]))]


def _difference(f, params, h, rule) -> np.ndarray:
    point = np.array(params, dtype=float)
    result = np.zeros_like(point)
    for i in range(point.size):
        step_ = np.zeros_like(point)
        step_[i] = h
        result[i] = rule(f, point, step_, h)
    return result


def numerical_mistakes() -> dict:
    """What the usual slips in a central-difference gradient return, for any (f, params, h)."""
    def reference(f, params, h=gradient_check.DEFAULT_H):
        return gradient_check.numerical_gradient(f, params, h)

    return {
        "you used the forward difference (f(p + h) − f(p)) / h; the central one, (f(p + h) − f(p − h)) / 2h, "
        "is far more accurate": lambda f, p, h=gradient_check.DEFAULT_H: _difference(
            f, p, h, lambda f, q, s, h: (f(q + s) - f(q)) / h),
        "you divided by h instead of 2h (the two points are 2h apart)":
            lambda f, p, h=gradient_check.DEFAULT_H: 2 * reference(f, p, h),
        "the argument h is ignored (your step size is fixed)":
            lambda f, p, h=gradient_check.DEFAULT_H: reference(f, p),
        "all parameters were nudged at once (params + h): move only entry i, one at a time":
            lambda f, p, h=gradient_check.DEFAULT_H: np.full(np.shape(p), (f(np.asarray(p, float) + h)
                                                                         - f(np.asarray(p, float) - h)) / (2 * h)),
        "the difference is upside down: (f(p − h) − f(p + h)) / 2h":
            lambda f, p, h=gradient_check.DEFAULT_H: -reference(f, p, h),
        "f is ignored: you nudged the notebook's loss (the MSE on the global x, y) instead of calling the f "
        "you were given": lambda f, p, h=gradient_check.DEFAULT_H: reference(LOSS, p, h),
    }


@step
def numerical_gradient(func) -> None:
    """``numerical_gradient(f, params, h=1e-5)``: central differences, params left unchanged."""
    try:
        check_named_array(func, gradient_check.numerical_gradient, numerical_cases(),
                          ("∂f/∂p₁", "∂f/∂p₂", "∂f/∂p₃"), numerical_mistakes(), entries="one per parameter",
                          rtol=1e-6, atol=1e-8)
    except checks.CheckFailed as failed:
        note = "" if "🔎" in str(failed) else _integer_slip(func)
        if note:
            raise checks.CheckFailed(f"{failed}\n🔎 {note}") from None
        raise


class _Recording(Formula):
    """``LOSS`` that also records the dtype of every array it is called with (the student's nudged copies)."""

    def __init__(self):
        super().__init__(LOSS.formula, LOSS.func)
        self.dtypes = []

    def __call__(self, params) -> float:
        self.dtypes.append(np.asarray(params).dtype)
        return super().__call__(params)


def _integer_slip(func) -> str:
    """Which array kept the integer dtype of params, when ``func`` is right for float parameters only; else "".

    The float case passing shows the method is right; for integer parameters a recording f sees whether
    the nudged copies p ± h reach it as integers (the copy kept the dtype), and the result's dtype shows
    whether the array the results are stored in did.
    """
    expected = gradient_check.numerical_gradient(LOSS, [M0, B0])

    def right(got) -> bool:
        return checks.explain_mismatch(got, expected, rtol=1e-6, atol=1e-8) is None

    recording = _Recording()
    try:
        if not right(func(LOSS, np.array([M0, B0]))):
            return ""
        got = func(recording, np.array([int(M0), int(B0)]))
    except Exception:  # an int64 array cannot take p ± h in place: NumPy stops
        return ("It looks like your copy of params kept its integer dtype (np.array([-1, 5]) holds int64): "
                "p ± h cannot be stored in it. Copy with dtype=float.")
    if right(got):
        return ""
    copy_is_int = any(dtype.kind in "iub" for dtype in recording.dtypes)
    result_is_int = isinstance(got, np.ndarray) and got.dtype.kind in "iub"
    if copy_is_int and result_is_int:
        return ("It looks like both your copy of params and your result array kept the integer dtype of params "
                "(np.array([-1, 5]) holds int64): p ± h was rounded back to whole numbers before f saw it, and "
                "the results were cut too. Copy with dtype=float, and make the result array from that copy.")
    if copy_is_int:
        return ("It looks like your copy of params kept its integer dtype (np.array([-1, 5]) holds int64): "
                "p ± h is rounded back to whole numbers when stored in it, so f never sees the nudge. Copy with "
                "dtype=float.")
    if result_is_int:
        return ("Your copy of params is fine — f received p ± h as floats, and float params give the right "
                "gradient — but the array you store the results in took the integer dtype of params "
                "(np.zeros_like(params) is int64 for np.array([-1, 5])): make it from your float copy, or with "
                "dtype=float.")
    return ""


# --- Step: gd_step -------------------------------------------------------------------------------

def gd_step_mistakes() -> dict:
    """What the usual slips in one gradient-descent step return, for any (x, y, m, b, lr)."""
    def moved(x, y, m, b, lr, sign=-1.0, at=None, lr_used=None):
        dm, db = gd.mse_gradient(x, y, *(at or (m, b)))
        lr = lr if lr_used is None else lr_used
        return float(m + sign * lr * dm), float(b + sign * lr * db)

    return {
        "you added λ × gradient: the gradient points uphill, so a step subtracts it":
            lambda x, y, m, b, lr: moved(x, y, m, b, lr, sign=+1.0),
        "the learning rate lr is ignored (a step of the whole gradient)":
            lambda x, y, m, b, lr: moved(x, y, m, b, lr, lr_used=1.0),
        "the learning rate lr is ignored (you used a fixed 0.1)":
            lambda x, y, m, b, lr: moved(x, y, m, b, lr, lr_used=0.1),
        "you returned λ × gradient, the size of the step, not the new (m, b)":
            lambda x, y, m, b, lr: tuple(float(v) for v in lr * gd.mse_gradient(x, y, m, b)),
        "the gradient was taken at the notebook's m = −1, b = 5, not at the function's arguments":
            lambda x, y, m, b, lr: moved(x, y, m, b, lr, at=(M0, B0)),
        "b was updated with ∂MSE/∂m and m with ∂MSE/∂b":
            lambda x, y, m, b, lr: (float(m - lr * gd.mse_gradient(x, y, m, b)[1]),
                                    float(b - lr * gd.mse_gradient(x, y, m, b)[0])),
        "only m moved: b needs its own update with ∂MSE/∂b":
            lambda x, y, m, b, lr: (gd.gd_step(x, y, m, b, lr)[0], float(b)),
    }


@step
def gd_step(func) -> None:
    """``gd_step(x, y, m, b, lr)`` → the new (m, b) after one step against the gradient."""
    x, y = two_points()
    x6, y6 = six_points()
    checks.check_function(func, gd.gd_step, [(x, y, M0, B0, 0.1), (x, y, M0, B0, 0.02), (x, y, 0.0, 0.0, 0.01),
                                             (x6, y6, 0.5, 1.0, 0.03)],
                          names=("new m", "new b"), mistakes=gd_step_mistakes())


# --- Steps: the stability bound, a learning rate below it, a prediction above it ------------------

@step
def stability_bound(bound) -> None:
    """The largest stable learning rate 2/λmax, from the curvatures of the two-point bowl."""
    x, _ = two_points()
    flat, steep = gd.curvatures(x)
    hessian = gd.hessian(x)
    bound = _number(bound, "bound", "one number", complex_note=" np.linalg.eig can return complex eigenvalues; "
                    "for a symmetric matrix like H, np.linalg.eigvalsh returns real ones.")
    checks.check_value("bound", bound, gd.max_stable_learning_rate(x), rtol=1e-6, mistakes={
        "you used the flattest curvature λmin; the bound is set by the steepest one, λmax": 2 / flat,
        "the factor 2 is missing: a step multiplies the distance by 1 − λ·c, which stays above −1 "
        "up to λ = 2/c": 1 / steep,
        "this is λmax itself; the bound is 2 divided by it": steep,
        "you used the largest entry of the coefficient matrix, not its largest eigenvalue":
            2 / np.max(hessian),
        "this is 2 / (λmin + λmax), the fastest learning rate (or 2 / the trace), not the largest stable "
        "one, 2 / λmax": 2 / (flat + steep),
    })


BOUND_RTOL = 1e-12  # a learning rate this close to the bound (relative) is the bound, up to rounding


def apart(value: float, other: float, least: int = 4) -> tuple[str, str]:
    """``value`` and ``other`` with the fewest significant digits (at least ``least``) that tell them apart.

    So a factor −1.00003 is never printed as −1, and 0.2918 is never printed as the bound 0.291796 it exceeds.
    """
    for digits in range(least, 18):
        shown, shown_other = f"{value:.{digits}g}", f"{other:.{digits}g}"
        if (float(shown) - float(shown_other)) * (value - other) > 0:
            return shown, shown_other
    return repr(value), repr(other)


@step
def pick_lr(lr_ok) -> None:
    """Decide: a learning rate with which gradient descent on the two points converges."""
    x, _ = two_points()
    bound = gd.max_stable_learning_rate(x)
    flat, steep = gd.curvatures(x)
    lr = _number(lr_ok, "lr_ok")
    if lr <= 0:
        raise checks.failure(f"lr_ok = {lr:g} does not descend: with λ = 0 nothing moves, and a negative λ "
                             "steps *with* the gradient, uphill. A learning rate is positive.")
    if abs(lr - bound) <= BOUND_RTOL * bound:
        raise checks.failure(f"lr_ok = {lr!r} is the bound {bound!r} up to rounding (closer to it than "
                             f"{BOUND_RTOL:g} of its size): the factor 1 − λ·λmax is −1, so the steep direction "
                             "flips sign every step without shrinking — it oscillates for ever. Stay strictly "
                             "below the bound.")
    if lr > bound:
        shown, shown_bound = apart(lr, bound)
        factor, minus_one = apart(1 - lr * steep, -1.0)
        raise checks.failure(f"lr_ok = {shown} is above the bound {shown_bound}: in the steepest direction one step "
                             f"multiplies the distance to the minimum by 1 − λ·λmax = {factor}, beyond {minus_one}, "
                             "so every step overshoots further than the last and the MSE grows.")
    shown, shown_bound = apart(lr, bound)
    slowest, one = apart(max(abs(1 - lr * steep), abs(1 - lr * flat)), 1.0)
    print(f"✅ lr_ok = {shown} converges: it is in (0, {shown_bound}), and each step multiplies the distance to the "
          f"minimum by at most {slowest} in every direction (below {one}).")


ABOVE_CHOICES = {
    "diverges": "right: above 2/λmax the factor 1 − λ·λmax is below −1, so in the steepest direction each "
                "step lands further from the minimum than the last, on alternating sides: the MSE grows "
                "without bound.",
    "converges slowly": "slow progress comes from a learning rate that is too *small* (a factor 1 − λ·c just "
                        "below 1). Above the bound the factor in the steepest direction is below −1: the "
                        "distance to the minimum grows every step.",
    "oscillates but settles": "it does oscillate — the factor 1 − λ·λmax is negative — but a swing only dies "
                              "out when that factor lies between −1 and 1, which is the case *below* the bound. "
                              "Above it every swing is larger than the one before.",
    "converges": "a larger step only helps while every factor 1 − λ·c stays between −1 and 1; above 2/λmax the "
                 "steepest direction's factor is below −1, and the distance to the minimum grows.",
}

ABOVE_ALIASES = {"blows up": "diverges", "explodes": "diverges", "diverge": "diverges"}  # accepted, not listed


@step
def above_bound(prediction) -> None:
    """Predict what gradient descent does with a learning rate above the bound."""
    checks.check_choice("prediction", prediction, ABOVE_CHOICES, right="diverges", aliases=ABOVE_ALIASES)


# --- Step: run_gd --------------------------------------------------------------------------------

def run_gd_reference(x, y, m, b, lr, steps) -> tuple[float, float]:
    """(m, b) after ``steps`` gradient-descent steps from (m, b)."""
    path, _ = gd.descend(x, y, m, b, lr, steps)
    return float(path[-1, 0]), float(path[-1, 1])


RETURN_IN_LOOP = ("only one step was taken: a `return` inside the loop ends the function on the loop's first "
                  "pass — put the `return` after the loop, outside it")
RESTARTS = "every step starts again from the first (m, b): store the new values back into m and b inside the loop"


def returns_inside_a_loop(func) -> bool:
    """Whether ``func``'s source has a ``return`` inside a ``for`` or ``while`` (False when it cannot be read)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return False
    return any(isinstance(inner, ast.Return) for loop in ast.walk(tree) if isinstance(loop, (ast.For, ast.While))
               for statement in loop.body for inner in ast.walk(statement))


def run_gd_mistakes(returns_in_loop: bool = False) -> dict:
    """What the usual slips in a loop of gradient-descent steps return, for any (x, y, m, b, lr, steps).

    A `return` inside the loop and a loop that restarts from the first (m, b) both end one step from the
    start; with ``steps = 0`` the first returns None (unless a second `return` follows the loop), the
    second the start. When the results cannot tell them apart, ``returns_in_loop`` (from the source) does.
    """
    return {
        "one step too few (range(steps − 1), or the loop stops early)":
            lambda x, y, m, b, lr, steps: run_gd_reference(x, y, m, b, lr, max(steps - 1, 0)),
        "one step too many (range(steps + 1))":
            lambda x, y, m, b, lr, steps: run_gd_reference(x, y, m, b, lr, steps + 1),
        RETURN_IN_LOOP if returns_in_loop else RESTARTS:
            lambda x, y, m, b, lr, steps: run_gd_reference(x, y, m, b, lr, min(steps, 1)),
        f"{RETURN_IN_LOOP} (with steps = 0 the loop never runs, and the function returned None)":
            lambda x, y, m, b, lr, steps: run_gd_reference(x, y, m, b, lr, 1) if steps else None,
        "the learning rate lr is ignored (a fixed 0.1)":
            lambda x, y, m, b, lr, steps: run_gd_reference(x, y, m, b, 0.1, steps),
        "the number of steps is ignored (a fixed 100)":
            lambda x, y, m, b, lr, steps: run_gd_reference(x, y, m, b, lr, 100),
    }


@step
def run_gd(func) -> None:
    """``run_gd(x, y, m, b, lr, steps)`` → (m, b) after ``steps`` gradient-descent steps."""
    x, y = two_points()
    x6, y6 = six_points()
    cases = [(x, y, M0, B0, 0.1, 20), (x, y, M0, B0, 0.05, 7), (x, y, 1.0, 0.0, 0.2, 1), (x, y, 0.0, 0.0, 0.1, 0),
             (x6, y6, 0.0, 0.0, 0.02, 40), (x, y, M0, B0, SLIDES_LR, 12)]
    with np.errstate(over="ignore", invalid="ignore"):
        checks.check_function(func, run_gd_reference, cases, names=("m", "b"),
                              mistakes=run_gd_mistakes(returns_inside_a_loop(func)))


# --- Step: SGD, sample by sample -----------------------------------------------------------------

def sgd_reference(x, y, w, lr) -> np.ndarray:
    """The weight after each sample of one SGD epoch in order (the lesson's table)."""
    return np.array(gd.sgd_columns(x, y, w, lr, range(len(x)))["w after"])


def _batch_epoch(x, y, w, batch_size, step) -> np.ndarray:
    """The weight after each batch of one epoch in order, ``w = step(x_batch, y_batch, w)``; the last
    batch may be smaller."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    weights = []
    for batch in minibatches(len(x), batch_size):
        w = step(x[batch], y[batch], w)
        weights.append(w)
    return np.array(weights)


def minibatch_reference(x, y, w, lr, batch_size) -> np.ndarray:
    """The weight after each batch of one mini-batch epoch in order; the last batch may be smaller."""
    return _batch_epoch(x, y, w, batch_size, lambda xb, yb, w: gd.batch_step(xb, yb, w, lr))


def _stale_batches(x, y, w, lr, batch_size) -> np.ndarray:
    """Every batch's gradient taken at the epoch's starting w, the updates still added up."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    steps = [lr * gd.gradient_w(x[batch], y[batch], w) for batch in minibatches(len(x), batch_size)]
    return w - np.cumsum(steps)


def _summed_batches(x, y, w, lr, batch_size) -> np.ndarray:
    """Every batch's gradient summed over its samples instead of averaged."""
    return _batch_epoch(x, y, w, batch_size, lambda xb, yb, w: w - lr * len(xb) * gd.gradient_w(xb, yb, w))


def sgd_mistakes() -> dict:
    """What the usual slips in one SGD epoch return, for any (x, y, w, lr)."""
    return {
        "every sample's gradient used the starting w: predict with the *current* w, updated after each "
        "sample": lambda x, y, w, lr: _stale_batches(x, y, w, lr, 1),
        "the sample's gradient is missing the factor xᵢ (∂ŷ/∂w = x)":
            lambda x, y, w, lr: _sgd_with(x, y, w, lr, lambda xi, yi, w: -2 * (yi - w * xi)),
        "the factor 2 from the square is missing":
            lambda x, y, w, lr: _sgd_with(x, y, w, lr, lambda xi, yi, w: -(yi - w * xi) * xi),
        "you added α × gradient: a step subtracts it":
            lambda x, y, w, lr: _sgd_with(x, y, w, lr, lambda xi, yi, w: 2 * (yi - w * xi) * xi),
        "every step used the gradient of all six samples (that is batch gradient descent, six times)":
            lambda x, y, w, lr: np.array(_repeat_batch(x, y, w, lr)),
        "the weight is recorded before its update, not after it":
            lambda x, y, w, lr: np.concatenate([[w], sgd_reference(x, y, w, lr)[:-1]]),
        "the starting w is in the array too: record w only after each update":
            lambda x, y, w, lr: np.concatenate([[w], sgd_reference(x, y, w, lr)]),
        "you used the notebook's x6, y6 instead of the function's arguments x and y":
            lambda x, y, w, lr: sgd_reference(*six_points(), w, lr),
    }


def _sgd_with(x, y, w, lr, gradient) -> np.ndarray:
    weights = []
    for xi, yi in zip(np.asarray(x, dtype=float), np.asarray(y, dtype=float)):
        w = w - lr * gradient(xi, yi, w)
        weights.append(w)
    return np.array(weights)


def _repeat_batch(x, y, w, lr) -> list[float]:
    weights = []
    for _ in range(len(x)):
        w = gd.batch_step(x, y, w, lr)
        weights.append(w)
    return weights


@step
def sgd_epoch(func) -> None:
    """``sgd_epoch(x, y, w, lr)`` → array of w after each sample, in order, each with the current w."""
    x6, y6 = six_points()
    cases = [(x6, y6, W0, ALPHA), (x6[::-1].copy(), y6[::-1].copy(), W0, ALPHA), (x6, y6, 1.0, 0.02),
             (np.array([1, 2, 3]), np.array([2, 4, 5]), 0, 0.05)]
    names = [f"w after sample {k}" for k in range(1, len(x6) + 1)]
    check_named_array(func, sgd_reference, cases, names, sgd_mistakes(), entries="one per sample")


# --- Step: mini-batch gradient descent -----------------------------------------------------------

def _split_into(x, y, w, lr, parts: int) -> np.ndarray:
    """One epoch over ``np.array_split(x, parts)``: ``parts`` batches of nearly equal size."""
    weights = []
    for xb, yb in zip(np.array_split(np.asarray(x, float), parts), np.array_split(np.asarray(y, float), parts)):
        w = gd.batch_step(xb, yb, w, lr)
        weights.append(w)
    return np.array(weights)


def _over_batch_size(x, y, w, lr, batch_size) -> np.ndarray:
    """Every batch's summed gradient divided by batch_size, also for the smaller last batch."""
    return _batch_epoch(x, y, w, batch_size,
                        lambda xb, yb, w: w - lr * gd.gradient_w(xb, yb, w) * len(xb) / batch_size)


def minibatch_mistakes() -> dict:
    """What the usual slips in one mini-batch epoch return, for any (x, y, w, lr, batch_size)."""
    def dropped(x, y, w, lr, batch_size):
        whole = len(x) - len(x) % batch_size
        return minibatch_reference(x[:whole], y[:whole], w, lr, batch_size)

    split = "np.array_split(x, k) cuts x into k batches of nearly equal size, not into batches of batch_size"
    return {
        f"the number of batches was rounded down (len(x) // batch_size): {split}, so the leftover samples "
        "were spread over the other batches":
            lambda x, y, w, lr, batch_size: _split_into(x, y, w, lr, max(len(x) // batch_size, 1)),
        f"{split}: with ceil(n / batch_size) batches the count is right, but the sizes are evened out (6 samples in "
        "batches of 4 give 3 + 3 instead of 4 + 2): every batch but the last holds exactly batch_size samples":
            lambda x, y, w, lr, batch_size: _split_into(x, y, w, lr, -(-len(x) // batch_size)),
        "every batch's sum was divided by batch_size, also the last, smaller one: divide by the batch's real "
        "size, len(xb) (np.mean does it)": _over_batch_size,
        "you used the notebook's x6, y6 instead of the function's arguments x and y":
            lambda x, y, w, lr, batch_size: minibatch_reference(*six_points(), w, lr, batch_size),
        "you summed the samples' gradients over the batch instead of averaging them (np.mean, not np.sum)":
            _summed_batches,
        "the last, smaller batch was dropped: when batch_size does not divide n, the leftover samples "
        "still form a batch": dropped,
        "every batch's gradient used the epoch's starting w: use the current w, updated after each batch":
            _stale_batches,
        "batch_size is ignored (one sample per step: that is SGD)":
            lambda x, y, w, lr, batch_size: minibatch_reference(x, y, w, lr, 1),
        "batch_size is ignored (all samples in one step: that is batch gradient descent)":
            lambda x, y, w, lr, batch_size: minibatch_reference(x, y, w, lr, len(x)),
        "the starting w is in the array too: record w only after each batch's update":
            lambda x, y, w, lr, batch_size: np.concatenate([[w], minibatch_reference(x, y, w, lr, batch_size)]),
        "the batches overlap or skip samples: batch k holds samples k·batch_size up to (k + 1)·batch_size − 1":
            lambda x, y, w, lr, batch_size: _overlapping(x, y, w, lr, batch_size),
    }


def _overlapping(x, y, w, lr, batch_size) -> np.ndarray:
    """Batches starting at every index, or every batch_size − 1: a slicing slip."""
    weights = []
    for start in range(0, len(x), batch_size):
        w = gd.batch_step(x[start:start + batch_size + 1], y[start:start + batch_size + 1], w, lr)
        weights.append(w)
    return np.array(weights)


@step
def minibatch_epoch(func) -> None:
    """``minibatch_epoch(x, y, w, lr, batch_size)`` → array of w after each batch, batches in order."""
    x6, y6 = six_points()
    cases = [(x6, y6, W0, ALPHA, 2), (x6, y6, W0, ALPHA, 4), (x6, y6, W0, ALPHA, 3), (x6, y6, 1.0, 0.02, 5),
             (x6, y6, W0, ALPHA, 1), (x6, y6, W0, ALPHA, 6), (np.arange(1.0, 6.0), np.array([1.0, 3, 2, 5, 4]), 0.5,
                                                             0.02, 2)]
    names = [f"w after batch {k}" for k in range(1, len(x6) + 1)]
    check_named_array(func, minibatch_reference, cases, names, minibatch_mistakes(), entries="one per batch")
