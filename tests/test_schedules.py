"""Lesson 06's learning-rate schedules, traces, and momentum's two conventions (Keras's and PyTorch's)."""

import numpy as np
import pytest

from course_lib import schedules
from course_lib.optimizers import SGD, RMSprop


@pytest.fixture(scope="module")
def keras():
    pytest.importorskip("tensorflow")
    import keras

    return keras


def test_exponential_decay_formula():
    schedule = schedules.exponential_decay(0.3, 10, 0.5)
    assert [schedule(t) for t in (0, 10, 20)] == pytest.approx([0.3, 0.15, 0.075])
    assert schedule(5) == pytest.approx(0.3 * 0.5 ** 0.5)


def test_exponential_decay_matches_keras(keras):
    ours = schedules.exponential_decay(0.3, 1, 0.98)
    theirs = keras.optimizers.schedules.ExponentialDecay(0.3, decay_steps=1, decay_rate=0.98)
    np.testing.assert_allclose([ours(t) for t in range(0, 300, 37)],
                               [float(theirs(t)) for t in range(0, 300, 37)], rtol=2e-5)  # Keras: float32


def test_trace_records_weights_gradients_rates_and_the_state():
    result = schedules.trace(RMSprop(learning_rate=0.1), lambda w: 2 * w, [1.0, -2.0], 4,
                              schedule=lambda t: 0.1 / (t + 1), slot="velocity")
    assert result.weights.shape == (5, 2) and result.gradients.shape == (4, 2) and result.slot.shape == (4, 2)
    np.testing.assert_allclose(result.learning_rates, [0.1, 0.05, 0.1 / 3, 0.025])
    np.testing.assert_allclose(result.gradients, 2 * result.weights[:-1])
    np.testing.assert_allclose(result.slot[0], 0.1 * (2 * np.array([1.0, -2.0])) ** 2)
    expected = result.weights[:-1] - result.learning_rates[:, None] * result.gradients / np.sqrt(result.slot + 1e-7)
    np.testing.assert_allclose(result.weights[1:], expected)
    np.testing.assert_allclose(result.steps, np.diff(result.weights, axis=0))
    assert schedules.trace(SGD(0.1), lambda w: w, [1.0], 3).slot is None


def test_gradient_sum_momentum_two_steps_by_hand():
    # m1 = 0.5, w1 = 1 − 0.1·0.5 = 0.95; m2 = 0.9·0.5 + 0.5 = 0.95, w2 = 0.95 − 0.1·0.95 = 0.855
    constant = schedules.trace(schedules.GradientSumMomentum(learning_rate=0.1), lambda w: np.full(1, 0.5), [1.0], 2)
    np.testing.assert_allclose(constant.weights[:, 0], [1.0, 0.95, 0.855])


def test_the_two_momentum_conventions_agree_only_while_the_learning_rate_is_constant():
    same = schedules.momentum_forms(lambda t: 0.1, steps=20)
    np.testing.assert_allclose(same["keras"], same["pytorch"], rtol=1e-12, atol=1e-15)
    drop = schedules.momentum_forms(lambda t: 0.1 if t < 3 else 0.01, steps=6)
    np.testing.assert_allclose(drop["keras"][:3], drop["pytorch"][:3], rtol=1e-12)
    assert np.all(np.abs(drop["keras"][3:] - drop["pytorch"][3:]) > 1e-3)
    # step 4 by hand: Keras keeps the old velocity (taken at lr 0.1); PyTorch scales the whole sum by 0.01
    w, v, m = 1.0, 0.0, 0.0
    for t in range(4):
        lr = 0.1 if t < 3 else 0.01
        v = 0.9 * v - lr * w
        w_keras = w + v
        w = w_keras
    assert drop["keras"][3] == pytest.approx(w_keras)
    w = 1.0
    for t in range(4):
        lr = 0.1 if t < 3 else 0.01
        m = 0.9 * m + w
        w = w - lr * m
    assert drop["pytorch"][3] == pytest.approx(w)
