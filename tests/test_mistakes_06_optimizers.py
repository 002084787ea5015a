"""Exercise 06's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

from functools import partial
from pathlib import Path

import numpy as np
import pytest
from mistakes import caught

from course_lib import optimizer_race
from course_lib.checks import StepNotFinished
from course_lib.exercises import optimizers as ex

SOLUTION = Path(__file__).resolve().parents[1] / "solutions" / "06_optimizers.py"


# --- wrong answers as students write them ---------------------------------------------------------

def momentum_in_place(w, v, g, learning_rate=0.01, momentum=0.9):
    v *= momentum
    v -= learning_rate * g
    w += v
    return w, v


def momentum_plus_gradient(w, v, g, learning_rate=0.01, momentum=0.9):
    v = momentum * v + learning_rate * g
    return w + v, v


def momentum_minus_velocity(w, v, g, learning_rate=0.01, momentum=0.9):
    v = momentum * v - learning_rate * g
    return w - v, v


def momentum_old_velocity(w, v, g, learning_rate=0.01, momentum=0.9):
    w = w + v
    v = momentum * v - learning_rate * g
    return w, v


def momentum_hard_coded(w, v, g, learning_rate=0.01, momentum=0.9):
    v = 0.9 * v - 0.01 * g
    return w + v, v


VELOCITY = {}


def momentum_with_a_global(w, v, g, learning_rate=0.01, momentum=0.9):
    """Keeps 'its' velocity in a global, keyed by shape: two weight arrays share it."""
    key = np.shape(w)
    previous = VELOCITY.get(key, v)
    VELOCITY[key] = momentum * previous - learning_rate * g
    return w + VELOCITY[key], VELOCITY[key]


def momentum_into_zeros_like(w, v, g, learning_rate=0.01, momentum=0.9):
    new_w = np.zeros_like(w)  # an integer w gives an integer array: the fractions are cut off
    v = momentum * v - learning_rate * g
    new_w[...] = w + v
    return new_w, v


def adam_into_zeros_like(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    new_w = np.zeros_like(w)
    new_w[...], m, v = ex.adam_reference(w, m, v, g, t, learning_rate, beta_1, beta_2, epsilon)
    return new_w, m, v


def rmsprop_not_squared(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = rho * s + (1 - rho) * g
    return w - learning_rate * g / np.sqrt(s + epsilon), s


def rmsprop_epsilon_outside(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = rho * s + (1 - rho) * g ** 2
    return w - learning_rate * g / (np.sqrt(s) + epsilon), s


def rmsprop_adagrad(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = s + g ** 2
    return w - learning_rate * g / np.sqrt(s + epsilon), s


def rmsprop_as_printed(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = s + (1 - rho) * g ** 2
    return w - learning_rate * g / np.sqrt(s + epsilon), s


def rmsprop_old_s(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    new_w = w - learning_rate * g / np.sqrt(s + epsilon)
    return new_w, rho * s + (1 - rho) * g ** 2


def rmsprop_in_place(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s *= rho
    s += (1 - rho) * g ** 2
    return w - learning_rate * g / np.sqrt(s + epsilon), s


def rmsprop_step_added(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = rho * s + (1 - rho) * g ** 2
    return w + learning_rate * g / np.sqrt(s + epsilon), s


def rmsprop_returns_s_first(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = rho * s + (1 - rho) * g ** 2
    return s, w - learning_rate * g / np.sqrt(s + epsilon)


def rmsprop_epsilon_written_in(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = rho * s + (1 - rho) * g ** 2
    return w - learning_rate * g / np.sqrt(s + 1e-7), s


def rmsprop_without_epsilon(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = rho * s + (1 - rho) * g ** 2
    return w - learning_rate * g / np.sqrt(s), s


def rmsprop_rho_written_in(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = 0.9 * s + 0.1 * g ** 2
    return w - learning_rate * g / np.sqrt(s + epsilon), s


def adam_step_added(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)
    return w + learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_beta_times_t(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m_hat, v_hat = m / (1 - beta_1 * t), v / (1 - beta_2 * t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_beta_1_times_t(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m_hat, v_hat = m / (1 - beta_1 * t), v / (1 - beta_2 ** t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_betas_written_in(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = 0.9 * m + 0.1 * g
    v = 0.999 * v + 0.001 * g ** 2
    m_hat, v_hat = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_corrections_swapped(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m_hat, v_hat = m / (1 - beta_2 ** t), v / (1 - beta_1 ** t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_without_correction(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def adam_t_from_zero(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m_hat, v_hat = m / (1 - beta_1 ** (t - 1)), v / (1 - beta_2 ** (t - 1))
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_epsilon_inside(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)
    return w - learning_rate * m_hat / np.sqrt(v_hat + epsilon), m, v


def adam_not_squared(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g
    m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_returns_corrected(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m, v = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)
    return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def adam_ignores_t(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Counts the steps itself: a counter that never matches the t it is given."""
    adam_ignores_t.calls = getattr(adam_ignores_t, "calls", 0) + 1
    return ex.adam_reference(w, m, v, g, adam_ignores_t.calls, learning_rate, beta_1, beta_2, epsilon)


