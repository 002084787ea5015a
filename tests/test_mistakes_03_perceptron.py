"""Exercise 03's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

import numpy as np
import pytest
from mistakes import caught, refused, waits_for

from course_lib.checks import CheckFailed, explain_mismatch
from course_lib.exercises import perceptron as ex

X, Y = ex.weather()
W0, B0, ALPHA = ex.start()
W_END, B_END = ex.end_weights()


def first_row_answers(row=0, weights=lambda w: w, z_of=None, y_hat_of=lambda z: 1 if z > 0 else 0):
    """Step 1's four answers as a student computes them (with a slip, if given)."""
    answers = []
    for w, b in ((W0, B0), (W_END, B_END)):
        z = z_of(X[row], w, b) if z_of else X[row] @ weights(w) + b
        answers += [z, y_hat_of(z)]
    return tuple(answers)


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


def step_less(z):
    return (z < 0).astype(int)


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


def predict_notebook_X(rows, w, b):
    """The argument has another name, and the body uses the notebook's X."""
    return step_right(X @ w + b)


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
    w = w.copy()
    y_hat = 1 if x @ w + b > 0 else 0
    w += lr * (y - y_hat) * x
    return w, b + lr * (y - y_hat)


def update_filling_a_copy(w, b, x, y, lr):
    new_w = w.copy()
    y_hat = 1 if x @ w + b > 0 else 0
    for i in range(len(w)):
        new_w[i] = w[i] + lr * (y - y_hat) * x[i]
    return new_w, b + lr * (y - y_hat)


