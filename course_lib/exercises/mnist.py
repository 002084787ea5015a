"""Exercise 07's steps: MNIST pixels to rows, one-hot labels, softmax, cross-entropy, accuracy, the
softmax + cross-entropy gradient, and two decisions (what one bias does to P; reading training curves).

Each check computes its reference with the lesson's library (`course_lib.classification`,
`course_lib.layers`, `course_lib.mnist_mlp`, `course_lib.evaluation`, `course_lib.gradient_check`)
from fresh copies of the data, then names the usual slips: a softmax over the wrong axis or without
the row maximum subtracted, log10 for ln, a class count ignored or one short, a sum for a mean,
integer division of uint8 pixels, images flattened to (784, N), accuracy counted over one-hot entries.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import re

import numpy as np

from .. import checks, classification, data, evaluation, exercises, gradient_check, layers, mnist_mlp, optimizers
from . import steps_of

step = steps_of("07_mnist")
N_SMALL = 100  # the exercise's first training images
CLASSES = 10
N_VALID = 1000  # validation images of the trainings (the training images' successors)


# ---------------------------------------------------------------------------------------------
# The exercise's data, always fresh copies
# ---------------------------------------------------------------------------------------------


def first_images(n: int = N_SMALL) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` MNIST training images (n, 28, 28) uint8 and their labels (n,) uint8."""
    (images, labels), _ = data.load_mnist()
    return images[:n].copy(), labels[:n].copy()


def iris() -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The slides' iris example: W (3, 4), b (3,), one flower x (4,) and its class (2)."""
    example = classification.IRIS
    return example["W"].copy(), example["b"].copy(), example["x"].copy(), int(example["label"])


def random_weights() -> np.ndarray:
    """Tiny random weights (784, 10) of a network that has learned nothing yet (seeded).

    The seed is chosen so that the untrained accuracy on the first 100 images is not 1/10, the
    number a student would guess: it must be computed.
    """
    return np.random.default_rng(4).normal(scale=0.001, size=(784, CLASSES))


def iris_scores() -> dict[str, np.ndarray]:
    """The lesson's table of the iris flower's scores H and probabilities P (shown before Step 4)."""
    W, b, x, _ = iris()
    return classification.softmax_columns(W, b, x)


def draw_digit_grid(fig, images, labels, *, title: str = "") -> str:
    """The lesson's grid of digits, each titled with its label; returns the labels row by row."""
    return mnist_mlp.draw_digit_grid(fig, images, labels, title=title or "MNIST training images with their labels")


def show_runs(runs, title: str = "") -> str:
    """The training (dashed) and validation (solid) loss curves of ``runs``; returns their summary."""
    return evaluation.show_training_curves(runs, metrics=("loss",), title=title)


def _with(errors: str = "ignore"):
    return np.errstate(all=errors)


def _try(func, *args):
    """``(result, None)`` of the student's function on copies of ``args``, or ``(None, error)``."""
    try:
        with _with():
            return func(*[np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]), None
    except NotImplementedError:
        raise checks.not_finished(checks.function_name(func)) from None
    except Exception as error:  # reported by check_function with the student's line
        return None, error


def _check(func, reference, cases, mistakes: dict, rtol: float = checks.RTOL, atol: float = checks.ATOL) -> None:
    """``checks.check_function`` on the cases as tuples of arguments."""
    checks.check_function(func, reference, [tuple(case) for case in cases], rtol=rtol, atol=atol, mistakes=mistakes)


def _one_hot(labels, n_classes: int = CLASSES) -> np.ndarray:
    return classification.one_hot(np.asarray(labels).astype(np.int64), n_classes, dtype=float)


def _blame_earlier_steps(check, *names: str) -> None:
    """Run ``check()``; if it fails, first re-check the student's earlier answers this value was built from.

    A loss computed with a wrong softmax is wrong because of the softmax: say so, not "L is 1.45".
    """
    try:
        check()
    except checks.CheckFailed as failed:
        namespace = exercises.notebook_namespace()
        for name in names:
            theirs = namespace.get(name)
            if theirs is None or (name != "x_small" and not callable(theirs)):
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    globals()[name]._checker(theirs)
            except checks.CheckFailed as earlier:
                reason = str(earlier).removeprefix("❌ ").split("\n💡")[0]
                raise checks.failure(f"this step uses your `{name}`, which is not right yet: {reason}\n"
                                     f"   Fix `{name}` first (its check: ex.{name}.check({name})).") from None
            except Exception:  # anything else is for that step's own check to explain
                continue
        raise failed from None


# ---------------------------------------------------------------------------------------------
# Errors raised in the student's own cells, explained in one sentence
# ---------------------------------------------------------------------------------------------


def _explain_type_error(error: BaseException) -> str | None:
    if "Cannot cast ufunc" in str(error):
        return ("❌ NumPy cannot store fractions in an integer array: the pixels are uint8, so an in-place "
                "`/=` has nowhere to put 0.5. Make a float copy of the pixels first, then divide.")
    return None


