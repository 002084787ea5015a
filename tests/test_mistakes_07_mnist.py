"""Exercise 07's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

import copy
import warnings
from pathlib import Path

import numpy as np
import pytest
from mistakes import caught, waits_for

from course_lib import checks
from course_lib.checks import CheckFailed, StepNotFinished
from course_lib.exercises import mnist as ex

IMAGES, LABELS = ex.first_images()
W, B, X, LABEL = ex.iris()


# --- right answers, as the solution writes them ------------------------------------------------

def one_hot(labels, n_classes):
    codes = np.zeros((len(labels), n_classes))
    codes[np.arange(len(labels)), labels] = 1.0
    return codes


def softmax(H):
    H = np.asarray(H, dtype=float)
    e = np.exp(H - H.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, Y):
    P, Y = np.asarray(P, dtype=float), np.asarray(Y)
    if Y.ndim == 1:
        Y = one_hot(Y, P.shape[1])
    return float(np.mean(-np.sum(Y * np.log(P), axis=1)))


def accuracy(P, Y):
    return float(np.mean(P.argmax(axis=1) == Y.argmax(axis=1)))


def iris_loss(bias, log=np.log):
    return cross_entropy(softmax((W @ X + bias)[None, :]), np.array([LABEL])) / (np.log(10) if log is np.log10 else 1)


L, L_PLUS = iris_loss(B), iris_loss(B + np.array([0.0, 1.0, 0.0]))
labels = LABELS  # the notebook's global `labels`, read by a wrong accuracy below


def untrained_values():
    P = softmax((IMAGES.reshape(100, 784) / 255) @ ex.random_weights())
    return cross_entropy(P, LABELS), accuracy(P, one_hot(LABELS, 10))


UNTRAINED = untrained_values()


# --- the mistakes -------------------------------------------------------------------------------

def x_small_transposed():
    return IMAGES.reshape(100, 784).T / 255


def one_hot_nine_columns(labels, n_classes):
    codes = np.zeros((len(labels), n_classes - 1))
    codes[np.arange(len(labels)), labels] = 1
    return codes


def one_hot_own_count(labels, n_classes):
    return np.eye(np.max(labels) + 1)[labels]


def one_hot_every_column(labels, n_classes):
    codes = np.zeros((len(labels), n_classes))
    codes[:, labels] = 1
    return codes


def softmax_unstable(H):
    return np.exp(H) / np.exp(H).sum(axis=1, keepdims=True)


def softmax_global_max(H):
    e = np.exp(H - np.max(H))
    return e / e.sum(axis=1, keepdims=True)


def softmax_columns(H):
    e = np.exp(H - H.max(axis=0))
    return e / e.sum(axis=0)


def softmax_no_keepdims(H):
    e = np.exp(H - H.max(axis=1))
    return e / e.sum(axis=1)


def softmax_in_place(H):
    H -= H.max(axis=1, keepdims=True)
    e = np.exp(H)
    return e / e.sum(axis=1, keepdims=True)


def softmax_batch_total(H):
    e = np.exp(H - H.max(axis=1, keepdims=True))
    return e / e.sum()


def softmax_min(H):
    e = np.exp(H - H.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_mean(H):
    e = np.exp(H - H.mean(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def both_formats(per_row_loss, reduce=np.mean):
    """A cross-entropy that handles both label formats, with a mistake in the per-row loss or the mean."""
    def ce(P, Y):
        Y = np.asarray(Y)
        if Y.ndim == 1:
            Y = one_hot(Y, P.shape[1])
        return reduce(per_row_loss(P, Y))
    return ce


def ce_only_one_hot(P, Y):
    return np.mean(-np.sum(Y * np.log(P), axis=1))


def ce_whole_columns(P, Y):
    if Y.ndim == 1:
        return -np.mean(np.log(P[:, Y]))
    return np.mean(-np.sum(Y * np.log(P), axis=1))


def accuracy_as_text(P, Y):
    predicted = np.array([str(c) for c in P.argmax(axis=1)])
    return np.mean(predicted == Y.argmax(axis=1))


def backward_factory(shift=True, axis=1, sign=1, divide=True, minus_y=True):
    def backward(H, Y):
        shifted = H - H.max(axis=axis, keepdims=True) if shift else H
        e = np.exp(shifted)
        P = e / e.sum(axis=axis, keepdims=True)
        grad = sign * (P - Y) if minus_y else P
        return grad / len(H) if divide else grad
    return backward


def backward_in_place(H, Y):
    H -= H.max(axis=1, keepdims=True)
    P = np.exp(H) / np.exp(H).sum(axis=1, keepdims=True)
    return (P - Y) / len(H)


@pytest.mark.parametrize("step, answer, words", [
    # Step 1 · pixels to rows
    (ex.x_small, (IMAGES.reshape(100, 784) // 255,), "whole numbers"),
    (ex.x_small, (IMAGES.reshape(100, 784).astype(float) / 255 // 1,), "whole numbers"),
    (ex.x_small, (IMAGES.reshape(100, 784),), "still 0 … 255"),
    (ex.x_small, (IMAGES.reshape(784, 100) / 255,), "(784, N)"),
    (ex.x_small, (x_small_transposed(),), "one column per image"),
    (ex.x_small, (IMAGES / 255,), "not flattened"),
    (ex.x_small, (IMAGES.reshape(100, 784).astype(np.int8) / 255,), "wrapped around"),
    (ex.x_small, (IMAGES.reshape(100, 784) / 256,), "divided by 256"),
    (ex.x_small, (IMAGES.reshape(100, 784, order="F") / 255,), "column by column"),
    (ex.x_small, (list(IMAGES.reshape(100, 784) / 255),), "Python list"),
    (ex.x_small, ((IMAGES.reshape(100, 784) - IMAGES.mean()) / IMAGES.std(),), "standardised"),
    (ex.x_small, (1 - IMAGES.reshape(100, 784) / 255,), "inverted"),
    # Step 2 · one-hot
    (ex.one_hot, (one_hot_nine_columns,), "one column too few"),
    (ex.one_hot, (one_hot_own_count,), "n_classes was ignored: the number of columns came from the largest label"),
    (ex.one_hot, (lambda labels, n: np.eye(10)[labels],), "you always made 10 columns"),
    (ex.one_hot, (lambda labels, n: one_hot(labels, n).T,), "transposed"),
    (ex.one_hot, (one_hot_every_column,), "a 1 in the column of every label"),
    (ex.one_hot, (lambda labels, n: np.eye(n, dtype=bool)[labels],), "True/False"),
    (ex.one_hot, (lambda labels, n: None,), "forget the `return`"),
    # Step 3 · softmax
    (ex.softmax, (softmax_unstable,), "e^1000 is inf"),
    (ex.softmax, (softmax_global_max,), "largest score of the whole batch"),
    (ex.softmax, (softmax_columns,), "down the columns (axis 0)"),
    (ex.softmax, (softmax_no_keepdims,), "lost their axis"),
    (ex.softmax, (softmax_in_place,), "changed its input `H` in place"),
    (ex.softmax, (softmax_batch_total,), "sum over the whole batch"),
    (ex.softmax, (softmax_min,), "smallest score"),
    (ex.softmax, (softmax_mean,), "subtracted each row's mean"),
    (ex.softmax, (lambda H: np.exp(H - H.max(axis=1, keepdims=True)),), "not divided by their row's sum"),
    # Step 4 · predict
    (ex.bias_change, ("only P2 changes",), "add up to 1"),
    (ex.bias_change, ("P2 is multiplied by e",), "grows by less than a factor e"),
    (ex.bias_change, ("all three rise",), "cannot all rise"),
    (ex.bias_change, ("P2 goes up",), "answer with one of"),
    # Step 5 · cross-entropy
    (ex.cross_entropy, (both_formats(lambda P, Y: -np.sum(Y * np.log10(P), axis=1)),), "base-10 logarithm"),
    (ex.cross_entropy, (both_formats(lambda P, Y: -np.sum(Y * np.log(P), axis=1), np.sum),), "added up, not averaged"),
    (ex.cross_entropy, (both_formats(lambda P, Y: -Y * np.log(P)),), "every entry of the (N, k) table"),
    (ex.cross_entropy, (both_formats(lambda P, Y: np.sum(Y * np.log(P), axis=1)),), "minus sign is missing"),
    (ex.cross_entropy, (both_formats(lambda P, Y: -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P), axis=1)),),
     "binary cross-entropy"),
    (ex.cross_entropy, (both_formats(lambda P, Y: -np.log(P)),), "labels were ignored"),
    (ex.cross_entropy, (ce_only_one_hot,), "works with one-hot labels but stopped"),
    (ex.cross_entropy, (ce_whole_columns,), "whole columns"),
    (ex.cross_entropy, (both_formats(lambda P, Y: -np.sum(Y * np.log(P), axis=1), lambda rows: rows),),
     "every example's loss"),
    # Step 6 · iris losses
    (ex.iris_losses, (iris_loss(B, np.log10), iris_loss(B + np.array([0.0, 1.0, 0.0]), np.log10), L / np.log(10)),
     "base-10 logarithm (the slide's numbers)"),
    (ex.iris_losses, (L, iris_loss(B + np.array([0.0, 0.0, 1.0])), L / np.log(10)), "b₂ is the second bias, b[1]"),
    (ex.iris_losses, (L, iris_loss(B + 1), L / np.log(10)), "added 1 to every bias"),
    (ex.iris_losses, (L, L_PLUS, L * np.log(10)), "multiplies by ln 10 instead of dividing"),
    (ex.iris_losses, (L, L_PLUS, np.log10(L)), "base-10 log of L itself"),
    (ex.iris_losses, (L, L_PLUS, None), "L_log10 returned None"),
    (ex.iris_losses, (L_PLUS, L_PLUS, L_PLUS / np.log(10)), "b was changed in place: `b_plus = b` does not copy"),
    (ex.iris_losses, (cross_entropy(softmax((W @ X + B)[None, :]), LABEL),
                      cross_entropy(softmax((W @ X + B + np.array([0.0, 1.0, 0.0]))[None, :]), LABEL),
                      cross_entropy(softmax((W @ X + B)[None, :]), LABEL) / np.log(10)), "as a plain int"),
    # Step 7 · accuracy
    (ex.accuracy, (lambda P, Y: np.mean(one_hot(P.argmax(axis=1), Y.shape[1]) == Y),), "entry by entry"),
    (ex.accuracy, (lambda P, Y: np.mean(np.round(P) == Y),), "rounded probabilities"),
    (ex.accuracy, (lambda P, Y: np.mean(P.argmax(axis=1) == Y),), "compared with the whole one-hot table"),
    (ex.accuracy, (lambda P, Y: np.mean(P.argmax(axis=0) == Y.argmax(axis=0)),), "down the columns (axis 0)"),
    (ex.accuracy, (lambda P, Y: np.sum(P.argmax(axis=1) == Y.argmax(axis=1)),), "did not divide"),
    (ex.accuracy, (lambda P, Y: 100 * accuracy(P, Y),), "percentage"),
    (ex.accuracy, (lambda P, Y: 1 - accuracy(P, Y),), "error rate"),
    (ex.accuracy, (lambda P, Y: np.mean(P.argmin(axis=1) == Y.argmax(axis=1)),), "argmin"),
    (ex.accuracy, (accuracy_as_text,), "never equals the integer 3"),
    (ex.accuracy, (lambda P, Y: P.argmax(axis=1) == Y.argmax(axis=1),), "one True/False per row"),
    (ex.accuracy, (lambda P, Y: np.mean(P.max(1) == Y.max(1)),), "compared the largest probability"),
    (ex.accuracy, (lambda P, Y: np.sum(P.argmax(axis=1) == Y.argmax(axis=1)) // len(Y),), "// (integer division)"),
    (ex.accuracy, (lambda P, Y: np.mean(P.argmax() == Y.argmax()),), "argmax without an axis"),
    (ex.accuracy, (lambda P, Y: np.mean(np.all(np.round(P) == Y, axis=1)),), "counted the rows equal to their one-hot"),
    (ex.accuracy, (lambda P, Y: np.mean(P.argmax(axis=1) == labels[:len(P)]),), "reads the notebook's `labels`"),
    # Step 8 · derive
    (ex.expected_loss, (0.1,), "probability of the true class"),
    (ex.expected_loss, (np.log10(10),), "natural logarithm"),
    (ex.expected_loss, (np.log(0.1),), "minus sign is missing"),
    (ex.expected_loss, (0.9,), "all the wrong classes"),
    (ex.expected_loss, ("2.3",), "without quotes"),
    # Step 9 · untrained
    (ex.untrained, (cross_entropy(softmax(IMAGES.reshape(100, 784) @ ex.random_weights()), LABELS),
                    accuracy(softmax(IMAGES.reshape(100, 784) @ ex.random_weights()), one_hot(LABELS, 10))),
     "raw 0 … 255 pixels"),
    (ex.untrained, (UNTRAINED[0], 0.1), "the accuracy of guessing"),
    (ex.untrained, (UNTRAINED[0], 1 / 10), "computed with your accuracy"),
    (ex.untrained, (np.log(10), UNTRAINED[1]), "your prediction from Step 8"),
    (ex.untrained, (np.log(10), 0.1), "are the guesses ln 10 and 1/10"),
    # Step 10 · backward
    (ex.softmax_cross_entropy_backward, (backward_factory(divide=False),), "division by the batch size N is missing"),
    (ex.softmax_cross_entropy_backward, (backward_factory(sign=-1),), "the sign is flipped (Y − P)"),
    (ex.softmax_cross_entropy_backward, (backward_factory(shift=False),), "overflow"),
    (ex.softmax_cross_entropy_backward, (backward_factory(axis=0),), "over axis 0"),
    (ex.softmax_cross_entropy_backward, (backward_factory(minus_y=False),), "not subtracted"),
    (ex.softmax_cross_entropy_backward, (lambda H, Y: backward_factory()(H, Y) / H.shape[1],), "divided by N·k"),
    (ex.softmax_cross_entropy_backward, (lambda H, Y: np.mean(softmax(H) - Y),), "a NumPy array of shape (4, 5)"),
    (ex.softmax_cross_entropy_backward, (backward_in_place,), "changed its input `H` in place"),
    (ex.softmax_cross_entropy_backward, (lambda H, Y: np.mean(softmax(H) - Y, axis=0),), "one row per example"),
    # Step 11 · diagnosis
    (ex.diagnosis, ("good fit", "good fit", "underfitting"), "run_a = 'good fit' is not right"),
    (ex.diagnosis, ("overfitting", "overfitting", "underfitting"), "run_b = 'overfitting' is not right"),
    (ex.diagnosis, ("overfitting", "good fit", "good fit"), "run_c = 'good fit' is not right"),
    (ex.diagnosis, ("underfitting", "good fit", "overfitting"), "cannot even fit its training images"),
    (ex.diagnosis, ("overfitting", "fine", "underfitting"), "answer with one of"),
])
def test_each_mistake_is_named(step, answer, words):
    with np.errstate(all="ignore"):
        assert words in caught(step, *answer)


def test_the_numerical_gradient_check_reports_its_relative_error(capsys):
    message = caught(ex.softmax_cross_entropy_backward, backward_factory(divide=False))
    assert "📏 Gradient check on a 4 × 5 batch of moderate scores: relative error" in message
    ex.softmax_cross_entropy_backward.check(backward_factory())
    out = capsys.readouterr().out
    assert "✅ Gradient check" in out and "e-0" in out  # a magnitude such as 1.1e-08


def test_right_answers_written_differently_pass():
    ex.x_small.check(IMAGES.reshape(-1, 784) / 255.0)
    ex.x_small.check(np.array([image.ravel() for image in IMAGES], dtype=np.float64) * (1 / 255))
    ex.x_small.check((IMAGES.astype(np.float16) / 255).reshape(100, 784))

    def one_hot_loop(labels, n_classes):
        rows = []
        for label in labels:
            row = [0] * n_classes
            row[int(label)] = 1
            rows.append(row)
        return np.array(rows)

    ex.one_hot.check(one_hot_loop)
    ex.one_hot.check(lambda labels, n: np.eye(n)[labels])

    def softmax_rows(H):
        out = []
        for row in np.asarray(H, dtype=float):
            e = np.exp(row - max(row))
            out.append(e / sum(e))
        return np.array(out)

    def softmax_logsumexp(H):
        m = np.max(H, axis=-1, keepdims=True)
        return np.exp(H - m - np.log(np.sum(np.exp(H - m), axis=-1, keepdims=True)))

    ex.softmax.check(softmax_rows)
    ex.softmax.check(softmax_logsumexp)
    for answer in ("P2 up, P1 and P3 down", "p2 up, p1 and p3 down", "  P2 UP, P1 AND P3 DOWN "):
        ex.bias_change.check(answer)

    def ce_pick(P, Y):
        Y = np.asarray(Y)
        labels = Y.argmax(axis=1) if Y.ndim == 2 else Y
        return -np.mean(np.log(np.take_along_axis(P, labels[:, None], axis=1)))

    def ce_loop(P, Y):
        total = 0.0
        for row, target in zip(P, Y):
            total -= np.log(row[target]) if np.ndim(target) == 0 else np.log(np.dot(row, target))
        return total / len(P)

    ex.cross_entropy.check(ce_pick)
    ex.cross_entropy.check(ce_loop)
    ex.iris_losses.check(-np.log(softmax((W @ X + B).reshape(1, 3))[0, 2]), L_PLUS,
                         -np.log10(softmax((W @ X + B)[None])[0, 2]))

    def accuracy_loop(P, Y):
        right = sum(int(np.argmax(p) == np.argmax(y)) for p, y in zip(P, Y))
        return right / len(P)

    ex.accuracy.check(accuracy_loop)
    for value in (np.log(10), -np.log(1 / 10), 2.3, 2.30, np.float32(2.3026)):
        ex.expected_loss.check(value)
    x = (IMAGES.reshape(100, 784) / 255).astype(np.float32)
    P = softmax(x @ ex.random_weights())
    ex.untrained.check(cross_entropy(P, LABELS), accuracy(P, one_hot(LABELS, 10)))

    def backward_rows(H, Y):
        grad = np.empty_like(np.asarray(H, dtype=float))
        for i, (h, y) in enumerate(zip(H, Y)):
            e = np.exp(h - h.max())
            grad[i] = (e / e.sum() - y) / len(H)
        return grad

    ex.softmax_cross_entropy_backward.check(backward_rows)
    ex.softmax_cross_entropy_backward.check(lambda H, Y: (softmax(H) - Y) * (1 / H.shape[0]))
    for answers in (("overfitting", "good fit", "underfitting"), ("Overfit", "good", "under-fitting"),
                    ("OVERFITTING", "Good Fit", "underfit")):
        ex.diagnosis.check(*answers)


@pytest.mark.parametrize("bad", [None, "abc", np.nan, np.zeros((2, 2)), [1, 2], object()])
def test_a_check_never_crashes_on_a_bad_value(bad):
    for step in (ex.x_small, ex.bias_change, ex.expected_loss):
        caught(step, bad)
    caught(ex.iris_losses, bad, bad, bad)
    caught(ex.untrained, bad, bad)
    caught(ex.diagnosis, bad, bad, bad)
    for step in (ex.one_hot, ex.softmax, ex.cross_entropy, ex.accuracy, ex.softmax_cross_entropy_backward):
        caught(step, bad)  # not a function
        caught(step, lambda *args, bad=bad: bad)  # a function returning the bad value


def test_unfinished_steps_say_so():
    waits_for(ex.one_hot, ex.softmax, ex.cross_entropy, ex.accuracy, ex.softmax_cross_entropy_backward)


def test_a_check_leaves_the_students_data_alone():
    images_before = IMAGES.copy()
    ex.x_small.check(IMAGES.reshape(100, 784) / 255)
    assert np.array_equal(IMAGES, images_before)
    caught(ex.softmax, softmax_in_place)  # the check gave it copies: nothing of the caller's changed
    first, again = ex.first_images()[0], ex.first_images()[0]
    assert np.array_equal(first, again)


def test_errors_in_the_students_own_cells_are_explained_in_one_sentence():
    x = IMAGES.reshape(100, 784)
    with pytest.raises(TypeError) as cast:
        x /= 255
    assert "in-place" in ex.EXPLAINERS[TypeError](cast.value)
    with pytest.raises(ValueError) as broadcast:
        np.zeros((4, 3)) - np.zeros((4, 3)).max(axis=1)
    assert "keep its axis, shape (4, 1)" in ex.EXPLAINERS[ValueError](broadcast.value)
    with pytest.raises(ValueError) as other:
        np.zeros((4, 3)) - np.zeros(2)
    assert ex.EXPLAINERS[ValueError](other.value) is None  # left to the general note of friendly_errors
    with pytest.raises(IndexError) as index:
        one_hot_nine_columns(np.array([0, 9]), 10)
    assert "Ten digits need ten columns" in ex.EXPLAINERS[IndexError](index.value)
    assert ex.EXPLAINERS[TypeError](TypeError("something else")) is None


def test_your_gradient_trains_a_softmax_layer_and_the_runs_are_what_they_claim():
    losses, valid_accuracy = ex.train_softmax_regression(backward_factory(), steps=30)
    assert losses[-1] < losses[0] and valid_accuracy > 0.7
    runs = ex.training_runs()
    over, good, under = (runs[name] for name in ("run A", "run B", "run C"))
    assert over["loss"][-1] < 0.1 * over["val_loss"][-1] and over["val_loss"][-1] > min(over["val_loss"])
    assert abs(good["loss"][-1] - good["val_loss"][-1]) < 0.1 and good["val_loss"][-1] < 0.5
    assert under["loss"][-1] > 1.0 and abs(under["loss"][-1] - under["val_loss"][-1]) < 0.1


def test_a_value_built_from_a_wrong_earlier_function_blames_that_function(monkeypatch):
    from course_lib import exercises

    def cross_entropy_log10(P, Y):
        return cross_entropy(P, Y) / np.log(10)

    monkeypatch.setattr(exercises, "notebook_namespace",
                        lambda: {"softmax": softmax, "cross_entropy": cross_entropy_log10})
    wrong_L = cross_entropy_log10(softmax((W @ X + B)[None, :]), np.array([LABEL]))
    message = caught(ex.iris_losses, wrong_L, L_PLUS, L / np.log(10))
    assert "uses your `cross_entropy`, which is not right yet" in message and "base-10" in message
    ex.iris_losses.check(L, L_PLUS, L / np.log(10))  # a right value passes, whatever the functions


# --- findings of the student trial ----------------------------------------------------------------

def test_the_untrained_accuracy_is_not_a_number_to_guess():
    loss, acc = UNTRAINED
    assert acc not in (0.0, 0.1, 0.5, 1.0) and not np.isclose(loss, np.log(10), rtol=1e-6)
    ex.untrained.check(loss, acc)


def test_one_hot_cases_are_integer_arrays_as_the_prompt_promises():
    for labels_, _n in ex._one_hot_cases():
        assert isinstance(labels_, np.ndarray) and labels_.ndim == 1 and np.issubdtype(labels_.dtype, np.integer)
    ex.one_hot.check(lambda labels, n_classes: (labels[:, None] == np.arange(n_classes)).astype(float))
    ex.one_hot.check(lambda labels, n_classes: (labels[:, None] == np.arange(n_classes)).astype(int))


def test_each_catalogued_mistake_is_told_apart_from_the_others_by_the_cases():
    """A mistake is named only when it explains every case: no two catalogued mistakes may agree on all."""
    for mistakes, cases in ((ex._accuracy_mistakes(), ex._accuracy_cases()),
                            (ex._softmax_mistakes(), ex._softmax_cases()),
                            (ex._backward_mistakes(), ex._backward_cases()),
                            (ex._cross_entropy_mistakes(), ex._cross_entropy_cases())):
        for description, wrong in mistakes.items():
            results = []
            for case in cases:  # the cases a student's function with this mistake runs on
                try:
                    results.append((tuple(case), {}, checks.quietly(wrong, *copy.deepcopy(tuple(case)))))
                except Exception:
                    continue
            named = checks.explaining_mistakes(mistakes, results, 1e-6, 1e-9)
            assert list(named) == [description]


def test_a_softmax_that_shifts_by_the_mean_is_named_truly():
    with np.errstate(all="ignore"):  # the student's own overflow: theirs to see, not this test's
        message = caught(ex.softmax, softmax_mean)
    assert "each row's mean" in message and "smallest" not in message and "overflows" in message


def test_the_checks_own_computations_never_warn_the_student():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        caught(ex.softmax, lambda H: np.full(np.shape(H), 0.5))  # every mistake function runs, quietly
        caught(ex.softmax_cross_entropy_backward, lambda H, Y: np.zeros(np.shape(H)))
    assert not [w for w in seen if "exercises" in w.filename and "mnist" in w.filename]


def test_the_first_hint_of_the_gradient_gives_the_idea_not_the_formula():
    from course_lib.exercises import load_help

    hints = load_help("07_mnist")["softmax_cross_entropy_backward"]["hints"]
    assert len(hints) == 3
    assert not any(words in hints[0] for words in ("1/N", "P - Y", "P − Y", "minus its one-hot", "(P", "return"))
    assert "(P - Y) / N" in hints[1] and "return" in hints[2]


def test_training_refuses_a_gradient_that_fails_step_10():
    with pytest.raises(CheckFailed, match="needs a gradient that passes Step 10") as failed:
        ex.train_softmax_regression(backward_factory(divide=False), steps=2)
    assert "division by the batch size N is missing" in str(failed.value)

    def unfinished(H, Y):
        raise NotImplementedError

    with pytest.raises(StepNotFinished, match="waits for Step 10"):
        ex.train_softmax_regression(unfinished, steps=2)


def test_iris_mistakes_of_the_students_own_functions_are_named(monkeypatch):
    from course_lib import exercises

    def ce_pick_any(P, Y):  # takes a plain int too, but as −Σ ln p of the row (a different number)
        Y = np.asarray(Y)
        if Y.ndim == 0:
            return float(-np.sum(np.log(P)))
        return cross_entropy(P, Y)

    monkeypatch.setattr(exercises, "notebook_namespace", lambda: {"softmax": softmax, "cross_entropy": ce_pick_any})
    row = softmax((W @ X + B)[None, :])
    wrong = ce_pick_any(row, LABEL)
    wrong_plus = ce_pick_any(softmax((W @ X + B + np.array([0.0, 1.0, 0.0]))[None, :]), LABEL)
    message = caught(ex.iris_losses, wrong, wrong_plus, wrong / np.log(10))
    assert "as a plain int" in message and "your cross_entropy gives your numbers" in message


def test_the_exercise_imports_no_lesson_module_that_holds_answers():
    source = (Path(__file__).resolve().parents[1] / "solutions" / "07_mnist.py").read_text()
    for module in ("classification", "evaluation", "mnist_mlp", "layers"):
        assert f"{module}." not in source and f" {module}," not in source and f" {module}\n" not in source
