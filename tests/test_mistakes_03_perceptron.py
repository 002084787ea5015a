"""Exercise 03's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

import numpy as np
import pytest

from course_lib.checks import CheckFailed, StepNotFinished
from course_lib.exercises import perceptron as ex

X, Y = ex.weather()
W0, B0, ALPHA = ex.start()


def caught(step, *answer):
    """The message of a failed check (it must fail, start with ❌ and carry a hint)."""
    with pytest.raises(CheckFailed) as failed:
        step.check(*answer)
    message = str(failed.value)
    assert message.startswith("❌") and "💡 Hint:" in message and "More help: ex." in message
    return message


# --- right answers, written in several ways ---------------------------------------------------------

def step_right(z):
    return np.where(z > 0, 1, 0)


def predict_right(X, w, b):
    return step_right(X @ w + b)


def update_right(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


# --- step -------------------------------------------------------------------------------------------

def step_ge(z):
    return (z >= 0).astype(int)


def step_bool(z):
    return z > 0


def step_if(z):
    return 1 if z > 0 else 0


def step_in_place(z):
    z[z > 0] = 1
    z[z <= 0] = 0
    return z


def step_list(z):
    return [1 if v > 0 else 0 for v in z]


# --- predict ----------------------------------------------------------------------------------------

def predict_no_bias(X, w, b):
    return step_right(X @ w)


def predict_elementwise(X, w, b):
    return step_right(X * w + b)


def predict_globals(X, w, b):
    return step_right(X @ W0 + B0)


def predict_z(X, w, b):
    return X @ w + b


def predict_wrong_order(X, w, b):
    return step_right(w @ X + b)


# --- perceptron_update ------------------------------------------------------------------------------

def update_reversed_error(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + lr * (y_hat - y) * x, b + lr * (y_hat - y)


def update_no_bias(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + lr * (y - y_hat) * x, b


def update_bias_times_x(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat) * x


def update_no_lr(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + (y - y_hat) * x, b + (y - y_hat)


def update_in_place(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    w += lr * (y - y_hat) * x
    return w, b + lr * (y - y_hat)


def update_on_a_copy_of_integers(w, b, x, y, lr):
    new_w = w.copy()
    y_hat = 1 if x @ w + b > 0 else 0
    new_w += lr * (y - y_hat) * x
    return new_w, b + lr * (y - y_hat)


def update_ge(w, b, x, y, lr):
    y_hat = 1 if x @ w + b >= 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


def update_with_label(w, b, x, y, lr):
    return w + lr * y * x, b + lr * y


def update_three_values(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat), y_hat


# --- train ------------------------------------------------------------------------------------------

def train_batch(X, Y, w, b, lr, max_epochs=100):
    """Predicts the whole table with the epoch's starting weights, then updates on every row."""
    for epoch in range(1, max_epochs + 1):
        errors = Y - predict_right(X, w, b)
        w, b = w + lr * errors @ X, b + lr * errors.sum()
        if not errors.any():
            return w, b, epoch
    return w, b, max_epochs


def train_from_zero(X, Y, w, b, lr, max_epochs=100):
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            mistakes += int(predict_right(x_i[None], w, b)[0] != y_i)
            w, b = update_right(w, b, x_i, y_i, lr)
        if mistakes == 0:
            return w, b, epoch
    return w, b, max_epochs


def train_global_lr(X, Y, w, b, lr, max_epochs=100):
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            mistakes += int(predict_right(x_i[None], w, b)[0] != y_i)
            w, b = update_right(w, b, x_i, y_i, ALPHA)
        if mistakes == 0:
            return w, b, epoch
    return w, b, max_epochs


def train_counting_after(X, Y, w, b, lr, max_epochs=100):
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            w, b = update_right(w, b, x_i, y_i, lr)
            mistakes += int(predict_right(x_i[None], w, b)[0] != y_i)
        if mistakes == 0:
            return w, b, epoch
    return w, b, max_epochs


def train_one_pass(X, Y, w, b, lr, max_epochs=100):
    for x_i, y_i in zip(X, Y):
        w, b = update_right(w, b, x_i, y_i, lr)
    return w, b, 1