def _explain_value_error(error: BaseException) -> str | None:
    shapes = re.search(r"shapes \((\d+),\s*(\d+)\) \((\d+),\)", str(error))
    if shapes and shapes[1] == shapes[3]:  # an (N, k) table against N row maxima or sums
        return (f"❌ ValueError: shapes ({shapes[1]}, {shapes[2]}) and ({shapes[3]},) do not broadcast: a maximum or "
                f"sum per row must keep its axis, shape ({shapes[1]}, 1), to line up with the rows of the table"
                f"{checks.where_it_failed(error)}.")
    return None  # the general note of checks.friendly_errors explains the rest


def _explain_index_error(error: BaseException) -> str | None:
    if "out of bounds for axis 1" in str(error):
        return (f"❌ {error}: a label is larger than the last column. Ten digits need ten columns, "
                "numbered 0 … 9: check the number of classes you made room for.")
    return None


EXPLAINERS = {TypeError: _explain_type_error, ValueError: _explain_value_error, IndexError: _explain_index_error}


# ---------------------------------------------------------------------------------------------
# Step 1 · pixels to rows
# ---------------------------------------------------------------------------------------------


@step
def x_small(x) -> None:
    """The first 100 training images as rows of 784 floats in [0, 1]: shape (100, 784)."""
    images, _ = first_images()
    expected = mnist_mlp.prepare_images(images).astype(float)
    (test_images, _) = data.load_mnist()[1]
    n = len(images)
    raw = images.reshape(n, -1)
    with _with():
        mistakes = {
            "the pixels became whole numbers, so every pixel below 255 is 0: integer division (//) or a "
            "cast to an integer type after dividing. Keep them as floats": raw // 255,
            "the pixels are still 0 … 255: scale them into [0, 1] by dividing by the largest possible "
            "pixel value, 255": raw.astype(float),
            "you divided by 256: the brightest pixel, 255, must become exactly 1": raw / 256.0,
            "you flattened to (784, N), one column per image: a dense layer wants one ROW per image, "
            "shape (N, 784)": expected.T,
            "you reshaped to (784, N), which also scrambles the pixels: one row per image is (N, 784)":
                images.reshape(784, n) / 255.0,
            "the pixels were flattened column by column (order='F'): keep NumPy's row-by-row order, "
            "as every other image in the course": images.reshape(n, -1, order="F") / 255.0,
            "the images are scaled but not flattened: a dense layer takes (N, 784), not (N, 28, 28)":
                images / 255.0,
            "the uint8 pixels went through int8, which holds −128 … 127: bright pixels wrapped around to "
            "negative values (an integer overflow)": images.reshape(n, -1).astype(np.int8) / 255.0,
            "these are test images, not the first training images": mnist_mlp.prepare_images(test_images[:n]),
            "you standardised the pixels (mean 0, standard deviation 1): this step keeps them between 0 and 1, "
            "with 0 for a blank pixel": (expected - expected.mean()) / expected.std(),
            "the ink is inverted (1 − pixel/255): a blank pixel must stay 0": 1 - expected,
        }
    checks.check_value("x_small", x, expected, rtol=1e-3, atol=1e-6, mistakes=mistakes)


# ---------------------------------------------------------------------------------------------
# Step 2 · one-hot labels
# ---------------------------------------------------------------------------------------------


def _one_hot_cases() -> list[tuple]:
    _, labels = first_images(8)
    return [(np.array([2, 0, 1, 1]), 4), (np.array([1, 1]), 5), (np.array([0, 3, 9]), 10),
            (labels, 10), (np.array([4, 0, 2], dtype=np.int32), 6)]


@step
def one_hot(func) -> None:
    """``one_hot(labels, n_classes)``: an integer array (N,) → (N, n_classes) rows of 0 with one 1
    (any number dtype)."""
    cases = _one_hot_cases()
    first, _ = _try(func, *cases[0])
    if isinstance(first, np.ndarray) and first.dtype == bool:
        raise checks.failure("one_hot returned True/False values: the one-hot rows are numbers, 1.0 and "
                             "0.0, that the loss multiplies with log-probabilities; give the array a float dtype.")

    def every_label_column(labels, n):
        codes = np.zeros((len(labels), n))
        codes[:, np.asarray(labels)] = 1
        return codes

    _check(func, _one_hot, cases, mistakes={
        "there is one column too few (n_classes − 1): the digits 0 … 9 need ten columns, like the "
        "slide's erratum": lambda labels, n: _one_hot(labels, n - 1),
        "the argument n_classes was ignored: the number of columns came from the largest label, but a "
        "batch may miss the last classes": lambda labels, n: _one_hot(labels, int(np.max(labels)) + 1),
        "the argument n_classes was ignored: you always made 10 columns": lambda labels, n: _one_hot(labels, 10),
        "the table is transposed: one ROW per label and one column per class, shape (N, n_classes)":
            lambda labels, n: _one_hot(labels, n).T,
        "each row got a 1 in the column of every label of the batch: set one entry per row, the row's "
        "own label": every_label_column,
    })


# ---------------------------------------------------------------------------------------------
# Step 3 · softmax
# ---------------------------------------------------------------------------------------------


def _softmax_cases() -> list[tuple]:
    W, b, x, _ = iris()
    return [(np.array([[1.0, 2.0, 3.0], [2.0, 0.0, -1.0], [0.5, 0.5, 4.0]]),),
            (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),),
            (np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -999.0, -998.0]]),),
            (np.array([[1, 2, 3, 4]]),),
            (np.array([[1e4, -1e4], [3.0, 1.0]]),),
            (np.array([[1000.0, -1000.0, 0.0], [0.0, 0.0, -800.0], [5.0, 1.0, 2.0]]),),
            ((W @ x + b)[None, :],)]