def adam_path_t_from_zero(surface, steps, learning_rate=0.1, epsilon=0.0):
    w, m, v = np.array(surface.start, dtype=float), np.zeros(2), np.zeros(2)
    points = [w]
    for t in range(steps):
        w, m, v = ex.adam_reference(w, m, v, np.array(surface.grad(*w)), t, learning_rate, epsilon=epsilon)
        points.append(w)
    return np.array(points)


def adam_path_fresh_state(surface, steps, learning_rate=0.1, epsilon=0.0):
    w = np.array(surface.start, dtype=float)
    points = [w]
    for t in range(1, steps + 1):
        w, _, _ = ex.adam_reference(w, np.zeros(2), np.zeros(2), np.array(surface.grad(*w)), t,
                                    learning_rate, epsilon=epsilon)
        points.append(w)
    return np.array(points)


def adam_path_without_start(surface, steps, learning_rate=0.1, epsilon=0.0):
    return ex.adam_path_reference(surface, steps, learning_rate, epsilon)[1:]


def adam_path_stale_gradient(surface, steps, learning_rate=0.1, epsilon=0.0):
    w, m, v = np.array(surface.start, dtype=float), np.zeros(2), np.zeros(2)
    g = np.array(surface.grad(*w))
    points = [w]
    for t in range(1, steps + 1):
        w, m, v = ex.adam_reference(w, m, v, g, t, learning_rate, epsilon=epsilon)
        points.append(w)
    return np.array(points)


VALLEY = ex.valley()


def adam_path_on_the_global_surface(surface, steps, learning_rate=0.1, epsilon=0.0):
    w, m, v = np.array(VALLEY.start, dtype=float), np.zeros(2), np.zeros(2)
    points = [w]
    for t in range(1, steps + 1):
        w, m, v = ex.adam_reference(w, m, v, np.array(VALLEY.grad(*w)), t, learning_rate, epsilon=epsilon)
        points.append(w)
    return np.array(points)


def adam_path_as_list(surface, steps, learning_rate=0.1, epsilon=0.0):
    return [tuple(point) for point in ex.adam_path_reference(surface, steps, learning_rate, epsilon)]


V1, W1, V2, W2 = ex.by_hand_reference()