def train_in_place(X, Y, w, b, lr, max_epochs=100):
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            error = y_i - predict_right(x_i[None], w, b)[0]
            mistakes += error != 0
            w += lr * error * x_i
            b += lr * error
        if mistakes == 0:
            return w, b, epoch
    return w, b, max_epochs


def train_not_kept(X, Y, w, b, lr, max_epochs=100):
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            mistakes += int(predict_right(x_i[None], w, b)[0] != y_i)
            update_right(w, b, x_i, y_i, lr)
        if mistakes == 0:
            return w, b, epoch
    return w, b, max_epochs


def train_ignoring_max_epochs(X, Y, w, b, lr, max_epochs=100):
    for epoch in range(1, 101):
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            mistakes += int(predict_right(x_i[None], w, b)[0] != y_i)
            w, b = update_right(w, b, x_i, y_i, lr)
        if mistakes == 0:
            return w, b, epoch
    return w, b, 100


def train_never_stopping(X, Y, w, b, lr, max_epochs=100):
    for _ in range(max_epochs):
        for x_i, y_i in zip(X, Y):
            w, b = update_right(w, b, x_i, y_i, lr)
    return w, b, max_epochs


W_TRAINED, B_TRAINED, _ = ex.trained()


@pytest.mark.parametrize("step, answer, words", [
    # step 1: the first morning
    (ex.first_row, (0.0, 0), "bias b0 is missing"),
    (ex.first_row, (-1.0, 1), "label y (it rained), not the perceptron's answer"),
    (ex.first_row, (-1.0, False), "True/False, but the perceptron answers with the numbers 1 and 0"),
    (ex.first_row, (1.0, 1), "bias was subtracted"),
    (ex.first_row, (-1.0, -1.0), "y_hat1 is z1 itself"),
    # step 2: step
    (ex.step, (step_ge,), "strictly greater than 0 (> rather than ≥)"),
    (ex.step, (step_bool,), "True/False, but the perceptron answers with the numbers 1 and 0"),
    (ex.step, (np.sign,), "sign of z"),
    (ex.step, (lambda z: np.maximum(z, 0),), "ReLU"),
    (ex.step, (lambda z: (z <= 0).astype(int),), "1s and 0s are swapped"),
    (ex.step, (step_if,), "asks one yes/no question"),
    (ex.step, (step_in_place,), "changed its input `z` in place"),
    (ex.step, (step_list,), "Python list, but a NumPy array"),
    # step 3: predict
    (ex.predict, (predict_no_bias,), "bias b is missing"),
    (ex.predict, (predict_elementwise,), "multiplies elementwise"),
    (ex.predict, (predict_globals,), "notebook's w0, b0 instead of the arguments"),
    (ex.predict, (predict_z,), "returned z, not ŷ"),
    (ex.predict, (predict_wrong_order,), "as many columns in A as rows in B"),
    (ex.predict, (lambda X, w, b: step_ge(X @ w + b),), "> rather than ≥"),
    (ex.predict, (lambda X, w, b: X @ w + b > 0,), "True/False"),
    # step 4: the perceptron rule
    (ex.perceptron_update, (update_reversed_error,), "the error is ŷ − y"),
    (ex.perceptron_update, (update_no_bias,), "bias b was not updated"),
    (ex.perceptron_update, (update_bias_times_x,), "bias was moved by α·(y − ŷ)·x"),
    (ex.perceptron_update, (update_no_lr,), "learning rate lr was ignored"),
    (ex.perceptron_update, (update_in_place,), "changed its input `w` in place"),
    (ex.perceptron_update, (update_ge,), "z = 0 counted as rain"),
    (ex.perceptron_update, (update_on_a_copy_of_integers,), "an integer array cannot hold fractions"),
    (ex.perceptron_update, (update_with_label,), "used the label y, not the error"),
    (ex.perceptron_update, (update_three_values,), "has 3 items, but 2 were expected"),
    (ex.perceptron_update, (lambda w, b, x, y, lr: update_right(w, b, x, y, lr)[::-1],), "w and b are swapped"),
    # step 5: training
    (ex.train, (train_batch,), "batch update"),
    (ex.train, (train_from_zero,), "counted from 0"),
    (ex.train, (train_global_lr,), "learning rate lr was ignored"),
    (ex.train, (train_counting_after,), "weights *after* each row's update"),
    (ex.train, (train_one_pass,), "only one pass"),
    (ex.train, (train_in_place,), "in place"),
    (ex.train, (train_not_kept,), "new weights were not kept"),
    (ex.train, (train_ignoring_max_epochs,), "max_epochs was ignored"),
    (ex.train, (train_never_stopping,), "never stopped early"),
    # step 6: the decision line
    (ex.decision_line, (lambda w, b: (w[0] / w[1], b / w[1]),), "signs are flipped"),
    (ex.decision_line, (lambda w, b: (-w[1] / w[0], -b / w[0]),), "divided by w₁"),
    (ex.decision_line, (lambda w, b: (w[0] / w[1], -b / w[1]),), "slope's sign is flipped"),
    (ex.decision_line, (lambda w, b: (-w[0] / w[1], b / w[1]),), "intercept's sign is flipped"),
    (ex.decision_line, (lambda w, b: (-w[0], -b),), "nothing was divided by w₂"),
    (ex.decision_line, (lambda w, b: (-w[1] / w[0], -b / w[1]),), "turned upside down"),
    (ex.decision_line, (lambda w, b: (-b / w[1], -w[0] / w[1]),), "slope and intercept are swapped"),
    (ex.decision_line, (lambda w, b: -w[0] / w[1],), "tuple of 2 items"),
    # steps 7 to 9: the decisions and the forecast
    (ex.rain_side, ("below", "below"), "below the line ŷ = 0, no rain"),
    (ex.rain_side, ("left", "below"), "answer with one of 'above', 'below'"),
    (ex.rain_side, ("above",), "now the second question"),
    (ex.rain_side, ("above", "above"), "rain_side_negated = 'above' is not right"),
    (ex.same_forecasts, ("no",), "they are the same"),
    (ex.forecast, (0,), "starting weights w0, b0"),
    (ex.forecast, (np.array([1]),), "holding one answer"),
    (ex.forecast, (np.True_,), "True/False"),
    (ex.forecast, ("rain",), "a number was expected"),
])
def test_each_mistake_is_named(step, answer, words):
    assert words in caught(step, *answer)