def _softmax_over(H, axis, shift="row"):
    H = np.asarray(H, dtype=float)
    if shift == "row":
        H = H - H.max(axis=axis, keepdims=True)
    elif shift == "all":
        H = H - H.max()
    elif shift == "min":
        H = H - H.min(axis=axis, keepdims=True)
    elif shift == "mean":
        H = H - H.mean(axis=axis, keepdims=True)
    e = np.exp(H)
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_mistakes() -> dict:
    def no_keepdims(H):
        H = np.asarray(H, dtype=float)
        e = np.exp(H - H.max(axis=1))
        return e / e.sum(axis=1)

    def no_keepdims_max(H):
        H = np.asarray(H, dtype=float)
        e = np.exp(H - H.max(axis=1))
        return e / e.sum(axis=1, keepdims=True)

    def no_keepdims_sum(H):
        H = np.asarray(H, dtype=float)
        e = np.exp(H - H.max(axis=1, keepdims=True))
        return e / e.sum(axis=1)

    def whole_batch(H):
        H = np.asarray(H, dtype=float)
        e = np.exp(H - H.max(axis=1, keepdims=True))
        return e / e.sum()

    def not_normalised(H):
        H = np.asarray(H, dtype=float)
        return np.exp(H - H.max(axis=1, keepdims=True))

    return {
        "the exponentials overflow: e^1000 is inf, and inf / inf is NaN. Subtract each row's largest score "
        "before exponentiating (it cancels out of the fraction)": lambda H: _softmax_over(H, 1, shift=None),
        "you subtracted the largest score of the whole batch, not of each row: a row far below it "
        "underflows to 0 / 0": lambda H: _softmax_over(H, 1, shift="all"),
        "you subtracted each row's smallest score: that shift cancels out of the fraction, but the largest "
        "score can lie far above the smallest (800 above it in the row [0, 0, −800]) and e^800 overflows; "
        "subtract the largest, so no exponent is above 0": lambda H: _softmax_over(H, 1, shift="min"),
        "you subtracted each row's mean: that shift cancels out of the fraction (softmax ignores a shift of "
        "the whole row), but a score far above its row's mean still overflows: the rows [10000, −10000] and "
        "[1000, −1000, 0] have mean 0, e^1000 is already inf, and inf / inf is NaN. Subtract the row's largest "
        "score, so no exponent is above 0": lambda H: _softmax_over(H, 1, shift="mean"),
        "the softmax ran down the columns (axis 0): each ROW of scores is one example and must add up to 1":
            lambda H: _softmax_over(H, 0),
        "the row maxima and sums lost their axis (no keepdims=True), so they broadcast along the wrong axis":
            no_keepdims,
        "the row maxima lost their axis (no keepdims=True), so each column got another row's maximum":
            no_keepdims_max,
        "the row sums lost their axis (no keepdims=True), so each column was divided by another row's sum":
            no_keepdims_sum,
        "you divided by the sum over the whole batch: each row must add up to 1 on its own": whole_batch,
        "the exponentials were not divided by their row's sum: probabilities add up to 1": not_normalised,
    }


@step
def softmax(func) -> None:
    """``softmax(H)``: a batch of score rows (N, k) → probability rows, stable for huge scores."""
    _check(func, lambda H: layers.softmax(np.asarray(H, dtype=float)), _softmax_cases(), _softmax_mistakes())


# ---------------------------------------------------------------------------------------------
# Step 4 · predict: one bias grows by 1
# ---------------------------------------------------------------------------------------------


def bias_change_columns() -> dict[str, np.ndarray]:
    """P of the iris flower before and after b₂ + 1 (b₂ is the second bias)."""
    W, b, x, _ = iris()
    before = classification.softmax_columns(W, b, x)["P"]
    after = classification.softmax_columns(W, b + np.array([0.0, 1.0, 0.0]), x)["P"]
    return {"class": np.arange(3), "P before": before, "P after": after}


@step
def bias_change(answer) -> None:
    """Predict what b₂ + 1 does to P₁, P₂, P₃ of the iris flower (one of the listed answers)."""
    table = bias_change_columns()
    before, after = table["P before"], table["P after"]
    ratio = (after[1] / after[2]) / (before[1] / before[2])
    checks.check_choice("bias_change", answer, {
        "only P2 changes": "the probabilities always add up to 1, so when P₂ grows the others must make "
                           "room: all three share the denominator Σ exp(H).",
        "P2 up, P1 and P3 down": f"right: exp(H₂) is multiplied by e, the shared denominator grows, so P₂ "
                                 f"rises ({before[1]:.4f} → {after[1]:.4f}) and P₁, P₃ fall; the ratio "
                                 f"P₂/P₃ is multiplied by exactly e ({ratio:.6f}).",
        "all three rise": "the three probabilities add up to 1 before and after: they cannot all rise.",
        "P2 is multiplied by e": "exp(H₂) is multiplied by e, but so is part of the denominator Σ exp(H): "
                                 "P₂ grows by less than a factor e (a probability can never pass 1).",
    }, right="P2 up, P1 and P3 down")