@pytest.mark.parametrize("step, answer, words", [
    (ex.momentum_by_hand, (0.05, 1.05, 0.075, 1.125), "sign of the gradient term is flipped"),
    (ex.momentum_by_hand, (V1, W1, -0.03, W1 - 0.03), "velocity must be carried"),
    (ex.momentum_by_hand, (V1, 1.0, V2, 1.0 + V1), "moved with the old velocity"),
    (ex.momentum_by_hand, (V1, 1.05, V2, 1.05 - V2), "w moved by −v"),
    (ex.momentum_by_hand, (V1, W1, V2, 1.0 + V2), "started from w = 1 again"),
    (ex.momentum_by_hand, (-0.5, 0.5, -0.75, -0.25), "without the learning rate"),
    (ex.momentum_by_hand, (V1, W1, V2, "0.875"), "w2 is a str"),
    (ex.momentum_by_hand, (V1, W1, V2, None), "w2 returned None"),
    (ex.momentum_by_hand, (V1, W1, V2, np.nan), "w2 is NaN"),
    (ex.momentum_step, (momentum_in_place,), "changed its input `w` in place"),
    (ex.momentum_step, (momentum_plus_gradient,), "climbs up the loss"),
    (ex.momentum_step, (momentum_minus_velocity,), "w moved by −v"),
    (ex.momentum_step, (momentum_old_velocity,), "moved with the old velocity"),
    (ex.momentum_step, (momentum_hard_coded,), "not the arguments the check passed"),
    (ex.momentum_step, (lambda w, v, g, learning_rate=0.01, momentum=0.9: (v, w),), "the new w"),
    (ex.momentum_step, (lambda w, v, g, learning_rate=0.01, momentum=0.9: ex.momentum_reference(w, v, g, learning_rate,
                                                                                             momentum)[::-1],),
     "came back in the wrong order"),
    (ex.momentum_step, (lambda w, v, g, learning_rate=0.01, momentum=0.9: w - learning_rate * g,),
     "but a tuple of 2 items was expected"),
    (ex.momentum_step, (momentum_into_zeros_like,), "fractions were cut off"),
    (ex.adam_step, (adam_into_zeros_like,), "kept the integer dtype of an integer w"),
    (ex.momentum_step, ("momentum_step",), "expected a function to check"),
    (ex.rmsprop_step, (rmsprop_not_squared,), "instead of g²"),
    (ex.rmsprop_step, (rmsprop_epsilon_outside,), "ε is outside the square root"),
    (ex.rmsprop_step, (rmsprop_adagrad,), "AdaGrad's rule"),
    (ex.rmsprop_step, (rmsprop_as_printed,), "the slide's misprint"),
    (ex.rmsprop_step, (rmsprop_old_s,), "divides by the old s"),
    (ex.rmsprop_step, (rmsprop_in_place,), "changed its input `s` in place"),
    (ex.rmsprop_step, (lambda w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7: (w, s, g),), "has 3 items"),
    (ex.rmsprop_step, (rmsprop_step_added,), "climbs up the loss"),
    (ex.rmsprop_step, (rmsprop_returns_s_first,), "(s, w) came back in the wrong order"),
    (ex.rmsprop_step, (rmsprop_epsilon_written_in,), "ε was written in as 1e-7"),
    (ex.rmsprop_step, (rmsprop_without_epsilon,), "ε is missing"),
    (ex.rmsprop_step, (rmsprop_rho_written_in,), "ρ was written in as 0.9"),
    (ex.adam_step, (adam_step_added,), "climbs up the loss"),
    (ex.adam_step, (adam_beta_times_t,), "1 − β₂·t is negative"),
    (ex.adam_step, (adam_beta_1_times_t,), "m̂ divides by 1 − β₁·t"),
    (ex.adam_step, (adam_betas_written_in,), "written in as 0.9 and 0.999"),
    (ex.adam_step, (adam_corrections_swapped,), "the bias corrections are swapped"),
    (ex.adam_path, (adam_path_on_the_global_surface,), "a global surface, not the argument"),
    (ex.adam_step, (adam_without_correction,), "no bias correction"),
    (ex.adam_step, (adam_t_from_zero,), "t counted from 0"),
    (ex.adam_step, (adam_epsilon_inside,), "ε is inside the square root"),
    (ex.adam_step, (adam_not_squared,), "instead of g²"),
    (ex.adam_step, (adam_returns_corrected,), "keep the uncorrected averages"),
    (ex.adam_step, (adam_ignores_t,), "the new w"),
    (ex.adam_path, (adam_path_t_from_zero,), "t started at 0"),
    (ex.adam_path, (adam_path_fresh_state,), "reset to zeros at every step"),
    (ex.adam_path, (adam_path_without_start,), "does not start with surface.start"),
    (ex.adam_path, (adam_path_stale_gradient,), "taken at the start at every step"),
    (ex.adam_path, (adam_path_as_list,), "Python list, but a NumPy array"),
    (ex.valley_winner, ("SGD",), "SGD crawls along it"),
    (ex.valley_winner, ("about the same",), "far apart"),
    (ex.valley_winner, ("Adam",), "answer with one of 'SGD', 'RMSProp', 'about the same'"),
    (ex.adam_first_step, ("yes",), "The gradient's size cancels out"),
    (ex.adam_first_step, (None,), "answer with one of 'yes', 'no'"),
])
def test_each_mistake_is_named(step, answer, words):
    VELOCITY.clear()
    assert words in caught(step, *answer)