def test_a_right_step_or_predict_written_with_a_loop_is_sent_back():
    message = caught(ex.step, lambda z: np.array([1 if v > 0 else 0 for v in np.ravel(z)]).reshape(np.shape(z)))
    assert "right numbers, but with a loop" in message
    message = caught(ex.predict, lambda X, w, b: np.array([1 if row @ w + b > 0 else 0 for row in X]))
    assert "right numbers, but with a loop" in message


def test_a_mistake_in_the_students_own_weights_shows_in_the_line_check():
    message = caught(ex.decision_line, lambda w, b: (-w[1] / w[0], -b / w[0]), W_TRAINED, B_TRAINED)
    assert "divided by w₁" in message


def test_right_answers_written_differently_pass():
    ex.first_row.check(np.dot(W0, X[0]) + B0, np.int64(0))
    ex.first_row.check(-1, 0.0)
    ex.step.check(step_right)
    ex.step.check(lambda z: np.heaviside(z, 0.0))
    ex.step.check(lambda z: np.sign(z).clip(0).astype(int))
    ex.predict.check(predict_right)
    ex.predict.check(lambda X, w, b: step_right(X[:, 0] * w[0] + X[:, 1] * w[1] + b))
    ex.predict.check(lambda X, w, b: (np.einsum("ij,j->i", X, w) + b > 0).astype(np.int8))
    ex.perceptron_update.check(update_right)

    def update_loop(w, b, x, y, lr):
        y_hat = int(sum(wi * xi for wi, xi in zip(w, x)) + b > 0)
        return np.array([wi + lr * (y - y_hat) * xi for wi, xi in zip(w, x)]), b + lr * (y - y_hat)

    ex.perceptron_update.check(update_loop)

    def train_while(X, Y, w, b, lr, max_epochs=100):
        epoch, mistakes = 0, None
        while mistakes != 0 and epoch < max_epochs:
            epoch, mistakes = epoch + 1, 0
            for i in range(len(Y)):
                mistakes += int(X[i] @ w + b > 0) != Y[i]
                w, b = update_right(w, b, X[i], Y[i], lr)
        return w, b, epoch

    ex.train.check(train_while)
    ex.decision_line.check(lambda w, b: (-w[0] / w[1], -b / w[1]), W_TRAINED, B_TRAINED)
    ex.decision_line.check(lambda w, b: np.array([-w[0], -b]) / w[1])
    for answer, negated in (("above", "below"), ("Above", "Below."), (" ABOVE ", "below")):
        ex.rain_side.check(answer, negated)
    for answer in ("yes", "Yes", True):
        ex.same_forecasts.check(answer)
    ex.forecast.check(1)
    ex.forecast.check(np.int64(1))