# ---------------------------------------------------------------------------------------------
# Step 5 · cross-entropy
# ---------------------------------------------------------------------------------------------


def _cross_entropy_cases() -> list[tuple]:
    probs = layers.softmax(np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.0, 1.0, 1.0], [0.0, 0.2, 3.0]]))
    labels = np.array([0, 1, 2, 2])
    wide = layers.softmax(np.random.default_rng(7).normal(size=(2, 6)))
    P_iris = bias_change_columns()["P before"][None, :]
    return [(probs, _one_hot(labels, 3)), (probs, labels), (wide, _one_hot([5, 1], 6)), (wide, np.array([5, 1])),
            (P_iris, np.array([[0.0, 0.0, 1.0]])), (P_iris, np.array([2]))]


def _per_row(P, Y, log=np.log):
    """−Σ y·log p of every row, for integer or one-hot labels."""
    P, Y = np.asarray(P, dtype=float), np.asarray(Y)
    if Y.ndim == 1:
        Y = _one_hot(Y, P.shape[1])
    return -(Y * log(P)).sum(axis=1), Y


def _cross_entropy_mistakes() -> dict:
    def base(log):
        return lambda P, Y: float(np.mean(_per_row(P, Y, log)[0]))

    def summed(P, Y):
        return float(np.sum(_per_row(P, Y)[0]))

    def every_entry(P, Y):
        rows, _ = _per_row(P, Y)
        return float(np.sum(rows) / np.size(P))

    def binary(P, Y):
        P = np.asarray(P, dtype=float)
        Y = _per_row(P, Y)[1]
        return float(np.mean(-(Y * np.log(P) + (1 - Y) * np.log(1 - P)).sum(axis=1)))

    def every_probability(P, Y):
        return float(-np.mean(np.log(np.asarray(P, dtype=float))))

    def whole_columns(P, Y):
        Y = np.asarray(Y)
        if Y.ndim != 1:  # one-hot labels done right
            return classification.cross_entropy(P, Y)
        return float(-np.mean(np.log(np.asarray(P, dtype=float)[:, Y])))

    return {
        "you used the base-10 logarithm (log10): the cross-entropy uses the natural logarithm ln": base(np.log10),
        "you used the base-2 logarithm: the cross-entropy uses the natural logarithm ln": base(np.log2),
        "the per-example losses were added up, not averaged over the examples": summed,
        "you averaged over every entry of the (N, k) table, which also divides by the number of classes: "
        "sum over the classes, average over the examples": every_entry,
        "the minus sign is missing: ln p ≤ 0 for a probability, and the loss −ln p is ≥ 0":
            lambda P, Y: -base(np.log)(P, Y),
        "that is the binary cross-entropy summed over the classes (with the (1 − y)·ln(1 − p) term): "
        "with softmax outputs only the true class's −ln p counts": binary,
        "the labels were ignored: you averaged −ln of every probability, not of the true class's":
            every_probability,
        "you returned every example's loss: the step asks for their mean, one number":
            lambda P, Y: _per_row(P, Y)[0],
        "with integer labels you picked whole columns (an N × N table of probabilities), not one entry "
        "per row: pair each row with its own label": whole_columns,
    }


@step
def cross_entropy(func) -> None:
    """``cross_entropy(P, Y)``: mean −ln(probability of the true class); labels integer (N,) or one-hot."""
    cases = _cross_entropy_cases()
    for P, Y in cases[:2]:  # one-hot first, then the same batch with integer labels
        _, error = _try(func, P, Y)
        if error is not None and np.ndim(Y) == 1 and _try(func, P, _one_hot(Y, P.shape[1]))[1] is None:
            raise checks.failure(f"cross_entropy works with one-hot labels but stopped with "
                                 f"{type(error).__name__} on integer labels of shape {np.shape(Y)}: "
                                 f"{error}. Tell the two formats apart by the labels' number of dimensions.")
    _check(func, lambda P, Y: classification.cross_entropy(P, Y), cases, _cross_entropy_mistakes())


# ---------------------------------------------------------------------------------------------
# Step 6 · the slides' iris losses
# ---------------------------------------------------------------------------------------------