@pytest.mark.parametrize("step, builder, catalogue", [
    (ex.momentum_step, ex._momentum_with, ex.MOMENTUM_MISTAKES),
    (ex.rmsprop_step, ex._rmsprop_with, ex.RMSPROP_MISTAKES),
    (ex.adam_step, ex._adam_with, ex.ADAM_MISTAKES),
], ids=["momentum", "rmsprop", "adam"])
def test_every_catalogued_slip_is_named_by_its_own_words(step, builder, catalogue):
    for words, slip in catalogue.items():
        assert words in caught(step, partial(builder, slip=slip)), slip


def test_every_catalogued_path_slip_is_named():
    for words, wrong in ex.ADAM_PATH_MISTAKES.items():
        assert words in caught(ex.adam_path, wrong)


def test_a_state_kept_between_calls_is_caught():
    VELOCITY.clear()

    def single_steps_right_but_global(w, v, g, learning_rate=0.01, momentum=0.9):
        """Right on any single call; from the second call on it reuses the last velocity it returned."""
        previous = VELOCITY.get("v", v) if VELOCITY.get("calls", 0) >= len(ex._momentum_cases()) else v
        VELOCITY["calls"] = VELOCITY.get("calls", 0) + 1
        VELOCITY["v"] = momentum * np.asarray(previous, float) - learning_rate * np.asarray(g, float)
        return w + VELOCITY["v"], VELOCITY["v"]

    message = caught(ex.momentum_step, single_steps_right_but_global)
    assert "keeps a state of its own between calls" in message and "two weight arrays" in message