def test_the_decisions_are_computed_not_typed():
    w, b, epochs = ex.trained()
    assert ex.rain_is_above() == (w[1] > 0) and ex.rain_is_above(-1.0) == (w[1] < 0)
    runs = ex.zero_start_runs()
    small, large = ex.ZERO_START_RATES
    np.testing.assert_allclose(runs[large][1], runs[small][1] * large / small)
    assert ex.alpha_keeps_forecasts()


@pytest.mark.parametrize("step, answer", [
    (ex.first_row, (None, None)), (ex.first_row, ("z", "y")), (ex.first_row, (np.nan, 0)),
    (ex.first_row, (np.array([-1.0, -1.0]), 0)),
    (ex.step, (None,)), (ex.step, ("step",)), (ex.step, (lambda z: None,)),
    (ex.step, (lambda z: np.full(np.shape(z), np.nan),)),
    (ex.predict, (lambda X, w, b: "rain",)), (ex.predict, (lambda X, w, b: np.zeros((2, 2)),)),
    (ex.perceptron_update, (lambda w, b, x, y, lr: None,)), (ex.perceptron_update, (lambda *a: (np.nan, np.nan),)),
    (ex.train, (lambda *a, **k: (None, None, None),)), (ex.train, (42,)),
    (ex.decision_line, (lambda w, b: (np.nan, 0.0),)), (ex.decision_line, (lambda w, b: "line",)),
    (ex.decision_line, (lambda w, b: (0.0, 0.0), "w", None)),
    (ex.rain_side, (None,)), (ex.rain_side, (np.nan,)), (ex.rain_side, ("above", 3)), (ex.same_forecasts, ([1, 2],)),
    (ex.forecast, (None,)), (ex.forecast, (np.nan,)), (ex.forecast, (np.zeros((2, 2)),)),
])
def test_a_check_never_crashes_on_a_bad_value(step, answer):
    with pytest.raises(CheckFailed) as failed:
        step.check(*answer)
    assert str(failed.value).startswith("❌")


def test_unfinished_steps_say_so():
    def unfinished(*args):
        raise NotImplementedError("step 'train'")

    for step in (ex.step, ex.predict, ex.perceptron_update, ex.train, ex.decision_line):
        with pytest.raises(StepNotFinished, match="not written yet"):
            step.check(unfinished)


def test_a_check_leaves_the_students_data_alone():
    x, y = X.copy(), Y.copy()
    w = W0.copy()
    for step in (ex.train, ex.perceptron_update):
        with pytest.raises(CheckFailed):
            step.check(train_in_place if step is ex.train else update_in_place)
    np.testing.assert_array_equal(X, x)
    np.testing.assert_array_equal(Y, y)
    np.testing.assert_array_equal(W0, w)
    w_own = np.array([0.4, 0.42])
    ex.decision_line.check(lambda w, b: (-w[0] / w[1], -b / w[1]), w_own, -0.4)
    np.testing.assert_array_equal(w_own, [0.4, 0.42])