@step
def iris_losses(L, L_plus, L_log10) -> None:
    """The iris flower's loss (natural log), the loss after b₂ + 1, and the slide's base-10 loss."""
    W, b, x, label = iris()
    y = _one_hot([label], 3)

    def loss(bias, log=np.log):
        return classification.categorical_cross_entropy(y, classification.softmax_columns(W, bias, x)["P"], log=log)

    plus = b + np.array([0.0, 1.0, 0.0])
    expected = (loss(b), loss(plus), loss(b, np.log10))
    wrong_plus = {"third": b + np.array([0.0, 0.0, 1.0]), "all": b + 1.0}
    mistakes = {
        "b was changed in place: `b_plus = b` does not copy the array, so `b_plus[1] += 1` raised b[1] too, "
        "and L was computed with the raised bias (L equals L_plus). Build a new array (`b + …` or `b.copy()`) "
        "and re-run the cell that loads W, b, x first": (expected[1], expected[1], loss(plus, np.log10)),
        **_plain_int_label_mistakes(W, b, x, label),
        "L and L_plus used the base-10 logarithm (the slide's numbers): the loss uses ln":
            (loss(b, np.log10), loss(plus, np.log10), expected[2]),
        "L_plus added 1 to b[2], the third bias: b₂ is the second bias, b[1] (Python counts from 0)":
            (expected[0], loss(wrong_plus["third"]), expected[2]),
        "L_plus added 1 to every bias: adding the same number to all scores changes no probability, so the "
        "loss stayed the same; only b₂ (b[1]) grows": (expected[0], loss(wrong_plus["all"]), expected[2]),
        "L_log10 multiplies by ln 10 instead of dividing: log₁₀ p = ln p / ln 10, a smaller number":
            (expected[0], expected[1], expected[0] * np.log(10)),
        "L_log10 is the base-10 log of L itself: convert the logarithm inside the loss, log₁₀ p = ln p / ln 10":
            (expected[0], expected[1], np.log10(expected[0])),
    }
    _blame_earlier_steps(lambda: checks.check_value("(L, L_plus, L_log10)", (L, L_plus, L_log10), expected,
                                                    names=("L", "L_plus", "L_log10"), mistakes=mistakes),
                         "softmax", "cross_entropy")


def _plain_int_label_mistakes(W, b, x, label: int) -> dict:
    """What (L, L_plus, L_log10) become with the class given as a plain int instead of an array of shape (1,)."""
    namespace = exercises.notebook_namespace()
    theirs = namespace.get("softmax"), namespace.get("cross_entropy")
    formats = {"usual": lambda row: float(-label * np.sum(np.log(layers.softmax(row))))}  # −Σ y ln p with y = 2
    if all(callable(f) for f in theirs):
        formats["theirs"] = lambda row: float(theirs[1](theirs[0](row), label))
    description = ("the class went to cross_entropy as a plain int (iris_label), not as labels of a batch: your "
                   "cross_entropy takes integer labels of shape (N,), here np.array([iris_label]), shape (1,)")

    def before_and_after(loss):
        return [loss((W @ x + bias)[None, :]) for bias in (b, b + np.array([0.0, 1.0, 0.0]))]

    mistakes = {}
    for name, loss in formats.items():
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                values = checks.quietly(before_and_after, loss)
        except Exception:  # their cross_entropy refuses a plain int: no such mistake to name
            continue
        words = description if name == "usual" else (
            f"{description} (your cross_entropy gives your numbers for the plain int)")
        mistakes[words] = (values[0], values[1], values[0] / np.log(10))
    return mistakes


# ---------------------------------------------------------------------------------------------
# Step 7 · accuracy
# ---------------------------------------------------------------------------------------------


def _accuracy_cases() -> list[tuple]:
    """Batches on which the usual wrong accuracies all give different numbers (one batch is all right)."""
    P3 = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3]])
    Y3 = _one_hot([0, 1, 1], 3)
    rng = np.random.default_rng(3)
    P5 = layers.softmax(rng.normal(size=(5, 4)))
    labels5 = P5.argmax(axis=1)
    labels5[[1, 3]] = (labels5[[1, 3]] + 1) % 4
    P4 = layers.softmax(rng.normal(size=(4, 10)))
    labels4 = P4.argmax(axis=1)
    labels4[[0, 1, 2]] = (labels4[[0, 1, 2]] + 3) % 10
    sure = np.array([[0.0, 1.0, 0.0, 0.0], [0.4, 0.3, 0.2, 0.1], [0.2, 0.2, 0.35, 0.25]])  # every row right
    return [(P3, Y3), (P5, _one_hot(labels5, 4)), (P4, _one_hot(labels4, 10)), (sure, _one_hot([1, 0, 2], 4))]


def _accuracy(P, Y) -> float:
    return evaluation.accuracy(mnist_mlp.labels_of(Y), np.asarray(P).argmax(axis=1))