def test_an_unknown_mistake_still_says_where():
    def adam_off_at_t_7(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        new_w, m, v = ex.adam_reference(w, m, v, g, t, learning_rate, beta_1, beta_2, epsilon)
        return (new_w * 1.001 if t == 7 else new_w), m, v

    message = caught(ex.adam_step, adam_off_at_t_7)
    assert "t=7" in message and "the new w differs" in message and "🔎" not in message


def test_unfinished_none_and_broken_functions_get_a_short_note():
    def momentum_step(w, v, g, learning_rate=0.01, momentum=0.9):
        raise NotImplementedError("step 'momentum_step'")

    def forgot_return(w, v, g, learning_rate=0.01, momentum=0.9):
        v = momentum * v - learning_rate * g

    def broken(w, v, g, learning_rate=0.01, momentum=0.9):
        return w + undefined_name  # noqa: F821

    with pytest.raises(StepNotFinished, match="^⏳ momentum_step is not written yet"):
        ex.momentum_step.check(momentum_step)
    assert "returned None: did you forget the `return`" in caught(ex.momentum_step, forgot_return)
    assert "stopped with NameError" in caught(ex.momentum_step, broken)


def test_bad_values_never_crash_a_check():
    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no")

    for bad in (None, "0.95", np.nan, np.array([1.0, 2.0]), Weird(), [V1, W1]):
        caught(ex.momentum_by_hand, bad, W1, V2, W2)
    for step in (ex.momentum_step, ex.rmsprop_step, ex.adam_step, ex.adam_path):
        caught(step, None)
        caught(step, lambda *args, **kwargs: np.full((7, 7), np.nan))
        caught(step, lambda *args, **kwargs: "done")
    for step in (ex.valley_winner, ex.adam_first_step):
        caught(step, Weird())
        caught(step, 3.5)


# --- right answers written differently -----------------------------------------------------------

def momentum_on_copies(w, v, g, learning_rate=0.01, momentum=0.9):
    w, v = np.array(w, dtype=float), np.array(v, dtype=float)  # copies, then in place on them
    v *= momentum
    v -= learning_rate * np.asarray(g)
    w += v
    return (float(w), float(v)) if w.ndim == 0 else (w, v)


def momentum_entry_by_entry(w, v, g, learning_rate=0.01, momentum=0.9):
    if np.ndim(w) == 0:
        new_v = momentum * v - learning_rate * g
        return w + new_v, new_v
    new_v = np.array([momentum * a - learning_rate * b for a, b in zip(np.ravel(v), np.ravel(g))]).reshape(np.shape(v))
    return np.asarray(w) + new_v, new_v


def rmsprop_with_numpy_functions(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = np.add(np.multiply(rho, s), np.multiply(1 - rho, np.square(g)))
    return np.subtract(w, learning_rate * np.divide(g, np.sqrt(np.add(s, epsilon)))), s


def rmsprop_as_an_update_of_the_difference(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    s = s + (1 - rho) * (g * g - s)  # Keras's own way of writing the same average
    return w - learning_rate * g * (s + epsilon) ** -0.5, s


def adam_written_differently(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = m + (1 - beta_1) * (g - m)
    v = v + (1 - beta_2) * (np.power(g, 2) - v)
    step = learning_rate * (m / (1 - pow(beta_1, t))) / ((v / (1 - pow(beta_2, t))) ** 0.5 + epsilon)
    return w - step, m, v


def adam_path_preallocated(surface, steps, learning_rate=0.1, epsilon=0.0):
    path = np.zeros((steps + 1, 2))
    path[0] = surface.start
    state = (np.zeros(2), np.zeros(2))
    t = 0
    while t < steps:
        t += 1
        x, y = path[t - 1]
        path[t], *state = adam_written_differently(path[t - 1], *state, np.array(surface.grad(x, y)), t,
                                                   learning_rate=learning_rate, epsilon=epsilon)
    return path


def test_right_answers_written_differently_pass(capsys):
    ex.momentum_by_hand.check(np.float64(V1), np.float32(W1), V2, W2)
    ex.momentum_by_hand.check(-0.05, 0.95, -0.075, 0.875)
    ex.momentum_step.check(momentum_on_copies)
    ex.momentum_step.check(momentum_entry_by_entry)
    ex.rmsprop_step.check(rmsprop_with_numpy_functions)
    ex.rmsprop_step.check(rmsprop_as_an_update_of_the_difference)
    ex.adam_step.check(adam_written_differently)
    ex.adam_path.check(adam_path_preallocated)
    for answer in ("RMSProp", "rmsprop", " RMSPROP ", "RMSprop"):
        ex.valley_winner.check(answer)
    for answer in ("no", "No", " NO ", False):
        ex.adam_first_step.check(answer)
    assert capsys.readouterr().out.count("✅") == 16


def test_the_references_pass_their_own_checks(capsys):
    ex.momentum_step.check(ex.momentum_reference)
    ex.rmsprop_step.check(ex.rmsprop_reference)
    ex.adam_step.check(ex.adam_reference)
    ex.adam_path.check(ex.adam_path_reference)
    assert capsys.readouterr().out.count("✅") == 4


def test_the_valley_check_quotes_the_numbers_of_the_race(capsys):
    """Step 4's check and the final race must show the same runs, each with its learning rate named."""
    rates = ex.race_learning_rates()
    assert rates == {"SGD": VALLEY.sgd_lr, "RMSProp": VALLEY.adaptive_lr}
    race = optimizer_race.run_race("valley", ex.RACE_STEPS)
    ex.valley_winner.check("RMSProp")
    said = capsys.readouterr().out
    for name in ("SGD", "RMSProp"):
        assert f"{name} (learning rate {rates[name]:g})" in said
        assert f"{race[name].loss[-1]:.2e}" in said


def test_the_closing_text_claims_only_what_an_output_shows():
    source = SOLUTION.read_text()
    done = source[source.index("# ## Done"):]
    assert "wins" not in done and "the race printed the order" in done
    assert "lowest loss: {min(final, key=final.get)}" in source
    assert "RACE_LR" not in source and "race_learning_rates()" in source


def test_the_predictions_are_judged_by_what_the_optimizers_do():
    losses = ex.race_losses()
    assert losses["RMSProp"] < 0.1 * losses["SGD"]
    sizes = ex.first_adam_steps()
    assert max(sizes.values()) / min(sizes.values()) < 1.01
    assert all(abs(size - ex.FIRST_LR) < 1e-3 * ex.FIRST_LR for size in sizes.values())


def test_a_check_leaves_the_students_data_alone():
    w, v, g = np.array([1.0, 2.0]), np.array([0.1, -0.1]), np.array([0.5, 0.5])
    before = [a.copy() for a in (w, v, g)]
    ex.momentum_step.check(momentum_on_copies)
    for after, saved in zip((w, v, g), before):
        np.testing.assert_array_equal(after, saved)