def update_global_alpha(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + ALPHA * (y - y_hat) * x, b + ALPHA * (y - y_hat)


def update_ge(w, b, x, y, lr):
    y_hat = 1 if x @ w + b >= 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


def update_with_label(w, b, x, y, lr):
    return w + lr * y * x, b + lr * y


def update_w_only(w, b, x, y, lr):
    return w + lr * (y - (1 if x @ w + b > 0 else 0)) * x


def update_predicting_with_w0_b0(w, b, x, y, lr):
    y_hat = predict_right(x[None], W0, B0)[0]
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


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


def train_clean_epoch_not_counted(X, Y, w, b, lr, max_epochs=100):
    """Runs the clean epoch, then returns the number of the epoch before it."""
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            mistakes += int(predict_right(x_i[None], w, b)[0] != y_i)
            w, b = update_right(w, b, x_i, y_i, lr)
        if mistakes == 0:
            return w, b, epoch - 1
    return w, b, max_epochs


def train_from_zero_throughout(X, Y, w, b, lr, max_epochs=100):
    """Numbers the epochs 0, 1, … everywhere, also in a run that finds no clean epoch."""
    epoch = 0
    for epoch in range(max_epochs):  # noqa: B007 (the last epoch is returned)
        mistakes = 0
        for x_i, y_i in zip(X, Y):
            mistakes += int(predict_right(x_i[None], w, b)[0] != y_i)
            w, b = update_right(w, b, x_i, y_i, lr)
        if mistakes == 0:
            break
    return w, b, epoch


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


def train_stop_when_fitted(X, Y, w, b, lr, max_epochs=100):
    """Stops as soon as the weights left by an epoch's updates get every row right."""
    for epoch in range(1, max_epochs + 1):
        for x_i, y_i in zip(X, Y):
            w, b = update_right(w, b, x_i, y_i, lr)
        if np.array_equal(predict_right(X, w, b), Y):
            return w, b, epoch
    return w, b, max_epochs


def train_never_stopping(X, Y, w, b, lr, max_epochs=100):
    for _ in range(max_epochs):
        for x_i, y_i in zip(X, Y):
            w, b = update_right(w, b, x_i, y_i, lr)
    return w, b, max_epochs


W_TRAINED, B_TRAINED, _ = ex.trained()
W1, B1 = update_right(W0, B0, X[0], Y[0], ALPHA)


def line_right(w, b):
    return -w[0] / w[1], -b / w[1]


def line_of_the_trained_globals(weights, bias):
    return line_right(W_TRAINED, B_TRAINED)


def line_of_w1_b1(w, b):
    return line_right(W1, B1)


@pytest.mark.parametrize("step, answer, words", [
    # step 1: the first morning
    (ex.first_row, first_row_answers(z_of=lambda x, w, b: x @ w), "bias is missing"),
    (ex.first_row, first_row_answers(y_hat_of=lambda z: 1), "label y (it rained), not the perceptron's answer"),
    (ex.first_row, first_row_answers()[:3] + (True,), "True/False, but the perceptron answers with the numbers"),
    (ex.first_row, first_row_answers(z_of=lambda x, w, b: x @ w - b), "bias was subtracted"),
    (ex.first_row, first_row_answers(y_hat_of=lambda z: z), "each y_hat is its z itself"),
    (ex.first_row, first_row_answers(row=1), "row 2 (X[1]): morning 1 is the first row"),
    (ex.first_row, first_row_answers(row=4), "row 5 (X[4])"),
    (ex.first_row, first_row_answers(z_of=lambda x, w, b: b), "the weighted inputs w₁x₁ + w₂x₂ are missing"),
    (ex.first_row, first_row_answers(weights=lambda w: w[::-1]), "weights are reversed"),
    (ex.first_row, (-1.0, 0), "takes four answers"),
    # step 2: step
    (ex.step, (step_ge,), "strictly greater than 0 (> rather than ≥)"),
    (ex.step, (step_bool,), "True/False, but the perceptron answers with the numbers 1 and 0"),
    (ex.step, (np.sign,), "sign of z"),
    (ex.step, (lambda z: np.maximum(z, 0),), "ReLU"),
    (ex.step, (lambda z: (z <= 0).astype(int),), "1s and 0s are swapped"),
    (ex.step, (step_less,), "comparison is flipped: `z < 0`"),
    (ex.predict, (lambda X, w, b: step_less(X @ w + b),), "comparison is flipped"),
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
    (ex.predict, (predict_notebook_X,), "ignored its argument and used the notebook's X"),
    # step 4: the perceptron rule
    (ex.perceptron_update, (update_reversed_error,), "the error is ŷ − y"),
    (ex.perceptron_update, (update_no_bias,), "bias b was not updated"),
    (ex.perceptron_update, (update_bias_times_x,), "bias was moved by α·(y − ŷ)·x"),
    (ex.perceptron_update, (update_no_lr,), "learning rate lr was ignored"),
    (ex.perceptron_update, (update_in_place,), "changed its input `w` in place"),
    (ex.perceptron_update, (update_ge,), "z = 0 counted as rain"),
    (ex.perceptron_update, (update_on_a_copy_of_integers,),
     "with integer inputs the array you add into with `+=` is an integer array (a copy of w keeps w's integer dtype)"),
    (ex.perceptron_update, (update_on_a_copy_of_integers,), "make a float copy (np.array(w, dtype=float))"),
    (ex.perceptron_update, (update_filling_a_copy,), "with integer inputs your new w is an integer array"),
    (ex.perceptron_update, (update_filling_a_copy,), "the fractions are cut off"),
    (ex.perceptron_update, (update_filling_a_copy,), "make a float copy (np.array(w, dtype=float))"),
    (ex.perceptron_update, (update_global_alpha,), "notebook's `alpha` instead of the argument `lr`"),
    (ex.perceptron_update, (update_with_label,), "you used the label y in place of the error y − ŷ"),
    (ex.perceptron_update, (update_predicting_with_w0_b0,),
     "you predicted ŷ with the notebook's w0, b0, not the function's arguments w, b"),
    (ex.perceptron_update, (update_w_only,), "returned one array, not the pair (new w, new b): it is new w alone"),
    (ex.perceptron_update, (lambda w, b, x, y, lr: np.append(update_right(w, b, x, y, lr)[0], b),),
     "returned one array, not the pair (new w, new b)"),
    (ex.perceptron_update, (update_three_values,), "has 3 items, but 2 were expected"),
    (ex.perceptron_update, (lambda w, b, x, y, lr: update_right(w, b, x, y, lr)[::-1],), "w and b are swapped"),
    # step 5: training
    (ex.train, (train_batch,), "batch update"),
    (ex.train, (train_from_zero,), "the clean epoch (the pass with no mistakes) was run but not counted, or the "
                                   "epochs were counted from 0"),
    (ex.train, (train_clean_epoch_not_counted,), "the clean epoch (the pass with no mistakes) was run but not counted"),
    (ex.train, (train_from_zero_throughout,), "the epochs are counted from 0 (`range(max_epochs)`"),
    (ex.train, (train_stop_when_fitted,), "before the clean epoch"),
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
    (ex.decision_line, (line_of_the_trained_globals, W_TRAINED, B_TRAINED), "trained weights (step 5) instead of"),
    (ex.decision_line, (line_of_w1_b1,), "`w1`, `b1` (the weights after morning 1"),
    # steps 7 to 9: the decisions and the forecast
    (ex.rain_side, ("below", "below"), "below the line ŷ = 0, no rain"),
    (ex.rain_side, ("left", "below"), "answer with one of 'above', 'below'"),
    (ex.rain_side, ("above",), "now the second question"),
    (ex.rain_side, ("above", "above"), "rain_side_negated = 'above' is not right"),
    (ex.same_forecasts, ("no",), "they are the same"),
    (ex.forecast, (0,), "rain_tomorrow is 0, but 1 was expected"),
    (ex.forecast, (np.array([1]),), "holding one answer"),
    (ex.forecast, (np.True_,), "True/False"),
    (ex.forecast, ("rain",), "a number was expected"),
])
def test_each_mistake_is_named(step, answer, words):
    assert words in caught(step, *answer)


def test_a_right_step_or_predict_written_with_a_loop_is_sent_back_before_any_tick(capsys):
    message = caught(ex.step, lambda z: np.array([1 if v > 0 else 0 for v in np.ravel(z)]).reshape(np.shape(z)))
    assert "right numbers, but with a loop" in message
    message = caught(ex.predict, lambda X, w, b: np.array([1 if row @ w + b > 0 else 0 for row in X]))
    assert "right numbers, but with a loop" in message
    assert "✅" not in capsys.readouterr().out


def test_a_flipped_comparison_is_not_called_a_wrong_order():
    assert "wrong order" not in caught(ex.step, step_less)


def test_the_integer_note_is_true_for_each_way_of_copying_w(capsys):
    adding = caught(ex.perceptron_update, update_on_a_copy_of_integers)
    filling = caught(ex.perceptron_update, update_filling_a_copy)
    assert "caller" not in adding and "cut off" not in adding  # `+=` into a copy: it stops, w is untouched
    assert "`+=`" not in filling and "[0, 0]" in filling       # assigning into a copy: the fractions go
    assert "✅" not in capsys.readouterr().out                  # the float cases pass, but say nothing yet


def test_stopping_before_the_clean_epoch_and_counting_from_0_are_told_apart():
    early, from_zero = caught(ex.train, train_stop_when_fitted), caught(ex.train, train_from_zero)
    assert "counted from 0" not in early and "before the clean epoch" not in from_zero
    not_counted = caught(ex.train, train_clean_epoch_not_counted)
    throughout = caught(ex.train, train_from_zero_throughout)
    assert "before the clean epoch" not in not_counted and "run but not counted" not in throughout


def test_a_stale_w0_b0_in_the_rule_and_the_label_for_the_error_cannot_be_told_apart_so_both_are_named():
    """w0, b0 forecast 0 for every x, so y − ŷ is y: the same numbers on any case, one message naming both."""
    assert not np.any(predict_right(np.vstack([X, -X, 10 * X]), W0, B0))
    for case in ex._update_cases():
        np.testing.assert_allclose(np.hstack(update_predicting_with_w0_b0(*case)), np.hstack(update_with_label(*case)))
    assert caught(ex.perceptron_update, update_with_label) == caught(ex.perceptron_update, update_predicting_with_w0_b0
                                                                      ).replace("update_predicting_with_w0_b0",
                                                                                "update_with_label")


def test_predicting_with_the_notebook_X_fails_on_its_first_case_of_another_length():
    rows = ex._predict_cases()[0][0]
    assert len(rows) != len(X)
    assert "has shape (7,), but shape (1,) was expected" in caught(ex.predict, predict_notebook_X)


def test_a_wrong_forecast_is_not_blamed_on_the_starting_weights():
    assert "w0" not in caught(ex.forecast, 0)


def test_the_x_part_of_step_1_matters():
    z_without_x = first_row_answers(z_of=lambda x, w, b: b)
    assert z_without_x[:2] == first_row_answers()[:2]  # with w0 = (0, 0) the slip is invisible
    caught(ex.first_row, *z_without_x)                  # with the trained weights it is caught


def test_the_answer_of_step_8_is_in_its_tick_not_on_the_page(capsys):
    from pathlib import Path

    ex.same_forecasts.check("yes")
    out = capsys.readouterr().out
    assert "From the lesson's start b₀" in out and ex.lesson_start_note() in out
    text = (Path(__file__).parents[1] / "solutions" / "03_perceptron.py").read_text()
    after_question = text.split("ex.same_forecasts.check(", 1)[1]
    assert "differ only in the size" not in after_question


@pytest.mark.parametrize("lines, epochs, words", [
    (((-0.95, 0.95), (-1.1, 1.0)), (3, 3), "does change the run there: both take 3 epochs, but they end on different "
                                           "lines (slope, intercept [-0.95, 0.95] for α = 0.1, [-1.1, 1.0] for α = 1)"),
    (((-1.1, 1.0), (-1.1, 1.0)), (3, 5), "does change the run there: α = 0.1 takes 3 epochs, α = 1 takes 5, but they "
                                         "end on the same line (slope, intercept [-1.1, 1.0])"),
    (((-0.95, 0.95), (-1.1, 1.0)), (3, 5), "α = 0.1 takes 3 epochs, α = 1 takes 5, and they end on different lines"),
    (((-1.1, 1.0), (-1.1, 1.0)), (4, 4), "can change the run there, but here it does not: both take 4 epochs and end "
                                         "on the same line"),
])
def test_the_step_8_note_says_what_alpha_changes_and_what_not(lines, epochs, words):
    runs = {lr: (line, n) for lr, line, n in zip(ex.ZERO_START_RATES, lines, epochs)}
    assert words in ex.alpha_at_start_sentence(-1.0, runs)


def test_the_step_8_note_on_the_lesson_start_is_computed():
    w0, b0, _ = ex.start()
    runs = {lr: ex.trained(w=w0, b=b0, learning_rate=lr) for lr in ex.ZERO_START_RATES}
    note = ex.lesson_start_note()
    (_, _, n_small), (_, _, n_large) = runs.values()
    assert (f"both take {n_small} epochs" in note) == (n_small == n_large)
    assert "takes 3 ([" not in note


def test_a_mistake_in_the_students_own_weights_shows_in_the_line_check():
    message = caught(ex.decision_line, lambda w, b: (-w[1] / w[0], -b / w[0]), W_TRAINED, B_TRAINED)
    assert "divided by w₁" in message


def test_right_answers_written_differently_pass():
    ex.first_row.check(np.dot(W0, X[0]) + B0, np.int64(0), np.dot(W_END, X[0]) + B_END, np.int64(1))
    ex.first_row.check(*first_row_answers(z_of=lambda x, w, b: w[0] * x[0] + w[1] * x[1] + b))
    ex.first_row.check(-1, 0.0, float(X[0] @ W_END + B_END), 1.0)
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

    def update_float_copy(w, b, x, y, lr):
        new_w = np.array(w, dtype=float)
        y_hat = 1 if x @ w + b > 0 else 0
        new_w += lr * (y - y_hat) * x
        return new_w, b + lr * (y - y_hat)

    ex.perceptron_update.check(update_float_copy)
    ex.perceptron_update.check(lambda w, b, x, y, lr: update_right(w.astype(float), float(b), x, y, lr))

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
    (ex.first_row, (None, None)), (ex.first_row, ("z", "y", "z", "y")), (ex.first_row, (np.nan, 0, np.nan, 0)),
    (ex.first_row, (np.array([-1.0, -1.0]), 0, 0.17, 1)), (ex.first_row, (-1.0, 0, [0.17], 1)),
    (ex.perceptron_update, (lambda w, b, x, y, lr: (np.zeros_like(w), b),)),
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
    refused(step, *answer)


def test_unfinished_steps_say_so():
    waits_for(ex.step, ex.predict, ex.perceptron_update, ex.train, ex.decision_line)


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


# --- the order of the sum: z = 0 in exact arithmetic can round either way -------------------------

STUDENT_SUMS = {
    "b first": lambda x, w, b: b + w[0] * x[..., 0] + w[1] * x[..., 1],
    "x @ w + b": lambda x, w, b: x @ w + b,
    "np.dot(x, w) + b": lambda x, w, b: np.dot(x, w) + b,
    "sum of w*x, then + b": lambda x, w, b: np.sum(w * x, axis=-1) + b,
    "w[0]*x[0] + w[1]*x[1] + b": lambda x, w, b: w[0] * x[..., 0] + w[1] * x[..., 1] + b,
    "b + x @ w": lambda x, w, b: b + x @ w,
    **{f"the checks' own order: {order}": z_of for order, z_of in ex.SUM_ORDERS.items()},
}


def right_answers_summing_with(z_of):
    """A student's right step 1, predict, update and train, every z summed with ``z_of``."""
    def predict(X, w, b):
        return step_right(z_of(X, w, b))

    def update(w, b, x, y, lr):
        error = y - (1 if z_of(x, w, b) > 0 else 0)
        return w + lr * error * x, b + lr * error

    def train(X, Y, w, b, lr, max_epochs=100):
        for epoch in range(1, max_epochs + 1):
            mistakes = 0
            for x_i, y_i in zip(X, Y):
                mistakes += int(predict(x_i[None], w, b)[0] != y_i)
                w, b = update(w, b, x_i, y_i, lr)
            if mistakes == 0:
                return w, b, epoch
        return w, b, max_epochs

    return first_row_answers(z_of=z_of), predict, update, train


@pytest.mark.parametrize("order", STUDENT_SUMS)
def test_right_answers_pass_every_step_whatever_the_order_of_the_sum(order, capsys):
    first_row, predict, update, train = right_answers_summing_with(STUDENT_SUMS[order])
    ex.first_row.check(*first_row)
    ex.predict.check(predict)
    ex.perceptron_update.check(update)
    ex.train.check(train)
    w, b, _ = train(X, Y, W0.copy(), B0, ALPHA)
    ex.decision_line.check(line_right, w, b)
    ex.forecast.check(int(predict(ex.tomorrow(), w, b)[0]))
    assert "❌" not in capsys.readouterr().out


def test_the_update_check_has_a_morning_exactly_on_the_line_and_says_so(capsys):
    w, b = ex.on_the_line()
    ŷ = {order: y_hat for order, (_, y_hat) in ex.y_hat_in_each_order(X[0], w, b).items()}
    assert ŷ["exact arithmetic"] == 0 and set(ŷ.values()) == {0, 1}  # z = 0, yet some orders round it above 0
    with ex.summed_as("b first, then each wᵢxᵢ (the lesson's weighted_sum)"):
        lesson_order = ex.update_reference(w, b, X[0], Y[0], ALPHA)
    for order, z_of in STUDENT_SUMS.items():
        _, _, update, _ = right_answers_summing_with(z_of)
        ex.perceptron_update.check(update)
        out = capsys.readouterr().out
        differs = bool(explain_mismatch(update(w.copy(), b, X[0], Y[0], ALPHA), lesson_order))
        assert ("z is 0 in exact arithmetic" in out) == differs, order
        assert len(out) < 400, order  # a short note, and only when the rounding mattered


def test_the_rounding_note_is_shown_only_when_it_mattered(capsys):
    w, b = ex.on_the_line()
    ŷ = {name: 1 if z_of(X[0], w, b) > 0 else 0 for name, z_of in STUDENT_SUMS.items()}
    assert set(ŷ.values()) == {0, 1}  # both kinds of student sum are in the list above
    ex.perceptron_update.check(right_answers_summing_with(STUDENT_SUMS["b first"])[2])
    assert "Note:" not in capsys.readouterr().out


def test_only_that_case_depends_on_the_order_of_the_sum():
    """Every other reference (all steps, the decisions, the forecast) is the same in every order."""
    from course_lib import checks, perceptron as pc

    def each_order(f, *args):
        results = []
        for order in ex.SUM_ORDERS:
            with ex.summed_as(order):
                results.append(f(*args))
        return [checks.explain_mismatch(r, results[0]) for r in results]

    groups = [(ex.update_reference, ex._update_cases()[:-1]),
              (pc.predict, ex._predict_cases()), (ex.trained, ex._train_cases())]
    for f, cases in groups:
        for case in cases:
            assert not any(each_order(f, *case)), (f, case)
    for f in (ex._first_row_answers, ex.forecast_reference, ex.alpha_keeps_forecasts, ex.lesson_start_note,
              ex.rain_is_above, ex.end_weights):
        assert not any(each_order(f)), f
    assert any(each_order(ex.update_reference, *ex._update_cases()[-1]))  # the morning on the line


def test_a_mistake_is_named_whatever_the_order_of_the_students_sum():
    for z_of in STUDENT_SUMS.values():
        _, predict, update, _ = right_answers_summing_with(z_of)

        def counting_after(X, Y, w, b, lr, max_epochs=100):
            for epoch in range(1, max_epochs + 1):
                mistakes = 0
                for x_i, y_i in zip(X, Y):
                    w, b = update(w, b, x_i, y_i, lr)  # noqa: B023 (called inside the loop)
                    mistakes += int(predict(x_i[None], w, b)[0] != y_i)  # noqa: B023
                if mistakes == 0:
                    return w, b, epoch
            return w, b, max_epochs

        def update_ge(w, b, x, y, lr):
            error = y - (1 if z_of(x, w, b) >= 0 else 0)  # noqa: B023 (called inside the loop)
            return w + lr * error * x, b + lr * error

        assert "weights *after* each row's update" in caught(ex.train, counting_after)
        assert "z = 0 counted as rain" in caught(ex.perceptron_update, update_ge)


def test_the_lesson_functions_sum_in_the_lesson_order_after_a_check():
    from course_lib import perceptron as pc

    lesson_sum = pc.weighted_sum
    caught(ex.train, train_counting_after)
    ex.train.check(right_answers_summing_with(STUDENT_SUMS["x @ w + b"])[3])
    assert pc.weighted_sum is lesson_sum