def _accuracy_mistakes() -> dict:
    def arrays(wrong):
        return lambda P, Y: wrong(np.asarray(P, dtype=float), np.asarray(Y, dtype=float))

    def entrywise(P, Y):
        return float(np.mean(_one_hot(P.argmax(axis=1), Y.shape[1]) == Y))

    return {
        "you compared the one-hot tables entry by entry: the zeros of a wrong row still 'agree', so a bad "
        "model scores high. Compare one class per row": arrays(entrywise),
        "you compared rounded probabilities with the one-hot table entry by entry: compare one class per "
        "row, the position of the largest probability": arrays(lambda P, Y: float(np.mean(np.round(P) == Y))),
        "you rounded the probabilities and counted the rows equal to their one-hot row: a row whose largest "
        "probability is 0.5 or less rounds to all zeros and counts as wrong even when its largest entry is "
        "the true class. Compare positions, the largest entry of each row":
            arrays(lambda P, Y: float(np.mean(np.all(np.round(P) == Y, axis=1)))),
        "the predicted classes (N,) were compared with the whole one-hot table (N, k): take the true class "
        "of each row from Y too": arrays(lambda P, Y: float(np.mean(P.argmax(axis=1) == Y))),
        "the largest entries were looked up down the columns (axis 0): each row is one example":
            arrays(lambda P, Y: float(np.mean(P.argmax(axis=0) == Y.argmax(axis=0)))),
        "argmax without an axis gives one position in the whole flattened table, so you compared one "
        "number with one number (the result is 0 or 1): ask for the position in each row, axis=1":
            arrays(lambda P, Y: float(np.mean(P.argmax() == Y.argmax()))),
        "you compared the largest probability of each row with the largest label entry (1): those are "
        "values, and they agree only when a probability is exactly 1. Compare their positions":
            arrays(lambda P, Y: float(np.mean(P.max(axis=1) == Y.max(axis=1)))),
        "you counted the right rows but did not divide by the number of rows: accuracy is a fraction":
            arrays(lambda P, Y: float(np.sum(P.argmax(axis=1) == Y.argmax(axis=1)))),
        "the count was divided with // (integer division), which rounds every fraction below 1 down to 0: "
        "divide with /": arrays(lambda P, Y: float(np.sum(P.argmax(axis=1) == Y.argmax(axis=1)) // len(Y))),
        "that is a percentage: return the fraction, between 0 and 1": lambda P, Y: 100 * _accuracy(P, Y),
        "that is the error rate, 1 − accuracy: count the rows that are right": lambda P, Y: 1 - _accuracy(P, Y),
        "you took the class with the smallest probability (argmin): the prediction is the largest":
            arrays(lambda P, Y: float(np.mean(P.argmin(axis=1) == Y.argmax(axis=1)))),
        "you returned one True/False per row: the accuracy is the fraction of True, one number":
            arrays(lambda P, Y: P.argmax(axis=1) == Y.argmax(axis=1)),
        "no prediction matched any label, not even in a batch where every prediction is right: are both the "
        "same type? A class as text ('3') never equals the integer 3": lambda P, Y: 0.0,
    }


@step
def accuracy(func) -> None:
    """``accuracy(P, Y)``: the fraction of rows whose most probable class is the true class (Y one-hot)."""
    try:
        _check(func, _accuracy, _accuracy_cases(), _accuracy_mistakes())
    except checks.CheckFailed as failed:
        if "labels" not in exercises.names_called(func):
            raise
        what = str(failed).split("\n🔎")[0]
        raise checks.CheckFailed(f"{what}\n🔎 Your function reads the notebook's `labels` (the labels of the 100 "
                                 "images), not its argument Y: use only P and Y, so it works for any batch.") from None


# ---------------------------------------------------------------------------------------------
# Step 8 · derive: the loss of a network that knows nothing
# ---------------------------------------------------------------------------------------------


@step
def expected_loss(value) -> None:
    """The cross-entropy of a network that gives each of the 10 digits the same probability."""
    if isinstance(value, str):
        raise checks.failure(f"expected_loss is the text {value!r}: give the number itself, without quotes "
                             "(a NumPy formula is fine).")
    checks.check_value("expected_loss", value, float(np.log(CLASSES)), rtol=0.0, atol=0.01, mistakes={
        "0.1 is the probability of the true class; the loss is −ln of it": 0.1,
        "that is −log₁₀(1/10): the cross-entropy uses the natural logarithm": 1.0,
        "the minus sign is missing: ln(1/10) is negative, the loss −ln(1/10) is positive": -float(np.log(CLASSES)),
        "0.9 is the probability of all the wrong classes together: the loss is −ln(probability of the true class)":
            0.9,
        "the loss is not summed over the ten classes: one-hot labels keep only the true class's term":
            float(CLASSES * np.log(CLASSES)),
    })


# ---------------------------------------------------------------------------------------------
# Step 9 · an untrained network on MNIST
# ---------------------------------------------------------------------------------------------


@step
def untrained(loss, acc) -> None:
    """Loss and accuracy of x_small @ random_weights() on the first 100 training images."""
    images, labels = first_images()
    x = mnist_mlp.prepare_images(images).astype(float)
    W = random_weights()
    Y = _one_hot(labels)
    P = layers.softmax(x @ W)
    expected = (classification.cross_entropy(P, Y), _accuracy(P, Y))
    with _with():
        raw = layers.softmax(images.reshape(len(images), -1).astype(float) @ W)
    mistakes = {
        "the scores came from the raw 0 … 255 pixels: use x_small, the scaled rows":
            (classification.cross_entropy(raw, Y), _accuracy(raw, Y)),
        "the accuracy is a percentage: give the fraction, between 0 and 1": (expected[0], 100 * expected[1]),
        "the loss used the base-10 logarithm: the cross-entropy uses ln": (expected[0] / np.log(10), expected[1]),
        "untrained_accuracy is 1/10, the accuracy of guessing: the step asks for what these weights do on "
        "these 100 images, computed with your accuracy from the probabilities": (expected[0], 1 / CLASSES),
        "untrained_loss is ln 10, your prediction from Step 8: the step asks for the loss these weights "
        "really have, computed with your cross_entropy": (float(np.log(CLASSES)), expected[1]),
        "untrained_loss and untrained_accuracy are the guesses ln 10 and 1/10: compute both from the "
        "probabilities of x_small @ W_random": (float(np.log(CLASSES)), 1 / CLASSES),
    }
    _blame_earlier_steps(lambda: checks.check_value("(untrained_loss, untrained_accuracy)", (loss, acc), expected,
                                                    names=("untrained_loss", "untrained_accuracy"), mistakes=mistakes),
                         "x_small", "one_hot", "softmax", "cross_entropy", "accuracy")


# ---------------------------------------------------------------------------------------------
# Step 10 · the gradient of softmax + cross-entropy
# ---------------------------------------------------------------------------------------------


def gradient_batch() -> tuple[np.ndarray, np.ndarray]:
    """A small batch (4 × 5 scores, one-hot labels) for the numerical gradient check (seeded)."""
    H = np.random.default_rng(11).normal(scale=2.0, size=(4, 5))
    return H, _one_hot([0, 3, 1, 4], 5)


def _loss_of_scores(H, Y) -> float:
    return classification.cross_entropy(layers.softmax(np.asarray(H, dtype=float)), Y)


def _backward_reference(H, Y) -> np.ndarray:
    loss = layers.SoftmaxCrossEntropy()
    loss.forward(np.asarray(H, dtype=float), np.asarray(Y, dtype=float))
    return loss.backward()


def _backward_cases() -> list[tuple]:
    H, Y = gradient_batch()
    rng = np.random.default_rng(5)
    return [(H, Y),
            (np.array([[1000.0, 1001.0, 999.0], [1002.0, 1000.0, 1001.0]]), _one_hot([2, 0], 3)),
            (rng.normal(size=(6, 3)), _one_hot([0, 1, 2, 2, 1, 0], 3)),
            (np.array([[1.0, 2.0, 3.0], [2.0, 0.0, -1.0], [0.5, 0.5, 4.0]]), _one_hot([1, 0, 2], 3))]


def _backward_mistakes() -> dict:
    def scaled(shift="row", axis=1, sign=1.0, divide="N", minus_y=True):
        def wrong(H, Y):
            P, Y = _softmax_over(H, axis, shift), np.asarray(Y, dtype=float)
            grad = sign * (P - Y) if minus_y else P
            return grad / {"N": len(P), "1": 1, "Nk": P.size}[divide]
        return wrong

    return {
        "the division by the batch size N is missing: the loss is a mean over the examples, so each "
        "example's gradient is divided by N": scaled(divide="1"),
        "the sign is flipped (Y − P): the loss falls fastest along −(P − Y), so its gradient is P − Y":
            scaled(sign=-1.0),
        "you divided by N·k, every entry of the table: the loss averages over the N examples only":
            scaled(divide="Nk"),
        "P came from exponentials that overflow (e^1000 = inf, inf / inf = NaN): subtract each row's "
        "largest score first, or call your stable softmax": scaled(shift=None),
        "the softmax inside ran over axis 0 (down the columns): each row of scores is one example":
            scaled(axis=0),
        "the one-hot labels were not subtracted: the gradient is P − Y, not P": scaled(minus_y=False),
        "you averaged over the examples, which leaves one row (that is the next step, the bias's gradient): "
        "∂L/∂H keeps one row per example": lambda H, Y: _backward_reference(H, Y).sum(axis=0),
    }


@step
def softmax_cross_entropy_backward(func) -> None:
    """``softmax_cross_entropy_backward(H, Y)``: ∂L/∂H for L = mean cross-entropy of softmax(H), shape (N, k)."""
    H, Y = gradient_batch()
    numerical = gradient_check.numerical_gradient(lambda h: _loss_of_scores(h, Y), H)
    got, _ = _try(func, H, Y)
    try:
        error = gradient_check.relative_error(got, numerical)
    except Exception:  # None, a wrong shape, text: check_function explains it
        error = None
    report = "" if error is None else _gradient_report(error)
    try:
        _check(func, _backward_reference, _backward_cases(), _backward_mistakes(), rtol=1e-6, atol=1e-9)
    except checks.CheckFailed as failed:
        raise checks.CheckFailed(f"{failed}{report}") from None
    if error is None or not error < 1e-6:
        raise checks.failure(f"your gradient matches the reference but not the numerical gradient{report}")
    print(f"✅ Gradient check on a 4 × 5 batch: relative error {error:.1e} between your gradient and central "
          f"differences (h = {gradient_check.DEFAULT_H:g}): they agree (wrong gradients give 1e-2 or more).")


def _gradient_report(error: float) -> str:
    """The numerical gradient check's verdict, with its relative error as a magnitude."""
    where = (f"\n📏 Gradient check on a 4 × 5 batch of moderate scores: relative error {error:.1e} between your "
             f"gradient and central differences (h = {gradient_check.DEFAULT_H:g})")
    if error < 1e-6:
        return f"{where}: they agree (right gradients give 1e-7 or less), so look at the case named above."
    return f"{where}: right gradients give 1e-7 or less, wrong ones 1e-2 or more."


def train_softmax_regression(backward, steps: int = 100, learning_rate: float = 0.5, n: int = 1000):
    """Full-batch gradient descent on a 784 → 10 softmax layer, with ∂L/∂H from ``backward(H, Y)``.

    Returns (training losses, validation accuracy): the first ``n`` training images train it, the
    next ``N_VALID`` validate it. The weights start at 0, so every run gives the same numbers.
    """
    _require_passing(softmax_cross_entropy_backward, backward)
    images, labels = first_images(n + N_VALID)
    x, Y = mnist_mlp.prepare_images(images).astype(float), _one_hot(labels)
    (x_train, Y_train), (x_valid, Y_valid) = (x[:n], Y[:n]), (x[n:], Y[n:])
    W, b = np.zeros((784, CLASSES)), np.zeros(CLASSES)
    losses = []
    for _ in range(steps):
        H = x_train @ W + b
        losses.append(_loss_of_scores(H, Y_train))
        dH = np.asarray(backward(H, Y_train), dtype=float)
        W -= learning_rate * x_train.T @ dH  # the Affine layer's backward pass (lesson 05)
        b -= learning_rate * dH.sum(axis=0)
    return losses, _accuracy(layers.softmax(x_valid @ W + b), Y_valid)


def _require_passing(earlier, func) -> None:
    """Stop (⏳ or ❌) unless ``func`` passes the check of step ``earlier``: training needs a right gradient."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            earlier._checker(func)
    except checks.StepNotFinished:
        raise checks.StepNotFinished(f"⏳ The training waits for Step 10: write `{earlier.key}`, run its check, "
                                     "then run this cell.") from None
    except checks.CheckFailed as failed:
        reason = str(failed).removeprefix("❌ ").split("\n📏")[0]
        raise checks.failure(f"the training needs a gradient that passes Step 10, and yours does not yet, so "
                             f"it would not learn (or its loss would blow up): {reason}\n   Fix "
                             f"`{earlier.key}` until ex.{earlier.key}.check({earlier.key}) passes, "
                             "then run this cell again.") from None


# ---------------------------------------------------------------------------------------------
# Step 11 · diagnose training curves
# ---------------------------------------------------------------------------------------------

RUNS = {  # name → (training images, layer sizes, optimizer); the settings are shown after the step
    "run A": (100, (784, 256, 10), lambda: optimizers.Adam()),
    "run B": (6000, (784, 10), lambda: optimizers.SGD(learning_rate=0.1)),
    "run C": (2000, (784, 2, 10), lambda: optimizers.Adam()),
}
RUN_EPOCHS = 50
RIGHT = {"run A": "overfitting", "run B": "good fit", "run C": "underfitting"}
SYNONYMS = {"overfit": "overfitting", "over fitting": "overfitting", "over fit": "overfitting",
            "underfit": "underfitting", "under fitting": "underfitting", "under fit": "underfitting",
            "good": "good fit", "fit": "good fit", "good fitting": "good fit", "well fit": "good fit",
            "fits well": "good fit", "good fitted": "good fit", "just right": "good fit"}


def training_runs() -> dict[str, dict[str, list[float]]]:
    """Three short NumPy trainings on MNIST (seeded, about a second): their histories, like Keras's."""
    return copy.deepcopy(_training_runs())


@functools.cache
def _training_runs() -> dict[str, dict[str, list[float]]]:
    n_max = max(n for n, _, _ in RUNS.values())
    images, labels = first_images(n_max + N_VALID)
    x, Y = mnist_mlp.prepare_images(images).astype(float), _one_hot(labels)  # float64: the same digits everywhere
    valid = (x[n_max:], Y[n_max:])
    runs = {}
    for name, (n, sizes, optimizer) in RUNS.items():
        network = mnist_mlp.NumpyMLP(sizes, np.random.default_rng(0), optimizer=optimizer(), dtype=np.float64)
        runs[name] = network.fit(x[:n], Y[:n], epochs=RUN_EPOCHS, batch_size=200, rng=np.random.default_rng(1),
                                 validation_data=valid, progress=False)
    return runs


def run_settings() -> str:
    """What each run was, one line each (shown after the diagnosis)."""
    return "\n".join(f"{name}: {n:,} training images, layers {' → '.join(map(str, sizes))}, "
                     f"{type(optimizer()).__name__}, {RUN_EPOCHS} epochs"
                     for name, (n, sizes, optimizer) in RUNS.items())


def _reasons(history: dict[str, list[float]]) -> dict[str, str]:
    train, valid = history["loss"], history["val_loss"]
    best = int(np.argmin(valid))
    facts = (f"the training loss ends at {train[-1]:.3f} and the validation loss at {valid[-1]:.3f} "
             f"(lowest {valid[best]:.3f}, epoch {best + 1})")
    return {
        "overfitting": f"{facts}. Overfitting means the training loss keeps falling far below a validation loss "
                       "that has stopped improving or turned upwards: the model memorises its training images.",
        "underfitting": f"{facts}. Underfitting means both losses stay high and close together: the model "
                        f"cannot even fit its training images (a network that knows nothing scores ln 10 ≈ "
                        f"{np.log(CLASSES):.2f}).",
        "good fit": f"{facts}. A good fit has both losses low and close together, the validation loss still "
                    "at (or near) its lowest.",
    }


@step
def diagnosis(run_a, run_b, run_c) -> None:
    """Diagnose each run's loss curves: "overfitting", "underfitting" or "good fit"."""
    runs = training_runs()
    for (name, history), answer in zip(runs.items(), (run_a, run_b, run_c)):
        variable = name.lower().replace(" ", "_")  # "run A" → run_a, the notebook's name
        checks.check_choice(variable, answer, _reasons(history), right=RIGHT[name], aliases=SYNONYMS)
